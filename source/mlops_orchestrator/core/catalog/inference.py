"""Real-time endpoint and batch transform pipelines: built-in algorithm or custom image."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ..fields import AssetKey, EcrImageUri, InstanceCount, ModelPackageArn, NamePart, Text, model_package_group
from ..stages import StagedEndpointName, StagedInstanceType, StagedKmsKeyArn, StagedS3Location
from . import blueprints
from .batch_options import OPTIONAL_KEYS as _BATCH_OPTIONS
from .batch_options import OPTIONAL_PARAMETERS as _BATCH_OPTIONAL_PARAMETERS
from .batch_options import BatchContentType
from .declaration import (
    Blueprint,
    Deployment,
    Derivation,
    KeyRules,
    Mode,
    ParameterContext,
    PipelineRequest,
    PipelineType,
)
from .derive import COMMON_PARAMETERS, at_stage, bucket_of, clean, text
from .realtime_options import OPTIONAL_KEYS as _REALTIME_OPTIONS
from .realtime_options import OPTIONAL_PARAMETERS as _REALTIME_OPTIONAL_PARAMETERS
from .realtime_options import Autoscaling, DeploymentConfig, Percentage, StagedInstanceCount

_BUILTIN_KEYS = ("model_framework", "model_framework_version", "model_artifact_location")
_CUSTOM_KEYS = ("custom_image_uri", "model_artifact_location")


class InferenceRequest(PipelineRequest):
    model_name: NamePart
    inference_instance: StagedInstanceType
    model_framework: Text | None = None
    model_framework_version: Text | None = None
    model_artifact_location: AssetKey | None = None
    custom_image_uri: EcrImageUri | None = None
    model_package_name: ModelPackageArn | None = None
    kms_key_arn: StagedKmsKeyArn | None = None


class RealtimeRequest(InferenceRequest):
    data_capture_location: StagedS3Location | None = None
    endpoint_name: StagedEndpointName | None = None
    # Beyond the original (see realtime_options): optional, left out of the params file when absent.
    initial_instance_count: StagedInstanceCount | None = Field(
        None, description="Number of instances the endpoint starts with (default 1)."
    )
    autoscaling: Autoscaling | None = None
    data_capture_sampling_percentage: Percentage | None = Field(
        None, description="Percentage of requests whose input and output the endpoint captures (default 100)."
    )
    deployment_config: DeploymentConfig | None = None


class BatchRequest(InferenceRequest):
    batch_inference_data: StagedS3Location | None = None
    batch_job_output_location: StagedS3Location | None = None
    # Beyond the original (see batch_options): optional, left out of the params file when absent.
    instance_count: InstanceCount | None = Field(None, description="Number of transform instances (default 1).")
    content_type: BatchContentType | None = Field(
        None, description="MIME type of the input records, one per line (default text/csv); the output uses it too."
    )


def _key_rules(builtin: bool, specific: tuple[str, ...], optional: tuple[str, ...]) -> Any:
    def rules(mode: Mode, _problem_type: str) -> KeyRules:
        if mode.model_registry:
            model: tuple[str, ...] = ("model_package_name",)
        else:
            model = _BUILTIN_KEYS if builtin else _CUSTOM_KEYS
        return KeyRules(
            required=("pipeline_type", "model_name", "inference_instance", *model, *specific),
            optional=("kms_key_arn", *optional),
        )

    return rules


def _image_uri(request: InferenceRequest, context: ParameterContext) -> str:
    if context.settings.model_registry:
        return ""
    if request.pipeline_type.endswith("_custom"):
        return request.custom_image_uri or ""
    return context.image_uri(request.model_framework or "", request.model_framework_version)


def _registry(request: InferenceRequest, context: ParameterContext, value: str) -> str:
    return value if context.settings.model_registry else ""


_MODEL_PARAMETERS: tuple[tuple[str, Derivation], ...] = (
    ("ModelName", lambda r, c: r.model_name),
    (
        "ModelArtifactLocation",
        lambda r, c: "" if c.settings.model_registry else r.model_artifact_location or "",
    ),
    ("InferenceInstance", lambda r, c: at_stage(r.inference_instance, c)),
    ("CustomAlgorithmsECRRepoArn", lambda r, c: c.settings.ecr_repo_arn),
    ("ImageUri", _image_uri),
    ("ModelPackageGroupName", lambda r, c: _registry(r, c, model_package_group(r.model_package_name or ""))),
    ("ModelPackageName", lambda r, c: _registry(r, c, r.model_package_name or "")),
)

_REALTIME_PARAMETERS: tuple[tuple[str, Derivation], ...] = (
    *COMMON_PARAMETERS,
    *_MODEL_PARAMETERS,
    ("DataCaptureLocation", lambda r, c: clean(at_stage(r.data_capture_location, c))),
    ("EndpointName", lambda r, c: text(at_stage(r.endpoint_name, c)).lower()),
)

_BATCH_PARAMETERS: tuple[tuple[str, Derivation], ...] = (
    *COMMON_PARAMETERS,
    *_MODEL_PARAMETERS,
    ("BatchInputBucket", lambda r, c: bucket_of(at_stage(r.batch_inference_data, c))),
    ("BatchInferenceData", lambda r, c: at_stage(r.batch_inference_data, c)),
    ("BatchOutputLocation", lambda r, c: clean(at_stage(r.batch_job_output_location, c))),
)


def _inference_type(
    name: str,
    postfix: str,
    model: type[PipelineRequest],
    blueprint: Blueprint,
    parameters: tuple[tuple[str, Derivation], ...],
    builtin: bool,
    summary: str,
) -> PipelineType:
    realtime = model is RealtimeRequest
    specific = ("data_capture_location",) if realtime else ("batch_inference_data", "batch_job_output_location")
    optional = ("endpoint_name", *_REALTIME_OPTIONS) if realtime else _BATCH_OPTIONS
    return PipelineType(
        name=name,
        request_model=model,
        blueprint=blueprint,
        stack_postfix=postfix,
        deployment=Deployment.STAGED,
        parameters=parameters,
        keys=_key_rules(builtin, specific, optional),
        summary=summary,
        optional_parameters=_REALTIME_OPTIONAL_PARAMETERS if realtime else _BATCH_OPTIONAL_PARAMETERS,
    )


REALTIME_BUILTIN = _inference_type(
    "byom_realtime_builtin",
    "BYOMPipelineRealtimeBuiltIn",
    RealtimeRequest,
    blueprints.REALTIME,
    _REALTIME_PARAMETERS,
    builtin=True,
    summary="A real-time SageMaker endpoint for a model trained with a built-in algorithm.",
)
REALTIME_CUSTOM = _inference_type(
    "byom_realtime_custom",
    "BYOMPipelineRealtimeCustom",
    RealtimeRequest,
    blueprints.REALTIME,
    _REALTIME_PARAMETERS,
    builtin=False,
    summary="A real-time SageMaker endpoint for a model served by a custom container image.",
)
BATCH_BUILTIN = _inference_type(
    "byom_batch_builtin",
    "BYOMPipelineBatchBuiltIn",
    BatchRequest,
    blueprints.BATCH,
    _BATCH_PARAMETERS,
    builtin=True,
    summary="A SageMaker batch transform job for a model trained with a built-in algorithm.",
)
BATCH_CUSTOM = _inference_type(
    "byom_batch_custom",
    "BYOMPipelineBatchCustom",
    BatchRequest,
    blueprints.BATCH,
    _BATCH_PARAMETERS,
    builtin=False,
    summary="A SageMaker batch transform job for a model served by a custom container image.",
)
