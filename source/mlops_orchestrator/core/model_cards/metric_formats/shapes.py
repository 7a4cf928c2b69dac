"""Model-card metric_data entries, and reading a metric file's JSON with errors that say where it is wrong.

The model card JSON schema caps a group name at 63 characters, a metric name at 255, notes at 1024 and an
axis name at 63; longer names from a file are cut rather than failing the whole card.
"""

from __future__ import annotations

import math
from typing import TypeGuard

GROUP_NAME_MAX = 63
METRIC_NAME_MAX = 255
NOTES_MAX = 1024
AXIS_NAME_MAX = 63


class MetricFileError(ValueError):
    """The file is not in its declared format; the message names the offending key."""


def group(name: str, metric_data: list[dict[str, object]]) -> dict[str, object]:
    return {"name": name[:GROUP_NAME_MAX], "metric_data": metric_data}


def number(name: str, value: float, notes: str | None = None) -> dict[str, object]:
    metric: dict[str, object] = {"name": name[:METRIC_NAME_MAX], "type": "number", "value": value}
    if notes:
        metric["notes"] = notes[:NOTES_MAX]
    return metric


def linear_graph(name: str, points: list[list[float]], x_axis: str, y_axis: str) -> dict[str, object]:
    return {
        "name": name[:METRIC_NAME_MAX],
        "type": "linear_graph",
        "value": points,
        "x_axis_name": x_axis[:AXIS_NAME_MAX],
        "y_axis_name": y_axis[:AXIS_NAME_MAX],
    }


def bar_chart(name: str, labels: list[str], values: list[float], y_axis: str) -> dict[str, object]:
    return {
        "name": name[:METRIC_NAME_MAX],
        "type": "bar_chart",
        "value": values,
        "x_axis_name": [label[:AXIS_NAME_MAX] for label in labels],
        "y_axis_name": y_axis[:AXIS_NAME_MAX],
    }


def matrix(name: str, rows: list[list[float]], columns: list[str], row_labels: list[str]) -> dict[str, object]:
    return {
        "name": name[:METRIC_NAME_MAX],
        "type": "matrix",
        "value": rows,
        "x_axis_name": [label[:AXIS_NAME_MAX] for label in columns],
        "y_axis_name": [label[:AXIS_NAME_MAX] for label in row_labels],
    }


def is_number(value: object) -> TypeGuard[float]:
    # bool is an int to Python but not a number to the model card; NaN and infinities are not JSON.
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def as_object(value: object, where: str) -> dict[str, object]:
    if not isinstance(value, dict):
        raise MetricFileError(f"{where} must be a JSON object, not {_kind(value)}")
    return value


def as_list(value: object, where: str) -> list[object]:
    if not isinstance(value, list):
        raise MetricFileError(f"{where} must be a JSON array, not {_kind(value)}")
    return value


def as_number(value: object, where: str) -> float:
    if not is_number(value):
        raise MetricFileError(f"{where} must be a finite number, not {_kind(value)}")
    return value


def as_numbers(value: object, where: str) -> list[float]:
    return [as_number(item, f"{where}[{index}]") for index, item in enumerate(as_list(value, where))]


def required(document: dict[str, object], key: str, where: str) -> object:
    if key not in document:
        raise MetricFileError(f"{where}{key} is missing")
    return document[key]


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"
