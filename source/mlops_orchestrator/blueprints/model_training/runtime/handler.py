"""Custom resource `Custom::TrainingJob`: starts a training job or, with JobType "tuning", a tuning job."""

from __future__ import annotations

import logging
import os
from typing import Any

from aws_lambda_powertools.utilities.data_classes import CloudFormationCustomResourceEvent

from mlops_orchestrator.blueprints.custom_resource_runtime.clients import sagemaker_client
from mlops_orchestrator.blueprints.custom_resource_runtime.job_resource import handle, sagemaker_failure_reason

from .properties import TuningProperties, training_properties
from .training import training_job_request
from .tuning import tuning_job_request

logger = logging.getLogger(__name__)
logger.setLevel(os.environ.get("LOG_LEVEL", "INFO"))
failure_reason = sagemaker_failure_reason("job")


def start_job(event: CloudFormationCustomResourceEvent) -> tuple[str, dict[str, str]]:
    job = training_properties(event.resource_properties)
    if isinstance(job, TuningProperties):
        sagemaker_client().create_hyper_parameter_tuning_job(**tuning_job_request(job))
    else:
        sagemaker_client().create_training_job(**training_job_request(job))
    logger.info("%s job started: %s", job.job_type, job.job_name)
    return job.job_name, {"JobName": job.job_name, "OutputLocation": job.output_path}


def lambda_handler(event: dict[str, Any], context: Any) -> None:
    handle(event, start_job, failure_reason)
