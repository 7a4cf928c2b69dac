"""The four model-monitor pipelines: data quality, model quality, model bias, model explainability."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from ..fields import model_package_version
from ..monitoring import PROBLEM_TYPES, MonitoringType
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
)
from .derive import COMMON_PARAMETERS, at_stage, bucket_of, clean, text
from .monitor_requests import ModelBiasRequest, ModelExplainabilityRequest, ModelQualityRequest, MonitorRequest
from .package_following import APPLIES_WITH_GROUP, FOLLOW_OPTIONS, PACKAGE_KEYS

_BASE_KEYS = (
    "pipeline_type",
    "model_name",
    "endpoint_name",
    "baseline_data",
    "baseline_job_output_location",
    "data_capture_location",
    "monitoring_output_location",
    "schedule_expression",
    "monitor_max_runtime_seconds",
    "instance_type",
    "instance_volume_size",
)
_BASE_OPTIONAL = ("kms_key_arn", "baseline_max_runtime_seconds")
_ATTRIBUTES = ("monitor_probability_attribute", "probability_threshold_attribute")


def _monitor_name(purpose: str, monitoring_type: MonitoringType, versioned: bool = False) -> Derivation[MonitorRequest]:
    def derive(request: MonitorRequest, context: ParameterContext) -> str:
        endpoint = text(at_stage(request.endpoint_name, context)).lower()
        middle = monitoring_type.lower()
        version = model_package_version(request.model_package_name or "") if versioned else None
        if version is not None:
            # Whose baseline it is shows in the job's name (and in the console's job list).
            middle = f"{middle}-v{version}"
        return generated_name(endpoint, middle, context.suffix(purpose), 63)

    return derive


def _base_parameters(monitoring_type: MonitoringType) -> Parameters[MonitorRequest]:
    baseline_name = _monitor_name("baseline", monitoring_type, versioned=True)
    return (
        *COMMON_PARAMETERS,
        ("BaselineJobName", baseline_name),
        ("BaselineOutputBucket", lambda r, c: bucket_of(clean(at_stage(r.baseline_job_output_location, c)))),
        (
            "BaselineJobOutputLocation",
            lambda r, c: f"{clean(at_stage(r.baseline_job_output_location, c))}/{baseline_name(r, c)}",
        ),
        ("DataCaptureBucket", lambda r, c: bucket_of(clean(at_stage(r.data_capture_location, c)))),
        ("DataCaptureLocation", lambda r, c: clean(at_stage(r.data_capture_location, c))),
        ("EndpointName", lambda r, c: text(at_stage(r.endpoint_name, c)).lower()),
        ("ImageUri", lambda r, c: c.monitor_image_uri(monitoring_type)),
        ("InstanceType", lambda r, c: at_stage(r.instance_type, c)),
        ("InstanceVolumeSize", lambda r, c: text(at_stage(r.instance_volume_size, c))),
        ("BaselineMaxRuntimeSeconds", lambda r, c: text(at_stage(r.baseline_max_runtime_seconds, c))),
        ("MonitorMaxRuntimeSeconds", lambda r, c: text(at_stage(r.monitor_max_runtime_seconds, c))),
        ("MonitoringOutputLocation", lambda r, c: clean(at_stage(r.monitoring_output_location, c))),
        ("MonitoringScheduleName", _monitor_name("schedule", monitoring_type)),
        ("ScheduleExpression", lambda r, c: at_stage(r.schedule_expression, c)),
        ("BaselineData", lambda r, c: r.baseline_data),
    )


def _json_or_empty(value: object) -> str:
    return "" if value is None else json.dumps(value)


# Keys that some monitor kinds declare each (not on a shared base, so that each model keeps its key order).
_WithProblemType = ModelQualityRequest | ModelBiasRequest | ModelExplainabilityRequest
_WithGroundTruth = ModelQualityRequest | ModelBiasRequest
_WithFeatures = ModelBiasRequest | ModelExplainabilityRequest

_PROBLEM_PARAMETERS: Parameters[_WithProblemType] = (
    ("ProblemType", lambda r, c: text(r.problem_type)),
    ("MonitorInferenceAttribute", lambda r, c: text(r.monitor_inference_attribute)),
    ("MonitorProbabilityAttribute", lambda r, c: text(r.monitor_probability_attribute)),
    ("ProbabilityThresholdAttribute", lambda r, c: text(r.probability_threshold_attribute)),
)
_GROUND_TRUTH_PARAMETERS: Parameters[_WithGroundTruth] = (
    ("GroundTruthBucket", lambda r, c: bucket_of(at_stage(r.monitor_ground_truth_input, c))),
    ("MonitorGroundTruthInput", lambda r, c: text(at_stage(r.monitor_ground_truth_input, c))),
)
_FEATURES: Parameters[_WithFeatures] = (("FeaturesAttribute", lambda r, c: text(r.features_attribute)),)


_MonitorT = TypeVar("_MonitorT", bound=MonitorRequest)


def _monitor_type(
    monitoring_type: MonitoringType,
    name: str,
    postfix: str,
    model: type[_MonitorT],
    blueprint: Blueprint,
    extra: Parameters[_MonitorT],
    keys: Callable[[Mode, str], KeyRules],
    summary: str,
) -> tuple[MonitoringType, PipelineType[_MonitorT]]:
    return monitoring_type, PipelineType(
        name=name,
        request_model=model,
        blueprint=blueprint,
        stack_postfix=postfix,
        deployment=Deployment.STAGED,
        parameters=(*_base_parameters(monitoring_type), *extra),
        keys=_with_registry_keys(keys),
        summary=summary,
        problem_types=() if model is MonitorRequest else PROBLEM_TYPES,
        optional_parameters=(("ModelPackageName", lambda r, c: r.model_package_name),),
    )


def _with_registry_keys(keys: Callable[[Mode, str], KeyRules]) -> Callable[[Mode, str], KeyRules]:
    """In registry mode a monitor may name the model version it baselines, or a group to follow; never both."""

    def rules(mode: Mode, problem_type: str) -> KeyRules:
        found = keys(mode, problem_type)
        if not mode.model_registry:
            return found
        optional = (*found.optional, *PACKAGE_KEYS, *FOLLOW_OPTIONS)
        return KeyRules(found.required, optional, one_of=PACKAGE_KEYS, applies_with=APPLIES_WITH_GROUP)

    return rules


def _data_quality_keys(_mode: Mode, _problem_type: str) -> KeyRules:
    return KeyRules(_BASE_KEYS, _BASE_OPTIONAL)


def _model_quality_keys(_mode: Mode, problem_type: str) -> KeyRules:
    if problem_type == "BinaryClassification":
        specific: tuple[str, ...] = (
            "baseline_inference_attribute",
            "baseline_ground_truth_attribute",
            "baseline_probability_attribute",
            "problem_type",
            "monitor_ground_truth_input",
        )
    else:
        specific = (
            "baseline_inference_attribute",
            "baseline_ground_truth_attribute",
            "problem_type",
            "monitor_inference_attribute",
            "monitor_ground_truth_input",
        )
    every = (
        "baseline_probability_attribute",
        "monitor_inference_attribute",
        *_ATTRIBUTES,
    )
    return KeyRules((*_BASE_KEYS, *specific), _optional(specific, every))


def _model_bias_keys(_mode: Mode, problem_type: str) -> KeyRules:
    if problem_type == "Regression":
        specific: tuple[str, ...] = (
            "problem_type",
            "monitor_inference_attribute",
            "monitor_ground_truth_input",
            "bias_config",
        )
    elif problem_type == "BinaryClassification":
        specific = (
            "problem_type",
            "monitor_ground_truth_input",
            "model_predicted_label_config",
            "bias_config",
        )
    else:
        specific = (
            "problem_type",
            "monitor_inference_attribute",
            "monitor_ground_truth_input",
            "model_predicted_label_config",
            "bias_config",
        )
    every = (
        "monitor_inference_attribute",
        "model_predicted_label_config",
        "features_attribute",
        *_ATTRIBUTES,
    )
    return KeyRules((*_BASE_KEYS, *specific), _optional(specific, every))


def _model_explainability_keys(_mode: Mode, problem_type: str) -> KeyRules:
    if problem_type == "BinaryClassification":
        specific: tuple[str, ...] = ("problem_type", "shap_config")
    else:
        specific = ("problem_type", "monitor_inference_attribute", "shap_config")
    every = ("monitor_inference_attribute", "model_scores", "features_attribute", *_ATTRIBUTES)
    return KeyRules((*_BASE_KEYS, *specific), _optional(specific, every))


def _optional(required: tuple[str, ...], candidates: tuple[str, ...]) -> tuple[str, ...]:
    return (*_BASE_OPTIONAL, *(key for key in candidates if key not in required))


MONITORS: dict[MonitoringType, PipelineType[Any]] = dict(
    (
        _monitor_type(
            MonitoringType.DATA_QUALITY,
            "byom_data_quality_monitor",
            "BYOMDataQualityMonitor",
            MonitorRequest,
            blueprints.DATA_QUALITY_MONITOR,
            (),
            _data_quality_keys,
            "A baseline and a schedule that watch the statistics of an endpoint's captured data.",
        ),
        _monitor_type(
            MonitoringType.MODEL_QUALITY,
            "byom_model_quality_monitor",
            "BYOMModelQualityMonitor",
            ModelQualityRequest,
            blueprints.MODEL_QUALITY_MONITOR,
            (
                ("BaselineInferenceAttribute", lambda r, c: text(r.baseline_inference_attribute)),
                ("BaselineProbabilityAttribute", lambda r, c: text(r.baseline_probability_attribute)),
                ("BaselineGroundTruthAttribute", lambda r, c: text(r.baseline_ground_truth_attribute)),
                *_PROBLEM_PARAMETERS,
                *_GROUND_TRUTH_PARAMETERS,
            ),
            _model_quality_keys,
            "A baseline and a schedule that compare an endpoint's predictions with ground truth.",
        ),
        _monitor_type(
            MonitoringType.MODEL_BIAS,
            "byom_model_bias_monitor",
            "BYOMModelBiasMonitor",
            ModelBiasRequest,
            blueprints.MODEL_BIAS_MONITOR,
            (
                *_PROBLEM_PARAMETERS,
                *_GROUND_TRUTH_PARAMETERS,
                ("ModelPredictedLabelConfig", lambda r, c: _json_or_empty(r.model_predicted_label_config)),
                ("BiasConfig", lambda r, c: _json_or_empty(r.bias_config)),
                *_FEATURES,
            ),
            _model_bias_keys,
            "A SageMaker Clarify baseline and schedule that watch an endpoint's predictions for bias.",
        ),
        _monitor_type(
            MonitoringType.MODEL_EXPLAINABILITY,
            "byom_model_explainability_monitor",
            "BYOMModelExplainabilityMonitor",
            ModelExplainabilityRequest,
            blueprints.MODEL_EXPLAINABILITY_MONITOR,
            (
                *_PROBLEM_PARAMETERS,
                ("SHAPConfig", lambda r, c: _json_or_empty(r.shap_config)),
                ("ExplainabilityModelScores", lambda r, c: _json_or_empty(r.model_scores)),
                *_FEATURES,
            ),
            _model_explainability_keys,
            "A SageMaker Clarify baseline and schedule that watch an endpoint's feature attributions.",
        ),
    )
)
"""The monitor pipeline type of each kind."""

DECLARED: tuple[PipelineType[Any], ...] = tuple(MONITORS.values())
"""This module's pipeline types, in catalog order."""
