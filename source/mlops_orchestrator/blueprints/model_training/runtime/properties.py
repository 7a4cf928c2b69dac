"""The custom resource's properties: one model for a training job, one more for a tuning job."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Self

from pydantic import BeforeValidator, ValidationInfo, field_validator, model_validator

from mlops_orchestrator.blueprints.custom_resource_runtime.properties import (
    Flag,
    ResourceProperties,
    Text,
    given,
    invalid,
    json_text,
    refuse,
    s3_uri,
    whole,
)

_MAX_INSTANCES = 100
_MAX_VOLUME_GB = 16384
_MAX_SECONDS = 259200


def _job_type(value: Any) -> str:
    raw = given(value)
    if raw not in ("training", "tuning"):
        raise invalid("must be training or tuning, not {raw}", raw=repr(raw))
    return raw


class TrainingProperties(ResourceProperties):
    job_type: Annotated[str, BeforeValidator(_job_type)]
    job_name: Text
    role_arn: Text
    image_uri: Text
    assets_bucket: Text
    training_data: Text
    validation_data: Text = ""
    job_output_location: Text
    s3_data_type: Text
    data_distribution: Text
    attribute_names: Annotated[list[Any] | None, json_text(list)] = None
    content_type: Text
    data_input_mode: Text
    compression_type: Text = ""
    data_record_wrapping: Text = ""
    kms_key_arn: Text = ""
    instance_type: Text
    instance_count: Annotated[int, whole(1, _MAX_INSTANCES)]
    instance_volume_size: Annotated[int, whole(1, _MAX_VOLUME_GB)]
    encrypt_inter_container_traffic: Flag
    max_runtime_seconds: Annotated[int, whole(1, _MAX_SECONDS)]
    use_spot_instances: Flag
    max_wait_seconds: Annotated[int | None, whole(1, _MAX_SECONDS)] = None
    hyperparameters: Annotated[dict[str, Any], json_text(dict)]

    @field_validator("max_wait_seconds", mode="before")
    @classmethod
    def _read_for_spot_only(cls, value: Any, info: ValidationInfo) -> Any:
        # Only a spot job waits; otherwise the property is not read at all.
        return value if info.data.get("use_spot_instances") else None

    @model_validator(mode="after")
    def _spot_waits_for_the_runtime(self) -> Self:
        if self.use_spot_instances:
            if self.max_wait_seconds is None:
                refuse("MaxWaitSeconds is required")
            if self.max_wait_seconds < self.max_runtime_seconds:
                refuse(
                    f"MaxWaitSeconds ({self.max_wait_seconds}) must be at least "
                    f"MaxRuntimeSeconds ({self.max_runtime_seconds})"
                )
        return self

    @property
    def output_path(self) -> str:
        return s3_uri(self.assets_bucket, self.job_output_location)


class TuningProperties(TrainingProperties):
    """A tuning job's: the tuner's settings and the ranges (JSON documents, checked by `tuning`)."""

    tuner_config: Annotated[dict[str, Any], json_text(dict)]
    hyperparameter_ranges: Annotated[dict[str, Any], json_text(dict)]


def training_properties(properties: Mapping[str, Any]) -> TrainingProperties:
    """The properties of the job JobType names (a JobType that names neither fails as a training job's)."""
    tuning = str(properties.get("JobType") or "").strip() == "tuning"
    return (TuningProperties if tuning else TrainingProperties).read(properties)
