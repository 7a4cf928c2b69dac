"""metric_type regression, binary_classification, multiclass_classification: Model Monitor model-quality
statistics (the statistics.json of a model-quality baseline or monitoring job).

    {"binary_classification_metrics": {
        "accuracy": {"value": 0.9, "standard_deviation": 0.01},
        "confusion_matrix": {"0": {"0": 220, "1": 8}, "1": {"0": 14, "1": 90}},
        "receiver_operating_characteristic_curve": {"false_positive_rates": [...], "true_positive_rates": [...]},
        "precision_recall_curve": {"precisions": [...], "recalls": [...]}}}

One metric group per file. The confusion matrix's outer keys are the actual labels (the rows) and its inner
keys the predicted ones (the columns). A metric Model Monitor could not compute has a null value and is left
out: it has no number to show.
"""

from __future__ import annotations

from collections.abc import Callable

from .shapes import (
    MetricFileError,
    as_number,
    as_numbers,
    as_object,
    group,
    is_number,
    linear_graph,
    matrix,
    number,
    required,
)

SECTIONS = {
    "regression": ("regression_metrics", "Regression metrics"),
    "binary_classification": ("binary_classification_metrics", "Binary classification metrics"),
    "multiclass_classification": ("multiclass_classification_metrics", "Multiclass classification metrics"),
}


def parser(metric_type: str) -> Callable[[object], list[dict[str, object]]]:
    key, title = SECTIONS[metric_type]

    def parse(document: object) -> list[dict[str, object]]:
        section = as_object(required(as_object(document, "the file"), key, ""), key)
        metrics = [metric for name, value in section.items() if (metric := _metric(key, name, value)) is not None]
        if not metrics:
            raise MetricFileError(f"{key} holds no metric with a value")
        return [group(title, metrics)]

    return parse


def _metric(section: str, name: str, value: object) -> dict[str, object] | None:
    where = f"{section}.{name}"
    if name == "confusion_matrix":
        return _confusion_matrix(as_object(value, where), where)
    if name == "receiver_operating_characteristic_curve":
        curve = as_object(value, where)
        return _curve(
            "ROC curve",
            curve,
            where,
            ("false_positive_rates", "false positive rate"),
            ("true_positive_rates", "true positive rate"),
        )
    if name == "precision_recall_curve":
        curve = as_object(value, where)
        return _curve("precision-recall curve", curve, where, ("recalls", "recall"), ("precisions", "precision"))
    statistic = as_object(value, where)
    measured = required(statistic, "value", f"{where}.")
    if measured is None:
        return None
    if not is_number(measured):
        raise MetricFileError(f"{where}.value must be a finite number or null")
    deviation = statistic.get("standard_deviation")
    notes = f"standard deviation: {deviation}" if is_number(deviation) else None
    return number(name, measured, notes)


def _curve(
    name: str, curve: dict[str, object], where: str, x: tuple[str, str], y: tuple[str, str]
) -> dict[str, object]:
    xs = as_numbers(required(curve, x[0], f"{where}."), f"{where}.{x[0]}")
    ys = as_numbers(required(curve, y[0], f"{where}."), f"{where}.{y[0]}")
    if len(xs) != len(ys) or not xs:
        raise MetricFileError(f"{where}: {x[0]} and {y[0]} must be non-empty and of the same length")
    return linear_graph(name, [[a, b] for a, b in zip(xs, ys, strict=True)], x[1], y[1])


def _confusion_matrix(counts: dict[str, object], where: str) -> dict[str, object]:
    if not counts:
        raise MetricFileError(f"{where} is empty")
    rows = {actual: as_object(predicted, f"{where}.{actual}") for actual, predicted in counts.items()}
    # Every label seen anywhere, in first-seen order: a label never predicted still gets its column of zeros.
    columns = list(dict.fromkeys([*rows, *(label for row in rows.values() for label in row)]))
    cells = [
        [as_number(row[column], f"{where}.{actual}.{column}") if column in row else 0 for column in columns]
        for actual, row in rows.items()
    ]
    return matrix("confusion matrix", cells, columns, list(rows))
