"""The create_hyper_parameter_tuning_job request: the training definition plus the tuner's configuration.

The tuner configuration uses the original's keys (the SageMaker Python SDK's HyperparameterTuner arguments):
objective_metric_name (required), objective_type, max_jobs, max_parallel_jobs, strategy,
early_stopping_type and metric_definitions. Ranges are `{name: ["continuous"|"integer", [min, max]]}` or
`{name: ["categorical", [values...]]}`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mlops_orchestrator.blueprints.custom_resource_runtime.properties import InvalidPropertiesError

from .properties import TuningProperties
from .training import hyperparameters, job_definition

_STRATEGIES = ("Bayesian", "Random", "Hyperband", "Grid")
_OBJECTIVE_TYPES = ("Maximize", "Minimize")
_EARLY_STOPPING = ("Off", "Auto")
_KNOWN = {
    "objective_metric_name",
    "objective_type",
    "max_jobs",
    "max_parallel_jobs",
    "strategy",
    "early_stopping_type",
    "metric_definitions",
}


def _choice(config: Mapping[str, Any], key: str, allowed: tuple[str, ...]) -> str:
    value = str(config.get(key, allowed[0]))
    if value not in allowed:
        raise InvalidPropertiesError(f"tuner {key} must be one of {', '.join(allowed)}, not {value!r}")
    return value


def _count(config: Mapping[str, Any], key: str) -> int:
    value = config.get(key, 1)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidPropertiesError(f"tuner {key} must be a whole number of at least 1, not {value!r}")
    return value


def parameter_ranges(ranges: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The API's ParameterRanges; bounds and values are strings, as SageMaker requires."""
    mapped: dict[str, list[dict[str, Any]]] = {
        "ContinuousParameterRanges": [],
        "IntegerParameterRanges": [],
        "CategoricalParameterRanges": [],
    }
    for name, declared in ranges.items():
        if not (isinstance(declared, list) and len(declared) == 2 and isinstance(declared[1], list)):
            raise InvalidPropertiesError(f"range of {name} must be [kind, [values]]")
        kind, values = declared
        if kind == "categorical" and values:
            mapped["CategoricalParameterRanges"].append({"Name": name, "Values": [str(value) for value in values]})
        elif kind in ("continuous", "integer") and len(values) == 2:
            key = "ContinuousParameterRanges" if kind == "continuous" else "IntegerParameterRanges"
            mapped[key].append({"Name": name, "MinValue": str(values[0]), "MaxValue": str(values[1])})
        else:
            raise InvalidPropertiesError(
                f'range of {name} must be ["continuous" or "integer", [min, max]] or ["categorical", [values]]'
            )
    return mapped


def tuning_job_request(job: TuningProperties) -> dict[str, Any]:
    config = job.tuner_config
    unknown = sorted(set(config) - _KNOWN)
    if unknown:
        raise InvalidPropertiesError(f"unknown tuner settings: {', '.join(unknown)}")
    metric = str(config.get("objective_metric_name") or "").strip()
    if not metric:
        raise InvalidPropertiesError("tuner objective_metric_name is required")
    definition = job_definition(job)
    metric_definitions = config.get("metric_definitions")
    if metric_definitions:
        definition["AlgorithmSpecification"]["MetricDefinitions"] = [
            {"Name": str(entry["Name"]), "Regex": str(entry["Regex"])} for entry in metric_definitions
        ]
    # Tuned hyperparameters are set per training job; the fixed ones stay static.
    ranges = job.hyperparameter_ranges
    static = {name: value for name, value in hyperparameters(job).items() if name not in ranges}
    return {
        "HyperParameterTuningJobName": job.job_name,
        "HyperParameterTuningJobConfig": {
            "Strategy": _choice(config, "strategy", _STRATEGIES),
            "HyperParameterTuningJobObjective": {
                "Type": _choice(config, "objective_type", _OBJECTIVE_TYPES),
                "MetricName": metric,
            },
            "ResourceLimits": {
                "MaxNumberOfTrainingJobs": _count(config, "max_jobs"),
                "MaxParallelTrainingJobs": _count(config, "max_parallel_jobs"),
            },
            "ParameterRanges": parameter_ranges(ranges),
            "TrainingJobEarlyStoppingType": _choice(config, "early_stopping_type", _EARLY_STOPPING),
        },
        "TrainingJobDefinition": {"StaticHyperParameters": static, **definition},
    }
