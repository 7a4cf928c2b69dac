"""The create_transform_job request, built from the custom resource's properties."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from typing import Annotated, Any

from pydantic import AfterValidator

from mlops_orchestrator.blueprints.custom_resource_runtime.properties import ResourceProperties, Text, one_of, whole

CONTENT_TYPES = ("text/csv", "application/jsonlines")
NAME_LIMIT = 63
_MAX_INSTANCES = 100


def _s3_location(value: str) -> str:
    """`bucket/prefix` as an s3:// URI (an s3:// prefix in the property is accepted, not doubled)."""
    return value if value.startswith("s3://") else f"s3://{value}"


S3Location = Annotated[Text, AfterValidator(_s3_location)]


class TransformProperties(ResourceProperties):
    model_name: Text
    content_type: Annotated[str, one_of(*CONTENT_TYPES)] = CONTENT_TYPES[0]
    kms_key_arn: Text = ""
    output_location: S3Location
    instance_type: Text
    instance_count: Annotated[int, whole(1, _MAX_INSTANCES)] = 1
    input_location: S3Location


def new_suffix() -> str:
    return uuid.uuid4().hex[:8]


def job_name(model_name: str, suffix: str) -> str:
    """`{model}-batch-transform-{suffix}`, the model part shortened so the name fits SageMaker's 63 characters."""
    tail = f"-batch-transform-{suffix}"
    return f"{model_name.lower()[: NAME_LIMIT - len(tail)]}{tail}"


def transform_job_request(properties: Mapping[str, Any], suffix: Callable[[], str] | None = None) -> dict[str, Any]:
    """`suffix` makes the job name unique (a fresh random one by default)."""
    job = TransformProperties.read(properties)
    output: dict[str, Any] = {"S3OutputPath": job.output_location, "Accept": job.content_type, "AssembleWith": "Line"}
    resources: dict[str, Any] = {"InstanceType": job.instance_type, "InstanceCount": job.instance_count}
    if job.kms_key_arn:
        output["KmsKeyId"] = job.kms_key_arn
        resources["VolumeKmsKeyId"] = job.kms_key_arn
    return {
        "TransformJobName": job_name(job.model_name, (suffix or new_suffix)()),
        "ModelName": job.model_name,
        "TransformInput": {
            "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": job.input_location}},
            "ContentType": job.content_type,
            "SplitType": "Line",
            "CompressionType": "None",
        },
        "TransformOutput": output,
        "TransformResources": resources,
    }
