"""Custom resource `Custom::AutopilotJob`: Create and Update start the Autopilot (AutoML V2) job."""

from __future__ import annotations

import logging
import os
from typing import Any

from aws_lambda_powertools.utilities.data_classes import CloudFormationCustomResourceEvent

from mlops_orchestrator.blueprints.custom_resource_runtime.clients import sagemaker_client
from mlops_orchestrator.blueprints.custom_resource_runtime.job_resource import handle, sagemaker_failure_reason

from .autopilot import autopilot_job_request

logger = logging.getLogger(__name__)
logger.setLevel(os.environ.get("LOG_LEVEL", "INFO"))
failure_reason = sagemaker_failure_reason("job")


def start_job(event: CloudFormationCustomResourceEvent) -> tuple[str, dict[str, str]]:
    request = autopilot_job_request(event.resource_properties)
    sagemaker_client().create_auto_ml_job_v2(**request)
    name = request["AutoMLJobName"]
    logger.info("Autopilot job started: %s", name)
    return name, {"JobName": name, "OutputLocation": request["OutputDataConfig"]["S3OutputPath"]}


def lambda_handler(event: dict[str, Any], context: Any) -> None:
    handle(event, start_job, failure_reason)
