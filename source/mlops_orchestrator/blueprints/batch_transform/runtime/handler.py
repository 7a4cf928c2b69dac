"""Custom resource `Custom::BatchTransformJob`: Create and Update start a transform job, Delete does nothing.

The job's output outlives the stack; the resource's physical id is the job name.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from aws_lambda_powertools.utilities.data_classes import CloudFormationCustomResourceEvent

from mlops_orchestrator.blueprints.custom_resource_runtime.clients import sagemaker_client
from mlops_orchestrator.blueprints.custom_resource_runtime.job_resource import handle, sagemaker_failure_reason

from .transform import transform_job_request

logger = logging.getLogger(__name__)
logger.setLevel(os.environ.get("LOG_LEVEL", "INFO"))
failure_reason = sagemaker_failure_reason("transform job")


def start_job(event: CloudFormationCustomResourceEvent) -> tuple[str, dict[str, str]]:
    request = transform_job_request(event.resource_properties)
    sagemaker_client().create_transform_job(**request)
    name = request["TransformJobName"]
    logger.info("transform job started: %s", name)
    return name, {"JobName": name, "OutputLocation": request["TransformOutput"]["S3OutputPath"]}


def lambda_handler(event: dict[str, Any], context: Any) -> None:
    handle(event, start_job, failure_reason)
