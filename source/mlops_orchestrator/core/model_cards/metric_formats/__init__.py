"""Metric files (Clarify, Model Monitor, model-card JSON) as model-card metric groups, one parser per metric_type."""

from __future__ import annotations

from collections.abc import Callable

from . import card_schema, clarify_bias, clarify_explainability, model_quality
from .shapes import MetricFileError

PARSERS: dict[str, Callable[[object], list[dict[str, object]]]] = {
    "model_card_metric_schema": card_schema.parse,
    "clarify_bias": clarify_bias.parse,
    "clarify_explainability": clarify_explainability.parse,
    **{metric_type: model_quality.parser(metric_type) for metric_type in model_quality.SECTIONS},
}


def metric_groups(metric_type: str, document: object) -> list[dict[str, object]]:
    """The file's metric groups, or MetricFileError saying where it departs from the metric_type's format."""
    return PARSERS[metric_type](document)


__all__ = ["PARSERS", "MetricFileError", "metric_groups"]
