"""Real-time endpoint and batch transform pipelines: built-in algorithm or custom image."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from pydantic import Field

from ..fields import (
    AssetKey,
    EcrImageUri,
    InstanceCount,
    ModelPackageArn,
    ModelPackageGroupName,
    NamePart,
    Text,
    model_package_group,
)
from ..naming import PIPELINE_STACK_PREFIX
from ..stages import StagedEndpointName, StagedKmsKeyArn, StagedS3Location, staged_instance_type
from . import blueprints
from .batch_options import OPTIONAL_KEYS as _BATCH_OPTIONS
from .batch_options import BatchContentType
from .declaration import (
    Blueprint,
    Deployment,
    KeyRules,
    Mode,
    OptionalDerivation,
    OptionalParameters,
    ParameterContext,
    Parameters,
    PipelineRequest,
    PipelineType,
)
from .derive import COMMON_PARAMETERS, at_stage, bucket_of, clean, text
from .package_following import APPLIES_WITH_GROUP, FOLLOW_OPTIONS, PACKAGE_KEYS, as_sent
from .realtime_options import OPTIONAL_KEYS as _REALTIME_OPTIONS
from .realtime_options import Autoscaling, DeploymentConfig, Percentage, StagedInstanceCount

if TYPE_CHECKING:
    from ..stages import StagedInstanceType as EndpointInstance
    from ..stages import StagedInstanceType as TransformInstance
else:
    # The SageMaker API shape each use's instance types come from.
    EndpointInstance = staged_instance_type("ProductionVariantInstanceType", "real-time endpoints")
    TransformInstance = staged_instance_type("TransformInstanceType", "batch transform jobs")

_BUILTIN_KEYS = ("model_framework", "model_framework_version", "model_artifact_location")
_CUSTOM_KEYS = ("custom_image_uri", "model_artifact_location")


class InferenceRequest(PipelineRequest):
    model_name: NamePart = Field(
        description=f"Names the stacks (`{PIPELINE_STACK_PREFIX}-{{model_name}}-…`) and the SageMaker model; lowercased in "
        "stack names, which CloudFormation limits to 128 characters (so its limit depends on the pipeline type).",
        examples=["churn-xgboost"],
    )
    inference_instance: EndpointInstance = Field(
        description="SageMaker instance type of the endpoint, for example `ml.m5.large`.",
        examples=["ml.m5.large"],
    )
    model_framework: Text | None = Field(
        None,
        description="Built-in algorithm or framework whose SageMaker image serves the model, for example `xgboost`.",
        examples=["xgboost"],
    )
    model_framework_version: Text | None = Field(
        None, description="Version of `model_framework`, for example `1.7-1`.", examples=["1.7-1"]
    )
    model_artifact_location: AssetKey | None = Field(
        None,
        description="Object key of the model artifact (`model.tar.gz`) in the assets bucket.",
        examples=["models/churn/model.tar.gz"],
    )
    custom_image_uri: EcrImageUri | None = Field(
        None,
        description="ECR image URI of your own serving container.",
        examples=["123456789012.dkr.ecr.us-east-1.amazonaws.com/my-algorithm:latest"],
    )
    model_package_name: ModelPackageArn | None = Field(
        None,
        description="Versioned model package ARN from the SageMaker model registry (registry mode only); or send "
        "`model_package_group_name` to follow a group instead.",
        examples=["arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/1"],
    )
    model_package_group_name: ModelPackageGroupName | None = Field(
        None,
        description="Model package group to follow instead of naming a version (registry mode only): the pipeline "
        "deploys the group's latest Approved version, found when the request is provisioned.",
        examples=["churn"],
    )
    deploy_on_approval: bool | None = Field(
        None,
        description="With `model_package_group_name`: deploy each version of the group when it is approved "
        "(default true).",
    )
    on_reject: Literal["rollback", "notify"] | None = Field(
        None,
        description="With `model_package_group_name`: when the deployed version is rejected, go back to the newest "
        "older Approved version (`rollback`, the default) or only notify (`notify`).",
    )
    kms_key_arn: StagedKmsKeyArn | None = Field(
        None,
        description="KMS key that encrypts the endpoint's or transform job's storage and outputs; absent means "
        "AWS-managed keys.",
        examples=["arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"],
    )

    def recorded(self) -> dict[str, Any]:
        return as_sent(super().recorded(), self)


InferenceT = TypeVar("InferenceT", bound=InferenceRequest)


class RealtimeRequest(InferenceRequest):
    data_capture_location: StagedS3Location | None = Field(
        None,
        description="`bucket/prefix` where the endpoint captures requests and responses.",
        examples=["my-bucket/datacapture/churn"],
    )
    endpoint_name: StagedEndpointName | None = Field(
        None, description="Name of the SageMaker endpoint (default: generated by the blueprint)."
    )
    # Beyond the original (see realtime_options): optional, left out of the params file when absent.
    initial_instance_count: StagedInstanceCount | None = Field(
        None, description="Number of instances the endpoint starts with (default 1)."
    )
    autoscaling: Autoscaling | None = Field(None, description="Target-tracking autoscaling of the endpoint.")
    data_capture_sampling_percentage: Percentage | None = Field(
        None, description="Percentage of requests whose input and output the endpoint captures (default 100)."
    )
    deployment_config: DeploymentConfig | None = Field(
        None, description="Blue/green updates with traffic shifting and automatic rollback."
    )


class BatchRequest(InferenceRequest):
    inference_instance: TransformInstance = Field(
        description="SageMaker instance type of the batch transform job, for example `ml.m5.large`.",
        examples=["ml.m5.large"],
    )
    batch_inference_data: StagedS3Location | None = Field(
        None,
        description="`bucket/key` of the batch transform input; its bucket is granted to the job.",
        examples=["my-bucket/batch/input.csv"],
    )
    batch_job_output_location: StagedS3Location | None = Field(
        None,
        description="`bucket/prefix` where the batch transform writes its results.",
        examples=["my-bucket/batch/output"],
    )
    # Beyond the original (see batch_options): optional, left out of the params file when absent.
    instance_count: InstanceCount | None = Field(None, description="Number of transform instances (default 1).")
    content_type: BatchContentType | None = Field(
        None, description="MIME type of the input records, one per line (default text/csv); the output uses it too."
    )


def _key_rules(builtin: bool, specific: tuple[str, ...], optional: tuple[str, ...]) -> Callable[[Mode, str], KeyRules]:
    def rules(mode: Mode, _problem_type: str) -> KeyRules:
        if mode.model_registry:
            # model_package_name keeps its place in the original's check order; its alternative satisfies it too.
            return KeyRules(
                required=("pipeline_type", "model_name", "inference_instance", "model_package_name", *specific),
                optional=("kms_key_arn", "model_package_group_name", *FOLLOW_OPTIONS, *optional),
                one_of=PACKAGE_KEYS,
                applies_with=APPLIES_WITH_GROUP,
            )
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


_MODEL_PARAMETERS: Parameters[InferenceRequest] = (
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

_REALTIME_PARAMETERS: Parameters[RealtimeRequest] = (
    *COMMON_PARAMETERS,
    *_MODEL_PARAMETERS,
    ("DataCaptureLocation", lambda r, c: clean(at_stage(r.data_capture_location, c))),
    ("EndpointName", lambda r, c: text(at_stage(r.endpoint_name, c)).lower()),
)

_BATCH_PARAMETERS: Parameters[BatchRequest] = (
    *COMMON_PARAMETERS,
    *_MODEL_PARAMETERS,
    ("BatchInputBucket", lambda r, c: bucket_of(at_stage(r.batch_inference_data, c))),
    # Required in every mode (see _key_rules), so never None here; text() only satisfies the type.
    ("BatchInferenceData", lambda r, c: text(at_stage(r.batch_inference_data, c))),
    ("BatchOutputLocation", lambda r, c: clean(at_stage(r.batch_job_output_location, c))),
)


# Beyond the original (see realtime_options and batch_options): appended only when the request sets them.
def _given(value: object) -> str | None:
    return None if value is None else text(value)


def _autoscaling(read: Callable[[Autoscaling], object]) -> OptionalDerivation[RealtimeRequest]:
    def derive(request: RealtimeRequest, _context: ParameterContext) -> str | None:
        scaling = request.autoscaling
        return None if scaling is None else text(read(scaling))

    return derive


def _deployment(read: Callable[[DeploymentConfig], object]) -> OptionalDerivation[RealtimeRequest]:
    def derive(request: RealtimeRequest, _context: ParameterContext) -> str | None:
        config = request.deployment_config
        return None if config is None else text(read(config))

    return derive


_REALTIME_OPTIONAL_PARAMETERS: OptionalParameters[RealtimeRequest] = (
    ("InitialInstanceCount", lambda r, c: _given(at_stage(r.initial_instance_count, c))),
    ("DataCaptureSamplingPercentage", lambda r, c: _given(r.data_capture_sampling_percentage)),
    ("AutoscalingMinCapacity", _autoscaling(lambda scaling: scaling.min_capacity)),
    ("AutoscalingMaxCapacity", _autoscaling(lambda scaling: scaling.max_capacity)),
    ("AutoscalingTargetInvocations", _autoscaling(lambda scaling: scaling.target_invocations_per_instance)),
    ("DeploymentStrategy", _deployment(lambda config: config.traffic_routing)),
    ("TrafficShiftSizeType", _deployment(lambda config: config.step_type)),
    ("TrafficShiftSize", _deployment(lambda config: config.step_size)),
    ("TrafficShiftWaitSeconds", _deployment(lambda config: config.wait_seconds)),
    ("TerminationWaitSeconds", _deployment(lambda config: config.termination_wait_seconds)),
    ("RollbackAlarmName", _deployment(lambda config: config.rollback_alarm_name)),
)
"""Appended after the original's twelve parameters, each only when the request sets it."""

