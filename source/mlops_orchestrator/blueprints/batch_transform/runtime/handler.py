"""Custom resource `Custom::BatchTransformJob`: Create and Update start a transform job, Delete does nothing.

The job runs on after the stack is deployed (it may take hours), so the resource reports success once
SageMaker accepted the job; its physical id is the job name. Every path answers CloudFormation, failures
included, so a stack never waits an hour for a Lambda that already gave up.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Mapping
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from . import cfn_response
from .transform import InvalidProperties, transform_job_request

# Bounded so that a retry storm still leaves the Lambda time to answer CloudFormation.
_CONFIG = Config(retries={"max_attempts": 4, "mode": "standard"}, connect_timeout=5, read_timeout=20)

logger = logging.getLogger(__name__)
logger.setLevel(os.environ.get("LOG_LEVEL", "INFO"))


@functools.cache
def sagemaker_client() -> Any:
    return boto3.client("sagemaker", config=_CONFIG)


def start_job(properties: Mapping[str, Any]) -> tuple[str, dict[str, str]]:
    request = transform_job_request(properties)
    sagemaker_client().create_transform_job(**request)
    name = request["TransformJobName"]
    logger.info("transform job started: %s", name)
    return name, {"JobName": name, "OutputLocation": request["TransformOutput"]["S3OutputPath"]}


def _failure_reason(error: Exception) -> str:
    if isinstance(error, InvalidProperties):
        return f"Invalid properties: {error}"
    if isinstance(error, ClientError):
        details = error.response.get("Error", {})
        return f"SageMaker refused the transform job: {details.get('Code', 'Unknown')}: {details.get('Message', '')}"
    if isinstance(error, BotoCoreError):
        return f"SageMaker could not be reached: {error}"
    return "The transform job could not be started; see the function's logs."


def lambda_handler(event: dict[str, Any], context: Any) -> None:
    request_type = event.get("RequestType")
    # A failed Create has no job: its id must still be unique, and Delete must recognise it as a no-op.
    physical_id = event.get("PhysicalResourceId") or f"not-started-{event.get('RequestId', 'unknown')}"
    if request_type == "Delete":
        # The job is left alone: its output is the point of the stack and outlives it.
        cfn_response.send(event, "SUCCESS", physical_id)
        return
    try:
        if request_type not in ("Create", "Update"):
            raise InvalidProperties(f"unsupported request type {request_type!r}")
        job, data = start_job(event.get("ResourceProperties", {}))
    except Exception as error:  # every failure must reach CloudFormation
        logger.exception("%s failed", request_type)
        cfn_response.send(event, "FAILED", physical_id, _failure_reason(error))
        return
    cfn_response.send(event, "SUCCESS", job, data=data)
