"""A custom resource that starts a job on Create and Update and leaves it alone on Delete.

The job runs on after the stack is deployed (it may take hours or days), so the resource reports success
once the service accepted the job; its physical id is the job name. Every path answers CloudFormation,
failures included, so a stack never waits an hour for a Lambda that already gave up.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.utilities.data_classes import CloudFormationCustomResourceEvent
from botocore.exceptions import BotoCoreError, ClientError

from . import cfn_response
from .properties import InvalidPropertiesError

Start = Callable[[CloudFormationCustomResourceEvent], tuple[str, dict[str, str]]]
"""Starts the job a Create or Update asks for: (job name, attributes for Fn::GetAtt)."""
Explain = Callable[[Exception], str]
"""The reason CloudFormation shows for a failure to start the job."""

logger = logging.getLogger(__name__)


def sagemaker_failure_reason(job: str) -> Explain:
    """The reasons of a Lambda that only calls SageMaker; `job` names the job in them ("transform job")."""

    def reason(error: Exception) -> str:
        if isinstance(error, InvalidPropertiesError):
            return f"Invalid properties: {error}"
        if isinstance(error, ClientError):
            details = error.response.get("Error", {})
            return f"SageMaker refused the {job}: {details.get('Code', 'Unknown')}: {details.get('Message', '')}"
        if isinstance(error, BotoCoreError):
            return f"SageMaker could not be reached: {error}"
        return f"The {job} could not be started; see the function's logs."

    return reason


def handle(event: dict[str, Any], start: Start, failure_reason: Explain) -> None:
    request = CloudFormationCustomResourceEvent(event)
    # A failed Create has no job: its id must still be unique, and Delete must recognise it as a no-op.
    physical_id = request.physical_resource_id or f"not-started-{request.request_id}"
    if request.request_type == "Delete":
        # The job is left alone: its output is the point of the stack and outlives it.
        cfn_response.send(event, "SUCCESS", physical_id)
        return
    try:
        if request.request_type not in ("Create", "Update"):
            # An unsupported request reads like bad properties: the template asked for something we cannot do.
            raise InvalidPropertiesError(f"unsupported request type {request.request_type!r}")
        job, data = start(request)
    except Exception as error:  # every failure must reach CloudFormation
        logger.exception("%s failed", request.request_type)
        cfn_response.send(event, "FAILED", physical_id, failure_reason(error))
        return
    cfn_response.send(event, "SUCCESS", job, data=data)
