"""Training pipelines that run in the orchestrator account: built-in training, tuning and Autopilot."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ..errors import FieldProblem
from ..naming import generated_name
from . import blueprints
from .declaration import (
    Blueprint,
    Deployment,
    Derivation,
    KeyRules,
    Mode,
    ParameterContext,
    Parameters,
    PipelineType,
    RequestT,
)
from .derive import COMMON_PARAMETERS, clean, text
from .training_requests import AutopilotRequest, TrainingRequest, TunerRequest

# SageMaker's name limits: training jobs 63 characters; tuning and AutoML jobs only 32.
TRAINING_JOB_NAME_MAX = 63
TUNING_JOB_NAME_MAX = 32
AUTOML_JOB_NAME_MAX = 32


def _job_name(kind: str, limit: int) -> Derivation[TrainingRequest | AutopilotRequest]:
    def derive(request: TrainingRequest | AutopilotRequest, context: ParameterContext) -> str:
        if request.job_name:
            return str(request.job_name)
        return generated_name(request.model_name, kind, context.suffix("job"), limit)

    return derive


def _or(value: object, default: str) -> str:
    return default if value is None else text(value)


def _training_parameters(limit: int) -> Parameters[TrainingRequest]:
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


_AUTOPILOT_PARAMETERS: Parameters[AutopilotRequest] = (
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


def _spot_checks(request: TrainingRequest) -> list[FieldProblem]:
    """Room for the training run within the spot wait, when spot instances are used."""
    if (request.use_spot_instances or "True") == "True":
        runtime = request.max_runtime_per_job or 86400
        wait = request.max_wait_time_spot_instances or 172800
        if wait < runtime:
            return [
                FieldProblem(
                    "max_wait_time_spot_instances",
                    f"must be at least max_runtime_per_job ({runtime}) when spot instances are used",
                )
            ]
    return []


def _training_type(
    name: str,
    postfix: str,
    model: type[RequestT],
    blueprint: Blueprint,
    parameters: Parameters[RequestT],
    keys: Callable[[Mode, str], KeyRules],
    checks: Callable[[RequestT], list[FieldProblem]],
    job_name_max: int,
    summary: str,
) -> PipelineType[RequestT]:
    return PipelineType(
        name=name,
        request_model=model,
        blueprint=blueprint,
        stack_postfix=postfix,
        deployment=Deployment.ORCHESTRATOR_ACCOUNT,
        parameters=parameters,
        keys=keys,
        summary=summary,
        max_lengths={"job_name": job_name_max},
        checks=checks,
    )


def _tuner_config(request: TunerRequest) -> str:
    """The settings as the caller wrote them (only the keys given), for the blueprint's tuning job."""
    config = request.tuner_configs
    return json.dumps(None if config is None else config.model_dump(exclude_unset=True))


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
    _training_parameters(TRAINING_JOB_NAME_MAX),
    _training_keys,
    _spot_checks,
    TRAINING_JOB_NAME_MAX,
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
        ("HyperparametersTunerConfig", lambda r, c: _tuner_config(r)),
        ("AlgoHyperparameteresRange", lambda r, c: json.dumps(r.hyperparamaters_ranges)),
    ),
    keys=_tuner_keys,
    summary="A SageMaker hyperparameter tuning job with a built-in algorithm.",
    checks=_spot_checks,
    max_lengths={"job_name": TUNING_JOB_NAME_MAX},
)
AUTOPILOT = _training_type(
    "model_autopilot_training",
    "AutopilotTraining",
    AutopilotRequest,
    blueprints.AUTOPILOT,
    _AUTOPILOT_PARAMETERS,
    _autopilot_keys,
    lambda _request: [],
    AUTOML_JOB_NAME_MAX,
    "A SageMaker Autopilot (AutoML) job that finds the best model for tabular data.",
)

DECLARED: tuple[PipelineType[Any], ...] = (TRAINING, TUNER, AUTOPILOT)
"""This module's pipeline types, in catalog order."""
