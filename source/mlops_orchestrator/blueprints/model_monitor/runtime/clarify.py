"""Clarify's `analysis_config.json`: the one the baseline job runs with and the one the monitor reads."""

from __future__ import annotations

import json
from typing import Any

from mlops_orchestrator.blueprints.custom_resource_runtime.properties import InvalidPropertiesError
from mlops_orchestrator.core.monitoring import MonitoringType

from .properties import BaselineProperties

CSV = "text/csv"
REPORT = {"name": "report", "title": "Analysis Report"}
_BIAS_KEYS = ("label_values_or_threshold", "facet_name")
_SHAP_DEFAULTS = {"use_logit": False, "save_local_shap_values": True}


def json_object(raw: str, key: str, *, optional: bool) -> dict[str, Any]:
    if not raw and optional:
        return {}
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as error:
        raise InvalidPropertiesError(f"{key} must be a JSON object: {error.msg}") from error
    if not isinstance(value, dict):
        raise InvalidPropertiesError(f"{key} must be a JSON object, not {type(value).__name__}")
    return value


def headers_and_label(first_line: str) -> tuple[list[str], str]:
    """The dataset's column names (its first CSV line); the label is the first column, as in the original."""
    headers = [name.strip() for name in first_line.strip().split(",")]
    if not headers or not headers[0]:
        raise InvalidPropertiesError("the baseline data must start with a CSV header line naming its columns")
    return headers, headers[0]


def bias_config(inputs: BaselineProperties) -> dict[str, Any]:
    """BiasConfig of the SDK: label values, one facet per name, and an optional group variable."""
    given = json_object(inputs.bias_config, "BiasConfig", optional=False)
    missing = [key for key in _BIAS_KEYS if key not in given]
    if missing:
        raise InvalidPropertiesError(f"BiasConfig must include {', '.join(missing)}")
    names = given["facet_name"] if isinstance(given["facet_name"], list) else [given["facet_name"]]
    values = given.get("facet_values_or_threshold")
    if values is not None and len(names) > 1 and len(values) != len(names):
        raise InvalidPropertiesError("BiasConfig facet_values_or_threshold needs one entry per facet_name")
    facets = []
    for index, name in enumerate(names):
        facet: dict[str, Any] = {"name_or_index": name}
        if values is not None:
            facet["value_or_threshold"] = values[index] if len(names) > 1 else values
        facets.append(facet)
    config: dict[str, Any] = {"label_values_or_threshold": given["label_values_or_threshold"], "facet": facets}
    if given.get("group_name") is not None:
        config["group_variable"] = given["group_name"]
    return config


def predicted_label(inputs: BaselineProperties) -> tuple[dict[str, Any], Any]:
    """ModelPredictedLabelConfig: (its predictor settings, its probability threshold or None)."""
    given = json_object(inputs.model_predicted_label_config, "ModelPredictedLabelConfig", optional=True)
    unknown = sorted(set(given) - {"label", "probability", "probability_threshold", "label_headers"})
    if unknown:
        raise InvalidPropertiesError(f"ModelPredictedLabelConfig has unknown keys: {', '.join(unknown)}")
    predictor = {key: given[key] for key in ("label", "probability", "label_headers") if given.get(key) is not None}
    return predictor, given.get("probability_threshold")


def shap_config(inputs: BaselineProperties) -> dict[str, Any]:
    """SHAPConfig; a baseline given as a string is a key in the assets bucket, as in the original."""
    given = json_object(inputs.shap_config, "SHAPConfig", optional=False)
    if "baseline" not in given:
        raise InvalidPropertiesError("SHAPConfig must include baseline (rows, or a CSV key in the assets bucket)")
    shap = {**_SHAP_DEFAULTS, **given}
    if isinstance(shap["baseline"], str) and not shap["baseline"].startswith("s3://"):
        shap["baseline"] = f"s3://{inputs.assets_bucket}/{shap['baseline'].lstrip('/')}"
    return shap


def _predictor(model_name: str, inputs: BaselineProperties) -> dict[str, Any]:
    """ModelConfig of the original: the shadow endpoint is sized like the job; the request content type is left
    to Clarify, which sends the dataset's own (text/csv)."""
    return {
        "model_name": model_name,
        "instance_type": inputs.instance_type,
        "initial_instance_count": inputs.instance_count,
        "accept_type": CSV,
    }


def analysis_configs(
    inputs: BaselineProperties, headers: list[str], label: str, model_name: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the baseline job's config, the monitor's config at `{baseline}/monitor/analysis_config.json`)."""
    predictor = _predictor(model_name, inputs)
    if inputs.monitoring_type == MonitoringType.MODEL_BIAS:
        bias = bias_config(inputs)
        label_settings, threshold = predicted_label(inputs)
        predictor.update(label_settings)
        job: dict[str, Any] = {
            "dataset_type": CSV,
            "headers": headers,
            "label": label,
            **bias,
            # The SDK's run_bias, which ModelBiasMonitor.suggest_baseline calls, asks for both.
            "methods": {
                "report": REPORT,
                "pre_training_bias": {"methods": "all"},
                "post_training_bias": {"methods": "all"},
            },
            "predictor": predictor,
        }
        if threshold is not None:
            job["probability_threshold"] = threshold
        return job, {**bias, "headers": headers, "label": label}
    shap = shap_config(inputs)
    scores = json_or_text(inputs.model_scores)
    if scores is not None:
        predictor["label"] = scores
    job = {
        "dataset_type": CSV,
        "headers": headers,
        "label": label,
        "methods": {"report": REPORT, "shap": shap},
        "predictor": predictor,
    }
    # The monitor explains captured endpoint requests: features only, so no label column and no label; the model
    # scores' location is the job definition's InferenceAttribute (ExplainabilityAnalysisConfig of the SDK).
    monitor_predictor = {key: value for key, value in predictor.items() if key != "label"}
    features = [name for name in headers if name != label]
    return job, {"methods": {"shap": shap}, "predictor": monitor_predictor, "headers": features}


def json_or_text(raw: str) -> Any:
    """ExplainabilityModelScores: JSON (an index or a name, JSON-encoded by the orchestrator) or empty."""
    if not raw:
        return None
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        return raw
