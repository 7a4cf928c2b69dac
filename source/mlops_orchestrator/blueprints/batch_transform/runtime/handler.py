"""Custom resource `Custom::BatchTransformJob`: Create and Update start a transform job, Delete does nothing.

The job's output outlives the stack; the resource's physical id is the job name.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Any

from mlops_orchestrator.blueprints.custom_resource_runtime.clients import sagemaker_client
from mlops_orchestrator.blueprints.custom_resource_runtime.job_resource import handle, sagemaker_failure_reason

from .transform import transform_job_request

logger = logging.getLogger(__name__)
logger.setLevel(os.environ.get("LOG_LEVEL", "INFO"))
failure_reason = sagemaker_failure_reason("transform job")


def start_job(properties: Mapping[str, Any]) -> tuple[str, dict[str, str]]:
    request = transform_job_request(properties)
    sagemaker_client().create_transform_job(**request)
    name = request["TransformJobName"]
    logger.info("transform job started: %s", name)
    return name, {"JobName": name, "OutputLocation": request["TransformOutput"]["S3OutputPath"]}


def lambda_handler(event: dict[str, Any], context: Any) -> None:
    handle(event, start_job, failure_reason)
