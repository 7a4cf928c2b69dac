"""Custom resource `Custom::TrainingJob`: starts a training job or, with JobType "tuning", a tuning job."""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Mapping
from typing import Any

import boto3
from botocore.config import Config

from .custom_resource import handle
from .properties import InvalidProperties, required
from .training import output_path, training_job_request
from .tuning import tuning_job_request

# Bounded so that a retry storm still leaves the Lambda time to answer CloudFormation.
_CONFIG = Config(retries={"max_attempts": 4, "mode": "standard"}, connect_timeout=5, read_timeout=20)

logger = logging.getLogger(__name__)
logger.setLevel(os.environ.get("LOG_LEVEL", "INFO"))


@functools.cache
def sagemaker_client() -> Any:
    return boto3.client("sagemaker", config=_CONFIG)


def start_job(properties: Mapping[str, Any]) -> tuple[str, dict[str, str]]:
    job_type = required(properties, "JobType")
    if job_type == "training":
        sagemaker_client().create_training_job(**training_job_request(properties))
    elif job_type == "tuning":
        sagemaker_client().create_hyper_parameter_tuning_job(**tuning_job_request(properties))
    else:
        raise InvalidProperties(f"JobType must be training or tuning, not {job_type!r}")
    name = required(properties, "JobName")
    logger.info("%s job started: %s", job_type, name)
    return name, {"JobName": name, "OutputLocation": output_path(properties)}


def lambda_handler(event: dict[str, Any], context: Any) -> None:
    handle(event, start_job)
