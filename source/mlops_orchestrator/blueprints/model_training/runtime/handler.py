"""Custom resource `Custom::TrainingJob`: starts a training job or, with JobType "tuning", a tuning job."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Any

from mlops_orchestrator.blueprints.custom_resource_runtime.clients import sagemaker_client
from mlops_orchestrator.blueprints.custom_resource_runtime.job_resource import handle, sagemaker_failure_reason

from .properties import InvalidProperties, required
from .training import output_path, training_job_request
from .tuning import tuning_job_request

logger = logging.getLogger(__name__)
logger.setLevel(os.environ.get("LOG_LEVEL", "INFO"))
failure_reason = sagemaker_failure_reason("job")


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
    handle(event, start_job, failure_reason)
