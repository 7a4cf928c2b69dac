"""metric_type clarify_bias: a SageMaker Clarify bias analysis.json.

    {"pre_training_bias_metrics": {"label": "Target", "label_value_or_threshold": "1",
        "facets": {"Gender": [{"value_or_threshold": "0",
                               "metrics": [{"name": "CI", "description": "Class Imbalance (CI)", "value": 0.2}]}]}},
     "post_training_bias_metrics": {... the same shape ...}}

One metric group per stage, facet and facet value. Clarify writes a null value (with an "error") for a metric
it cannot compute on the data; such a metric has no number to show and is left out.
"""

from __future__ import annotations

from .shapes import MetricFileError, as_list, as_object, group, is_number, number, required

STAGES = {"pre_training_bias_metrics": "Pre-training bias", "post_training_bias_metrics": "Post-training bias"}


def parse(document: object) -> list[dict[str, object]]:
    analysis = as_object(document, "the file")
    if not any(stage in analysis for stage in STAGES):
        raise MetricFileError(
            "has neither pre_training_bias_metrics nor post_training_bias_metrics: not a Clarify bias analysis.json"
        )
    groups = []
    for stage, title in STAGES.items():
        if stage in analysis:
            groups += _stage(as_object(analysis[stage], stage), stage, title)
    return groups


def _stage(section: dict[str, object], stage: str, title: str) -> list[dict[str, object]]:
    label = _text(required(section, "label", f"{stage}."), f"{stage}.label")
    threshold = section.get("label_value_or_threshold")
    label_text = f"{label}={_text(threshold, f'{stage}.label_value_or_threshold')}" if threshold is not None else label
    facets = as_object(required(section, "facets", f"{stage}."), f"{stage}.facets")
    groups = []
    for facet, values in facets.items():
        for index, entry in enumerate(as_list(values, f"{stage}.facets.{facet}")):
            where = f"{stage}.facets.{facet}[{index}]"
            entry = as_object(entry, where)
            value = _text(required(entry, "value_or_threshold", f"{where}."), f"{where}.value_or_threshold")
            metrics = _metrics(as_list(required(entry, "metrics", f"{where}."), f"{where}.metrics"), where)
            if metrics:
                groups.append(group(f"{title}: {facet}={value}, label {label_text}", metrics))
    return groups


def _metrics(items: list[object], where: str) -> list[dict[str, object]]:
    metrics = []
    for index, item in enumerate(items):
        metric = as_object(item, f"{where}.metrics[{index}]")
        name = required(metric, "name", f"{where}.metrics[{index}].")
        if not isinstance(name, str) or not name:
            raise MetricFileError(f"{where}.metrics[{index}].name must be a non-empty string")
        value = metric.get("value")
        if value is None:
            continue
        if not is_number(value):
            raise MetricFileError(f"{where}.metrics[{index}].value must be a finite number or null")
        description = metric.get("description")
        metrics.append(number(name, value, description if isinstance(description, str) else None))
    return metrics


def _text(value: object, where: str) -> str:
    # Labels and facet values are strings or numbers (a threshold) in Clarify's output.
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value)
    raise MetricFileError(f"{where} must be a string or a number")
