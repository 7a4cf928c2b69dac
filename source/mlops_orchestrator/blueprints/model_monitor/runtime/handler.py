"""Custom resource `Custom::MonitorBaselineJob`: Create and Update start the baseline job, Delete does nothing.

Create names the job `BaselineJobName`; an Update (any baseline input changed) adds a random suffix, since
processing job names are unique forever. The resource answers once SageMaker accepted the job: the monitor
reads the baseline when its first scheduled run starts. Every path answers CloudFormation.
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlparse

from aws_lambda_powertools.utilities.data_classes import CloudFormationCustomResourceEvent
from botocore.exceptions import BotoCoreError, ClientError

from mlops_orchestrator.blueprints.custom_resource_runtime.clients import client
from mlops_orchestrator.blueprints.custom_resource_runtime.job_resource import handle
from mlops_orchestrator.blueprints.custom_resource_runtime.properties import InvalidPropertiesError

from .clarify import analysis_configs, headers_and_label
from .jobs import analyzer_request, clarify_request
from .properties import BaselineProperties, baseline_properties

NAME_LIMIT = 63

logger = logging.getLogger(__name__)
logger.setLevel(os.environ.get("LOG_LEVEL", "INFO"))


def new_suffix() -> str:
    return uuid.uuid4().hex[:8]


def job_name(base: str, update: bool) -> str:
    if not update:
        return base
    suffix = f"-{new_suffix()}"
    return f"{base[: NAME_LIMIT - len(suffix)]}{suffix}"


def _split(uri: str) -> tuple[str, str]:
    parsed = urlparse(uri)
    return parsed.netloc, parsed.path.lstrip("/")


def _first_line(uri: str) -> str:
    bucket, key = _split(uri)
    # The header line only: a byte range keeps large datasets out of the function's memory.
    body = client("s3").get_object(Bucket=bucket, Key=key, Range="bytes=0-65535")["Body"].read()
    return str(body.decode("utf-8").splitlines()[0]) if body else ""


def endpoint_model(endpoint_name: str) -> str:
    """The model behind the endpoint's first production variant (Clarify's shadow endpoint serves it)."""
    sagemaker = client("sagemaker")
    config_name = sagemaker.describe_endpoint(EndpointName=endpoint_name)["EndpointConfigName"]
    variants = sagemaker.describe_endpoint_config(EndpointConfigName=config_name)["ProductionVariants"]
    return str(variants[0]["ModelName"])


def _upload(uri: str, document: Mapping[str, Any], kms_key_arn: str) -> None:
    bucket, key = _split(uri)
    extra = {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": kms_key_arn} if kms_key_arn else {}
    client("s3").put_object(
        Bucket=bucket, Key=key, Body=json.dumps(document).encode("utf-8"), ContentType="application/json", **extra
    )


def processing_job_request(inputs: BaselineProperties, name: str) -> dict[str, Any]:
    """The request; for Clarify, both analysis configs are uploaded first."""
    if not inputs.monitoring_type.clarify:
        return analyzer_request(inputs, name)
    headers, label = headers_and_label(_first_line(inputs.data_uri))
    # A given version is analysed as that version, whatever the endpoint serves while it is redeployed.
    model = inputs.model_name or endpoint_model(inputs.endpoint_name)
    job_config, monitor_config = analysis_configs(inputs, headers, label, model)
    config_uri = f"{inputs.output_uri}/analysis_config.json"
    _upload(config_uri, job_config, inputs.kms_key_arn)
    _upload(f"{inputs.output_uri}/monitor/analysis_config.json", monitor_config, inputs.kms_key_arn)
    return clarify_request(inputs, name, config_uri)


def start_baseline(event: CloudFormationCustomResourceEvent) -> tuple[str, dict[str, str]]:
    inputs = baseline_properties(event.resource_properties)
    # Processing job names are unique forever: an Update names its job anew.
    name = job_name(inputs.baseline_job_name, update=event.request_type == "Update")
    request = processing_job_request(inputs, name)
    client("sagemaker").create_processing_job(**request)
    logger.info("baseline job started: %s", name)
    return name, {"JobName": name, "BaselineOutput": inputs.output_uri}


def failure_reason(error: Exception) -> str:
    if isinstance(error, InvalidPropertiesError):
        return f"Invalid baseline properties: {error}"
    if isinstance(error, ClientError):
        details = error.response.get("Error", {})
        operation = error.operation_name
        return f"{operation} was refused: {details.get('Code', 'Unknown')}: {details.get('Message', '')}"
    if isinstance(error, BotoCoreError):
        return f"AWS could not be reached: {error}"
    return "The baseline job could not be started; see the function's logs."


def lambda_handler(event: dict[str, Any], context: Any) -> None:
    handle(event, start_baseline, failure_reason)
