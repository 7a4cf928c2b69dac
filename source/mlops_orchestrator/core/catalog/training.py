"""Training pipelines that run in the orchestrator account: built-in training, tuning and Autopilot."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from ..errors import FieldProblem
from ..fields import (
    AssetKey,
    AutopilotCandidates,
    AutopilotTotalRuntimeSeconds,
    BoolText,
    InstanceCount,
    InstanceType,
    JsonObject,
    KmsKeyArn,
    NamePart,
    SageMakerName,
    SpotWaitSeconds,
    Text,
    TrainingRuntimeSeconds,
    VolumeSizeGb,
)
from ..naming import generated_name
from . import blueprints
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
from .derive import COMMON_PARAMETERS, clean, text

# SageMaker's name limits: training jobs 63 characters; tuning and AutoML jobs only 32.
TRAINING_JOB_NAME_MAX = 63
TUNING_JOB_NAME_MAX = 32
AUTOML_JOB_NAME_MAX = 32

TrainingDataKey = Annotated[AssetKey, Field(max_length=128)]


def _ranges(value: dict[str, Any]) -> dict[str, Any]:
    for name, spec in value.items():
        ok = bool(isinstance(spec, list) and len(spec) == 2 and isinstance(spec[1], list) and spec[1])
        kind = spec[0] if ok else None
        if kind in ("continuous", "integer"):
            ok = len(spec[1]) == 2 and all(isinstance(v, int | float) and not isinstance(v, bool) for v in spec[1])
            ok = ok and spec[1][0] <= spec[1][1]
        elif kind != "categorical":
            ok = False
        if not ok:
            raise PydanticCustomError(
                "hyperparameter_range",
                'range of {name} must be ["continuous" or "integer", [min, max]] or ["categorical", [values]]',
                {"name": name},
            )
    return value


def _attribute_names(value: Any) -> Any:
    if isinstance(value, list) and value and all(isinstance(v, str) and v for v in value):
        return value
    raise PydanticCustomError("attribute_names", "must be a non-empty list of attribute names")


class TrainingRequest(PipelineRequest):
    model_name: NamePart
    training_data: TrainingDataKey
    job_output_location: TrainingDataKey
    model_framework: Text
    model_framework_version: Text
    algo_hyperparamaters: JsonObject  # sic: the original's request key
    job_name: SageMakerName | None = None
    instance_type: InstanceType | None = None
    instance_count: InstanceCount | None = None
    instance_volume_size: VolumeSizeGb | None = None
    validation_data: TrainingDataKey | None = None
    encrypt_inner_traffic: BoolText | None = None
    max_runtime_per_job: TrainingRuntimeSeconds | None = None
    use_spot_instances: BoolText | None = None
    max_wait_time_spot_instances: SpotWaitSeconds | None = None
    content_type: Annotated[Text, Field(max_length=256)] | None = None
    s3_data_type: Literal["S3Prefix", "ManifestFile", "AugmentedManifestFile"] | None = None
    data_distribution: Literal["FullyReplicated", "ShardedByS3Key"] | None = None
    compression_type: Literal["Gzip"] | None = None
    data_input_mode: Literal["File", "Pipe", "FastFile"] | None = None
    data_record_wrapping: Literal["RecordIO"] | None = None
    attribute_names: Annotated[list[str], AfterValidator(_attribute_names)] | None = None
    kms_key_arn: KmsKeyArn | None = None


class TunerRequest(TrainingRequest):
    tuner_configs: JsonObject | None = None
    hyperparamaters_ranges: Annotated[JsonObject, AfterValidator(_ranges)] | None = None  # sic


class AutopilotRequest(PipelineRequest):
    model_name: NamePart
    training_data: TrainingDataKey
    job_output_location: TrainingDataKey
    target_attribute: Annotated[Text, Field(max_length=128)]
    job_name: SageMakerName | None = None
    problem_type: Literal["Regression", "BinaryClassification", "MulticlassClassification"] | None = None
    job_objective: Literal["Accuracy", "MSE", "F1", "F1macro", "AUC"] | None = None
    compression_type: Literal["Gzip"] | None = None
    job_max_candidates: AutopilotCandidates | None = None
    encrypt_inner_traffic: BoolText | None = None
    max_runtime_per_job: TrainingRuntimeSeconds | None = None
    total_max_runtime: AutopilotTotalRuntimeSeconds | None = None
    generate_definition_only: BoolText | None = None  # sic: the original's request key
    kms_key_arn: KmsKeyArn | None = None


def _job_name(kind: str, limit: int) -> Derivation:
    def derive(request: Any, context: ParameterContext) -> str:
        if request.job_name:
            return str(request.job_name)
        return generated_name(request.model_name, kind, context.suffix("job"), limit)

    return derive


def _or(value: Any, default: str) -> str:
    return default if value is None else text(value)


def _training_parameters(limit: int) -> tuple[tuple[str, Derivation], ...]:
    return (
        *COMMON_PARAMETERS,
        ("NotificationsSNSTopicArn", lambda r, c: c.settings.notifications_topic_arn),
        ("JobName", _job_name("training" if limit == TRAINING_JOB_NAME_MAX else "tuner", limit)),
        ("ImageUri", lambda r, c: c.image_uri(r.model_framework, r.model_framework_version)),
        ("InstanceType", lambda r, c: _or(r.instance_type, "ml.m4.xlarge")),
        ("JobInstanceCount", lambda r, c: _or(r.instance_count, "1")),
        ("InstanceVolumeSize", lambda r, c: _or(r.instance_volume_size, "20")),
        ("JobOutputLocation", lambda r, c: clean(r.job_output_location)),
        ("TrainingData", lambda r, c: clean(r.training_data)),
        ("ValidationData", lambda r, c: clean(r.validation_data)),
        ("EncryptInnerTraffic", lambda r, c: _or(r.encrypt_inner_traffic, "True")),
        ("MaxRuntimePerJob", lambda r, c: _or(r.max_runtime_per_job, "86400")),
        ("UseSpotInstances", lambda r, c: _or(r.use_spot_instances, "True")),
        ("MaxWaitTimeForSpotInstances", lambda r, c: _or(r.max_wait_time_spot_instances, "172800")),
        ("ContentType", lambda r, c: _or(r.content_type, "csv")),
        ("S3DataType", lambda r, c: _or(r.s3_data_type, "S3Prefix")),
        ("DataDistribution", lambda r, c: _or(r.data_distribution, "FullyReplicated")),
        ("CompressionType", lambda r, c: _or(r.compression_type, "")),
        ("DataInputMode", lambda r, c: _or(r.data_input_mode, "File")),
        ("DataRecordWrapping", lambda r, c: _or(r.data_record_wrapping, "")),
        ("AttributeNames", lambda r, c: "" if r.attribute_names is None else json.dumps(r.attribute_names)),
        ("AlgoHyperparameteres", lambda r, c: json.dumps(r.algo_hyperparamaters)),
    )


_AUTOPILOT_PARAMETERS: tuple[tuple[str, Derivation], ...] = (
    *COMMON_PARAMETERS,
    ("NotificationsSNSTopicArn", lambda r, c: c.settings.notifications_topic_arn),
    ("JobName", _job_name("autopilot", AUTOML_JOB_NAME_MAX)),
    ("ProblemType", lambda r, c: _or(r.problem_type, "")),
    ("AutopilotJobObjective", lambda r, c: _or(r.job_objective, "")),
    ("TrainingData", lambda r, c: r.training_data),
    ("TargetAttribute", lambda r, c: r.target_attribute),
    ("JobOutputLocation", lambda r, c: clean(r.job_output_location)),
    ("CompressionType", lambda r, c: _or(r.compression_type, "")),
    ("AutopilotMaxCandidates", lambda r, c: _or(r.job_max_candidates, "10")),
    ("EncryptInnerTraffic", lambda r, c: _or(r.encrypt_inner_traffic, "True")),
    ("MaxRuntimePerJob", lambda r, c: _or(r.max_runtime_per_job, "86400")),
    ("AutopilotTotalRuntime", lambda r, c: _or(r.total_max_runtime, "2592000")),
    ("GenerateDefinitionsOnly", lambda r, c: _or(r.generate_definition_only, "False")),
)

_TRAINING_KEYS = (
    "pipeline_type",
    "model_name",
    "training_data",
    "job_output_location",
    "model_framework",
    "model_framework_version",
    "algo_hyperparamaters",
)
_TRAINING_OPTIONAL = tuple(
    key for key in TrainingRequest.model_fields if key not in _TRAINING_KEYS and key != "pipeline_type"
)
_AUTOPILOT_KEYS = ("pipeline_type", "model_name", "training_data", "job_output_location", "target_attribute")
_AUTOPILOT_OPTIONAL = tuple(key for key in AutopilotRequest.model_fields if key not in _AUTOPILOT_KEYS)


def _job_checks(limit: int, spot: bool) -> Any:
    def checks(request: Any) -> list[FieldProblem]:
        problems = []
        if request.job_name and len(request.job_name) > limit:
            problems.append(FieldProblem("job_name", f"must be at most {limit} characters for this job type"))
        if spot and (request.use_spot_instances or "True") == "True":
            runtime = request.max_runtime_per_job or 86400
            wait = request.max_wait_time_spot_instances or 172800
            if wait < runtime:
                problems.append(
                    FieldProblem(
                        "max_wait_time_spot_instances",
                        f"must be at least max_runtime_per_job ({runtime}) when spot instances are used",
                    )
                )
        return problems

    return checks


def _training_type(
    name: str,
    postfix: str,
    model: type[PipelineRequest],
    blueprint: Blueprint,
    limit: int,
    keys: Any,
    summary: str,
) -> PipelineType:
    return PipelineType(
        name=name,
        request_model=model,
        blueprint=blueprint,
        stack_postfix=postfix,
        deployment=Deployment.ORCHESTRATOR_ACCOUNT,
        parameters=_training_parameters(limit) if model is not AutopilotRequest else _AUTOPILOT_PARAMETERS,
        keys=keys,
        summary=summary,
        checks=_job_checks(limit, spot=model is not AutopilotRequest),
    )


def _training_keys(_mode: Mode, _problem_type: str) -> KeyRules:
    return KeyRules(_TRAINING_KEYS, _TRAINING_OPTIONAL)


def _tuner_keys(_mode: Mode, _problem_type: str) -> KeyRules:
    return KeyRules((*_TRAINING_KEYS, "tuner_configs", "hyperparamaters_ranges"), _TRAINING_OPTIONAL)


def _autopilot_keys(_mode: Mode, _problem_type: str) -> KeyRules:
    return KeyRules(_AUTOPILOT_KEYS, _AUTOPILOT_OPTIONAL)


TRAINING = _training_type(
    "model_training_builtin",
    "ModelTraining",
    TrainingRequest,
    blueprints.TRAINING,
    TRAINING_JOB_NAME_MAX,
    _training_keys,
    "A SageMaker training job with a built-in algorithm.",
)
TUNER = PipelineType(
    name="model_tuner_builtin",
    request_model=TunerRequest,
    blueprint=blueprints.TUNER,
    stack_postfix="TunerTraining",
    deployment=Deployment.ORCHESTRATOR_ACCOUNT,
    parameters=(
        *_training_parameters(TUNING_JOB_NAME_MAX),
        ("HyperparametersTunerConfig", lambda r, c: json.dumps(r.tuner_configs)),
        ("AlgoHyperparameteresRange", lambda r, c: json.dumps(r.hyperparamaters_ranges)),
    ),
    keys=_tuner_keys,
    summary="A SageMaker hyperparameter tuning job with a built-in algorithm.",
    checks=_job_checks(TUNING_JOB_NAME_MAX, spot=True),
)
AUTOPILOT = _training_type(
    "model_autopilot_training",
    "AutopilotTraining",
    AutopilotRequest,
    blueprints.AUTOPILOT,
    AUTOML_JOB_NAME_MAX,
    _autopilot_keys,
    "A SageMaker Autopilot (AutoML) job that finds the best model for tabular data.",
)
