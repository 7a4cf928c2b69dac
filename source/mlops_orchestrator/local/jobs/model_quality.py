"""Model Monitor's model-quality baseline: metrics of predictions against ground truth, from a CSV dataset.

The analyzer's formats (version 0.0): `binary_classification_metrics`, `multiclass_classification_metrics`
or `regression_metrics` in statistics.json, each metric `{value, standard_deviation}`; the matching
`*_constraints` in constraints.json take each baseline value as the threshold, with the comparison that
flags a worse model.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

_TRUE = {"1", "1.0", "true", "true.", "yes"}
_HIGHER_IS_WORSE = {"false_positive_rate", "false_negative_rate", "mae", "mse", "rmse"}


class DatasetProblem(ValueError):
    """The dataset lacks a column the analysis names (the job fails with this as its reason)."""


def _column(names: list[str], rows: list[list[str]], name: str) -> list[str]:
    if name not in names:
        raise DatasetProblem(f"the column '{name}' is not in the dataset's header ({', '.join(names)})")
    index = names.index(name)
    return [row[index].strip() if index < len(row) else "" for row in rows]


def _metric(value: float, count: int) -> dict[str, float]:
    spread = math.sqrt(max(0.0, value * (1 - value)) / count) if 0 <= value <= 1 and count else 0.0
    return {"value": round(value, 6), "standard_deviation": round(spread, 6)}


def _ratio(top: float, bottom: float) -> float:
    return top / bottom if bottom else 0.0


def _f_beta(precision: float, recall: float, beta: float) -> float:
    weight = beta * beta
    return _ratio((1 + weight) * precision * recall, weight * precision + recall)


def _auc(scores: list[float], truth: list[bool]) -> float:
    """The probability that a positive scores above a negative (ties count half)."""
    positives = [score for score, label in zip(scores, truth, strict=True) if label]
    negatives = [score for score, label in zip(scores, truth, strict=True) if not label]
    if not positives or not negatives:
        return 0.5
    wins = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def _binary(truth: list[bool], predicted: list[bool], scores: list[float] | None) -> dict[str, Any]:
    tp = sum(t and p for t, p in zip(truth, predicted, strict=True))
    tn = sum(not t and not p for t, p in zip(truth, predicted, strict=True))
    fp = sum(not t and p for t, p in zip(truth, predicted, strict=True))
    fn = sum(t and not p for t, p in zip(truth, predicted, strict=True))
    count = len(truth)
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    base_rate = _ratio(tp + fn, count)
    values = {
        "recall": recall,
        "precision": precision,
        "accuracy": _ratio(tp + tn, count),
        "recall_best_constant_classifier": 1.0 if base_rate else 0.0,
        "precision_best_constant_classifier": base_rate,
        "accuracy_best_constant_classifier": max(base_rate, 1 - base_rate),
        "true_positive_rate": recall,
        "true_negative_rate": _ratio(tn, tn + fp),
        "false_positive_rate": _ratio(fp, fp + tn),
        "false_negative_rate": _ratio(fn, fn + tp),
        "auc": _auc(scores if scores is not None else [float(p) for p in predicted], truth),
        "f0_5": _f_beta(precision, recall, 0.5),
        "f1": _f_beta(precision, recall, 1.0),
        "f2": _f_beta(precision, recall, 2.0),
    }
    metrics: dict[str, Any] = {
        "confusion_matrix": {"0": {"0": tn, "1": fp}, "1": {"0": fn, "1": tp}},
    }
    metrics.update({name: _metric(value, count) for name, value in values.items()})
    return metrics


def _multiclass(truth: list[str], predicted: list[str]) -> dict[str, Any]:
    count = len(truth)
    labels = sorted(set(truth) | set(predicted))
    weighted = {"weighted_recall": 0.0, "weighted_precision": 0.0, "weighted_f1": 0.0}
    for label in labels:
        support = truth.count(label)
        hits = sum(t == p == label for t, p in zip(truth, predicted, strict=True))
        precision, recall = _ratio(hits, predicted.count(label)), _ratio(hits, support)
        weighted["weighted_recall"] += recall * support / count
        weighted["weighted_precision"] += precision * support / count
        weighted["weighted_f1"] += _f_beta(precision, recall, 1.0) * support / count
    accuracy = _ratio(sum(t == p for t, p in zip(truth, predicted, strict=True)), count)
    metrics: dict[str, Any] = {
        "confusion_matrix": {
            t: {p: sum(a == t and b == p for a, b in zip(truth, predicted, strict=True)) for p in labels}
            for t in labels
        },
        "accuracy": _metric(accuracy, count),
    }
    metrics.update({name: _metric(value, count) for name, value in weighted.items()})
    return metrics


def _regression(truth: list[float], predicted: list[float]) -> dict[str, Any]:
    count = len(truth)
    errors = [p - t for t, p in zip(truth, predicted, strict=True)]
    mse = sum(error * error for error in errors) / count
    mean = sum(truth) / count
    spread = sum((t - mean) ** 2 for t in truth)
    values = {
        "mae": sum(abs(error) for error in errors) / count,
        "mse": mse,
        "rmse": math.sqrt(mse),
        "r2": 1 - _ratio(mse * count, spread) if spread else 0.0,
    }
    return {name: {"value": round(value, 6), "standard_deviation": 0.0} for name, value in values.items()}


def _numbers(values: list[str], name: str) -> list[float]:
    try:
        return [float(value) for value in values]
    except ValueError as error:
        raise DatasetProblem(f"the column '{name}' must hold numbers: {error}") from error


def baseline(
    names: list[str], rows: list[list[str]], settings: Mapping[str, str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(statistics.json, constraints.json); `settings` are the analyzer's environment variables."""
    if not rows:
        raise DatasetProblem("the dataset has no rows")
    problem = settings.get("problem_type", "BinaryClassification")
    truth_name = settings.get("ground_truth_attribute", "")
    truth = _column(names, rows, truth_name)
    probability_name = settings.get("probability_attribute", "")
    if problem == "Regression":
        predicted_name = settings.get("inference_attribute", "")
        prefix = "regression"
        metrics = _regression(
            _numbers(truth, truth_name), _numbers(_column(names, rows, predicted_name), predicted_name)
        )
    elif problem == "MulticlassClassification":
        prefix = "multiclass_classification"
        metrics = _multiclass(truth, _column(names, rows, settings.get("inference_attribute", "")))
    else:
        prefix = "binary_classification"
        labels = [value.lower() in _TRUE for value in truth]
        if probability_name:
            scores = _numbers(_column(names, rows, probability_name), probability_name)
            threshold = float(settings.get("probability_threshold_attribute") or 0.5)
            metrics = _binary(labels, [score >= threshold for score in scores], scores)
        else:
            predicted = _column(names, rows, settings.get("inference_attribute", ""))
            metrics = _binary(labels, [value.lower() in _TRUE for value in predicted], None)
    constraints = {
        name: {
            "threshold": metric["value"],
            "comparison_operator": "GreaterThanThreshold" if name in _HIGHER_IS_WORSE else "LessThanThreshold",
        }
        for name, metric in metrics.items()
        if isinstance(metric, dict) and "value" in metric and "best_constant" not in name
    }
    return (
        {"version": 0.0, "dataset": {"item_count": len(rows)}, f"{prefix}_metrics": metrics},
        {"version": 0.0, f"{prefix}_constraints": constraints},
    )
