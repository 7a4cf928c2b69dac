"""The custom resource's properties, checked and typed: every input of a baseline job."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mlops_orchestrator.core.monitoring import MonitoringType

MONITORING_TYPES = tuple(MonitoringType)
PROBLEM_TYPES = ("Regression", "BinaryClassification", "MulticlassClassification")
_MAX_INSTANCES = 100
_MAX_VOLUME_GB = 16384
_MAX_RUNTIME_SECONDS = 432000


class InvalidProperties(ValueError):
    """The custom resource was given properties a baseline job cannot start with."""


def text(properties: Mapping[str, Any], key: str) -> str:
    return str(properties.get(key) or "").strip()


def required(properties: Mapping[str, Any], key: str) -> str:
    value = text(properties, key)
    if not value:
        raise InvalidProperties(f"{key} is required")
    return value


def whole_number(properties: Mapping[str, Any], key: str, default: str, low: int, high: int) -> int:
    raw = text(properties, key) or default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise InvalidProperties(f"{key} must be a whole number from {low} to {high}, not {raw!r}")
    return int(raw)


def json_object(properties: Mapping[str, Any], key: str, *, optional: bool) -> dict[str, Any]:
    raw = text(properties, key)
    if not raw and optional:
        return {}
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as error:
        raise InvalidProperties(f"{key} must be a JSON object: {error.msg}") from error
    if not isinstance(value, dict):
        raise InvalidProperties(f"{key} must be a JSON object, not {type(value).__name__}")
    return value


def s3_uri(path: str) -> str:
    """`bucket/prefix` as an s3:// URI (an s3:// prefix is accepted, not doubled; trailing / dropped)."""
    path = path.rstrip("/")
    return path if path.startswith("s3://") else f"s3://{path}"


@dataclass(frozen=True)
class BaselineInputs:
    monitoring_type: MonitoringType
    job_name: str
    data_uri: str
    output_uri: str
    image_uri: str
    role_arn: str
    instance_type: str
    instance_count: int
    volume_size_gb: int
    max_runtime_seconds: int | None
    kms_key_arn: str
    endpoint_name: str
    stack_name: str
    attributes: Mapping[str, Any]
    """The type-specific properties, as received (read by `requests` and `clarify`)."""


def instance_count(properties: Mapping[str, Any]) -> int:
    """The job's instance count; Clarify's shadow endpoint gets as many instances (the SDK's ModelConfig)."""
    return whole_number(properties, "InstanceCount", "1", 1, _MAX_INSTANCES)


def baseline_inputs(properties: Mapping[str, Any]) -> BaselineInputs:
    monitoring_type = required(properties, "MonitoringType")
    if monitoring_type not in MONITORING_TYPES:
        raise InvalidProperties(f"MonitoringType must be one of {', '.join(MONITORING_TYPES)}, not {monitoring_type!r}")
    runtime = text(properties, "MaxRuntimeSeconds")
    return BaselineInputs(
        monitoring_type=MonitoringType(monitoring_type),
        job_name=required(properties, "BaselineJobName"),
        data_uri=f"s3://{required(properties, 'AssetsBucket')}/{required(properties, 'BaselineData').lstrip('/')}",
        output_uri=s3_uri(required(properties, "BaselineJobOutputLocation")),
        image_uri=required(properties, "ImageUri"),
        role_arn=required(properties, "RoleArn"),
        instance_type=required(properties, "InstanceType"),
        instance_count=instance_count(properties),
        volume_size_gb=whole_number(properties, "InstanceVolumeSize", "30", 1, _MAX_VOLUME_GB),
        max_runtime_seconds=(
            whole_number(properties, "MaxRuntimeSeconds", "", 1, _MAX_RUNTIME_SECONDS) if runtime else None
        ),
        kms_key_arn=text(properties, "KmsKeyArn"),
        endpoint_name=required(properties, "EndpointName"),
        stack_name=text(properties, "StackName"),
        attributes=properties,
    )


def model_quality_attributes(properties: Mapping[str, Any]) -> dict[str, str]:
    """The analyzer's model-quality settings, chosen as the original did before calling the SDK: Regression and
    MulticlassClassification get the inference attribute only; BinaryClassification gets the probability and its
    threshold when both are given, the inference attribute otherwise. What is missing is said plainly."""
    problem_type = text(properties, "ProblemType")
    if problem_type not in PROBLEM_TYPES:
        raise InvalidProperties(f"ProblemType must be one of {', '.join(PROBLEM_TYPES)}, not {problem_type!r}")
    inference = text(properties, "InferenceAttribute")
    probability = text(properties, "ProbabilityAttribute")
    threshold = text(properties, "ProbabilityThresholdAttribute")
    settings = {"problem_type": problem_type}
    if problem_type == "BinaryClassification" and probability and threshold:
        settings.update(probability_attribute=probability, probability_threshold_attribute=threshold)
    elif inference:
        settings["inference_attribute"] = inference
    elif problem_type == "BinaryClassification":
        raise InvalidProperties(
            "BinaryClassification needs InferenceAttribute, or ProbabilityAttribute together with "
            "ProbabilityThresholdAttribute"
        )
    else:
        raise InvalidProperties(f"InferenceAttribute must be provided for {problem_type}")
    settings["ground_truth_attribute"] = required(properties, "GroundTruthAttribute")
    return settings
