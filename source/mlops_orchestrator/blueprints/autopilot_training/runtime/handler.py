"""Custom resource `Custom::AutopilotJob`: Create and Update start the Autopilot (AutoML V2) job."""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Mapping
from typing import Any

import boto3
from botocore.config import Config

from mlops_orchestrator.blueprints.model_training.runtime.custom_resource import handle

from .autopilot import autopilot_job_request, output_path

# Bounded so that a retry storm still leaves the Lambda time to answer CloudFormation.
_CONFIG = Config(retries={"max_attempts": 4, "mode": "standard"}, connect_timeout=5, read_timeout=20)

logger = logging.getLogger(__name__)
logger.setLevel(os.environ.get("LOG_LEVEL", "INFO"))


@functools.cache
def sagemaker_client() -> Any:
    return boto3.client("sagemaker", config=_CONFIG)


def start_job(properties: Mapping[str, Any]) -> tuple[str, dict[str, str]]:
    request = autopilot_job_request(properties)
    sagemaker_client().create_auto_ml_job_v2(**request)
    name = request["AutoMLJobName"]
    logger.info("Autopilot job started: %s", name)
    return name, {"JobName": name, "OutputLocation": output_path(properties)}


def lambda_handler(event: dict[str, Any], context: Any) -> None:
    handle(event, start_job)
