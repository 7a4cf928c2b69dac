"""A custom resource that starts a job on Create and Update and leaves it alone on Delete.

The job runs on after the stack is deployed (it may take hours or days), so the resource reports success
once the service accepted the job; its physical id is the job name. Every path answers CloudFormation,
failures included, so a stack never waits an hour for a Lambda that already gave up.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from . import cfn_response

Start = Callable[[Mapping[str, Any]], tuple[str, dict[str, str]]]
"""Starts the job from the resource's properties: (job name, attributes for Fn::GetAtt)."""
Explain = Callable[[Exception], str]
"""The reason CloudFormation shows for a failure to start the job."""

logger = logging.getLogger(__name__)


class InvalidProperties(ValueError):
    """The custom resource was given properties the job cannot start with."""


def sagemaker_failure_reason(job: str) -> Explain:
    """The reasons of a Lambda that only calls SageMaker; `job` names the job in them ("transform job")."""

    def reason(error: Exception) -> str:
        if isinstance(error, InvalidProperties):
            return f"Invalid properties: {error}"
        if isinstance(error, ClientError):
            details = error.response.get("Error", {})
            return f"SageMaker refused the {job}: {details.get('Code', 'Unknown')}: {details.get('Message', '')}"
        if isinstance(error, BotoCoreError):
            return f"SageMaker could not be reached: {error}"
        return f"The {job} could not be started; see the function's logs."

    return reason


def handle(
    event: Mapping[str, Any], start: Start, failure_reason: Explain, invalid: type[Exception] = InvalidProperties
) -> None:
    """`invalid` is the error an unsupported request type is reported as, so it reads like bad properties."""
    request_type = event.get("RequestType")
    # A failed Create has no job: its id must still be unique, and Delete must recognise it as a no-op.
    physical_id = event.get("PhysicalResourceId") or f"not-started-{event.get('RequestId', 'unknown')}"
    if request_type == "Delete":
        # The job is left alone: its output is the point of the stack and outlives it.
        cfn_response.send(event, "SUCCESS", physical_id)
        return
    try:
        if request_type not in ("Create", "Update"):
            raise invalid(f"unsupported request type {request_type!r}")
        job, data = start(event.get("ResourceProperties", {}))
    except Exception as error:  # every failure must reach CloudFormation
        logger.exception("%s failed", request_type)
        cfn_response.send(event, "FAILED", physical_id, failure_reason(error))
        return
    cfn_response.send(event, "SUCCESS", job, data=data)
