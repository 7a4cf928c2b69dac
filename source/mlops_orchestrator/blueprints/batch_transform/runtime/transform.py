"""The create_transform_job request, built from the custom resource's properties."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from typing import Any

from mlops_orchestrator.blueprints.custom_resource_runtime.job_resource import InvalidProperties

CONTENT_TYPES = ("text/csv", "application/jsonlines")
NAME_LIMIT = 63
_MAX_INSTANCES = 100


def new_suffix() -> str:
    return uuid.uuid4().hex[:8]


def job_name(model_name: str, suffix: str) -> str:
    """`{model}-batch-transform-{suffix}`, the model part shortened so the name fits SageMaker's 63 characters."""
    tail = f"-batch-transform-{suffix}"
    return f"{model_name.lower()[: NAME_LIMIT - len(tail)]}{tail}"


def _required(properties: Mapping[str, Any], key: str) -> str:
    value = str(properties.get(key) or "").strip()
    if not value:
        raise InvalidProperties(f"{key} is required")
    return value


def _instance_count(properties: Mapping[str, Any]) -> int:
    raw = str(properties.get("InstanceCount") or "1").strip()
    if not raw.isdigit() or not 1 <= int(raw) <= _MAX_INSTANCES:
        raise InvalidProperties(f"InstanceCount must be a whole number from 1 to {_MAX_INSTANCES}, not {raw!r}")
    return int(raw)


def _content_type(properties: Mapping[str, Any]) -> str:
    value = str(properties.get("ContentType") or CONTENT_TYPES[0]).strip()
    if value not in CONTENT_TYPES:
        raise InvalidProperties(f"ContentType must be one of {', '.join(CONTENT_TYPES)}, not {value!r}")
    return value


def _location(properties: Mapping[str, Any], key: str) -> str:
    """`bucket/prefix` as an s3:// URI (an s3:// prefix in the property is accepted, not doubled)."""
    value = _required(properties, key)
    return value if value.startswith("s3://") else f"s3://{value}"


def transform_job_request(properties: Mapping[str, Any], suffix: Callable[[], str] | None = None) -> dict[str, Any]:
    """`suffix` makes the job name unique (a fresh random one by default)."""
    model_name = _required(properties, "ModelName")
    content_type = _content_type(properties)
    kms_key = str(properties.get("KmsKeyArn") or "").strip()
    output: dict[str, Any] = {
        "S3OutputPath": _location(properties, "OutputLocation"),
        "Accept": content_type,
        "AssembleWith": "Line",
    }
    resources: dict[str, Any] = {
        "InstanceType": _required(properties, "InstanceType"),
        "InstanceCount": _instance_count(properties),
    }
    if kms_key:
        output["KmsKeyId"] = kms_key
        resources["VolumeKmsKeyId"] = kms_key
    return {
        "TransformJobName": job_name(model_name, (suffix or new_suffix)()),
        "ModelName": model_name,
        "TransformInput": {
            "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": _location(properties, "InputLocation")}},
            "ContentType": content_type,
            "SplitType": "Line",
            "CompressionType": "None",
        },
        "TransformOutput": output,
        "TransformResources": resources,
    }
