"""Stage-aware request values: one plain value, or one value per stage in multi-account mode."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Generic, TypeVar, overload

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, ValidationInfo, WrapValidator, create_model
from pydantic_core import PydanticCustomError

from . import fields as _f
from .settings import STAGES

if TYPE_CHECKING:
    from pydantic import ValidatorFunctionWrapHandler

T = TypeVar("T")
Plain = TypeVar("Plain", bound=str | int | None)
"""A stage-aware field's plain value (None when the field is left out)."""

# Tags of the two union branches. They begin with '#' so error paths can drop them.
PLAIN_TAG = "#plain"
PER_STAGE_TAG = "#stages"


class PerStage(BaseModel, Generic[T]):
    """`{"dev": ..., "staging": ..., "prod": ...}`: every stage must be given, nothing else."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)

    dev: T
    staging: T
    prod: T

    def for_stage(self, stage: str) -> T:
        value: T = getattr(self, stage)
        return value


def _branch(value: object) -> str:
    return PER_STAGE_TAG if isinstance(value, dict | PerStage) else PLAIN_TAG


def _stages_allowed(value: object, handler: ValidatorFunctionWrapHandler, info: ValidationInfo) -> object:
    if isinstance(value, dict) and not (info.context or {}).get("stages_allowed", False):
        raise PydanticCustomError(
            "per_stage_not_allowed",
            'per-stage values ({"dev", "staging", "prod"}) are accepted only by a multi-account '
            "orchestrator, and not for training pipelines, which run in the orchestrator account; "
            "give one plain value",
        )
    return handler(value)


def staged(inner: object, name: str) -> object:
    """Build the field type `inner | PerStage[inner]` with errors that name only the branch used."""
    values: dict[str, Any] = {
        stage: (inner, Field(description=f"The value for the {stage} stage.")) for stage in STAGES
    }
    # create_model, not PerStage[inner]: parametrising a generic model builds it at import time.
    per_stage = create_model(f"PerStage{name}", __base__=PerStage, __doc__=PerStage.__doc__, **values)
    return Annotated[
        Annotated[inner, Tag(PLAIN_TAG)] | Annotated[per_stage, Tag(PER_STAGE_TAG)],
        Discriminator(_branch),
        WrapValidator(_stages_allowed),
    ]


def staged_instance_type(shape: str, use: str) -> object:
    """`instance_type(shape, use)` or one per stage: the request model that uses it names the API shape."""
    return staged(_f.instance_type(shape, use), shape)


@overload
def stage_value(value: PerStage[Plain], stage: str | None) -> Plain: ...
@overload
def stage_value(value: Plain, stage: str | None) -> Plain: ...
def stage_value(value: object, stage: str | None) -> object:
    """The value for `stage`; a plain value is the same in every stage."""
    if isinstance(value, PerStage):
        return value.for_stage(stage or STAGES[0])
    return value


if TYPE_CHECKING:
    StagedInstanceType = str | PerStage[str]
    StagedS3Location = str | PerStage[str]
    StagedKmsKeyArn = str | PerStage[str]
    StagedEndpointName = str | PerStage[str]
    StagedCron = str | PerStage[str]
    StagedVolumeSize = int | PerStage[int]
    StagedMonitorRuntime = int | PerStage[int]
    StagedProcessingRuntime = int | PerStage[int]
else:
    StagedS3Location = staged(_f.S3Location, "S3Location")
    StagedKmsKeyArn = staged(_f.KmsKeyArn, "KmsKeyArn")
    StagedEndpointName = staged(_f.EndpointName, "EndpointName")
    StagedCron = staged(_f.CronExpression, "CronExpression")
    StagedVolumeSize = staged(_f.VolumeSizeGb, "VolumeSizeGb")
    StagedMonitorRuntime = staged(_f.MonitorRuntimeSeconds, "MonitorRuntimeSeconds")
    StagedProcessingRuntime = staged(_f.ProcessingRuntimeSeconds, "ProcessingRuntimeSeconds")