_BATCH_OPTIONAL_PARAMETERS: OptionalParameters[BatchRequest] = (
    ("JobInstanceCount", lambda r, c: None if r.instance_count is None else text(r.instance_count)),
    ("BatchContentType", lambda r, c: r.content_type),
)


def _inference_type(
    name: str,
    postfix: str,
    model: type[InferenceT],
    blueprint: Blueprint,
    parameters: Parameters[InferenceT],
    optional_parameters: OptionalParameters[InferenceT],
    builtin: bool,
    summary: str,
) -> PipelineType[InferenceT]:
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
        optional_parameters=optional_parameters,
    )


REALTIME_BUILTIN = _inference_type(
    "byom_realtime_builtin",
    "BYOMPipelineRealtimeBuiltIn",
    RealtimeRequest,
    blueprints.REALTIME,
    _REALTIME_PARAMETERS,
    _REALTIME_OPTIONAL_PARAMETERS,
    builtin=True,
    summary="A real-time SageMaker endpoint for a model trained with a built-in algorithm.",
)
REALTIME_CUSTOM = _inference_type(
    "byom_realtime_custom",
    "BYOMPipelineRealtimeCustom",
    RealtimeRequest,
    blueprints.REALTIME,
    _REALTIME_PARAMETERS,
    _REALTIME_OPTIONAL_PARAMETERS,
    builtin=False,
    summary="A real-time SageMaker endpoint for a model served by a custom container image.",
)
BATCH_BUILTIN = _inference_type(
    "byom_batch_builtin",
    "BYOMPipelineBatchBuiltIn",
    BatchRequest,
    blueprints.BATCH,
    _BATCH_PARAMETERS,
    _BATCH_OPTIONAL_PARAMETERS,
    builtin=True,
    summary="A SageMaker batch transform job for a model trained with a built-in algorithm.",
)
BATCH_CUSTOM = _inference_type(
    "byom_batch_custom",
    "BYOMPipelineBatchCustom",
    BatchRequest,
    blueprints.BATCH,
    _BATCH_PARAMETERS,
    _BATCH_OPTIONAL_PARAMETERS,
    builtin=False,
    summary="A SageMaker batch transform job for a model served by a custom container image.",
)

DECLARED: tuple[PipelineType[Any], ...] = (REALTIME_BUILTIN, REALTIME_CUSTOM, BATCH_BUILTIN, BATCH_CUSTOM)
"""This module's pipeline types, in catalog order."""
