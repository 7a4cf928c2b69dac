"""Custom resource `Custom::AutopilotJob`: Create and Update start the Autopilot (AutoML V2) job."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Any

from mlops_orchestrator.blueprints.custom_resource_runtime.clients import sagemaker_client
from mlops_orchestrator.blueprints.custom_resource_runtime.job_resource import handle, sagemaker_failure_reason

from .autopilot import autopilot_job_request, output_path

logger = logging.getLogger(__name__)
logger.setLevel(os.environ.get("LOG_LEVEL", "INFO"))
failure_reason = sagemaker_failure_reason("job")


def start_job(properties: Mapping[str, Any]) -> tuple[str, dict[str, str]]:
    request = autopilot_job_request(properties)
    sagemaker_client().create_auto_ml_job_v2(**request)
    name = request["AutoMLJobName"]
    logger.info("Autopilot job started: %s", name)
    return name, {"JobName": name, "OutputLocation": output_path(properties)}


def lambda_handler(event: dict[str, Any], context: Any) -> None:
    handle(event, start_job, failure_reason)
