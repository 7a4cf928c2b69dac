"""Model Monitor's data-quality baseline: `statistics.json` and `constraints.json` from a CSV dataset.

The documents follow the formats the Model Monitor analyzer writes (version 0.0): per column an inferred
type (Integral, Fractional or String), counts of present and missing values, numerical statistics with a
KLL-style histogram or a categorical distribution; the constraints give each column's type, completeness
and, for numbers, whether they are non-negative, with the analyzer's default monitoring configuration.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

BUCKETS = 10
MAX_DOMAIN = 20
"""A string column with at most this many distinct values gets a domain constraint."""


def columns(rows: list[list[str]], header: bool) -> tuple[list[str], list[list[str]]]:
    """The column names and the data rows (without a header the analyzer names columns _c0, _c1, ...)."""
    if not rows:
        return [], []
    if header:
        return [name.strip() for name in rows[0]], rows[1:]
    return [f"_c{index}" for index in range(len(rows[0]))], rows


def _number(value: str) -> float | None:
    try:
        parsed = float(value)
    except ValueError:
        return None
    return parsed if math.isfinite(parsed) else None


def _feature(name: str, values: list[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    present = [value.strip() for value in values if value.strip() != ""]
    common = {"num_present": len(present), "num_missing": len(values) - len(present)}
    numbers = [_number(value) for value in present]
    completeness = len(present) / len(values) if values else 0.0
    if present and all(number is not None for number in numbers):
        found = [number for number in numbers if number is not None]
        integral = all(number.is_integer() and "." not in text for number, text in zip(found, present, strict=True))
        kind = "Integral" if integral else "Fractional"
        statistics = {"name": name, "inferred_type": kind, "numerical_statistics": _numerical(common, found)}
        numeric = {
            "name": name,
            "inferred_type": kind,
            "completeness": completeness,
            "num_constraints": {"is_non_negative": min(found) >= 0},
        }
        return statistics, numeric
    counts = Counter(present)
    statistics = {
        "name": name,
        "inferred_type": "String" if present else "Unknown",
        "string_statistics": {
            "common": common,
            "distinct_count": float(len(counts)),
            "distribution": {
                "categorical": {"buckets": [{"value": value, "count": count} for value, count in counts.most_common()]}
            },
        },
    }
    constraint: dict[str, Any] = {
        "name": name,
        "inferred_type": statistics["inferred_type"],
        "completeness": completeness,
    }
    if 0 < len(counts) <= MAX_DOMAIN:
        constraint["string_constraints"] = {"domains": sorted(counts)}
    return statistics, constraint


def _numerical(common: dict[str, int], values: list[float]) -> dict[str, Any]:
    total = sum(values)
    mean = total / len(values)
    low, high = min(values), max(values)
    width = (high - low) / BUCKETS or 1.0
    counts = [0] * BUCKETS
    for value in values:
        counts[min(BUCKETS - 1, int((value - low) / width))] += 1
    return {
        "common": common,
        "mean": mean,
        "sum": total,
        "std_dev": math.sqrt(sum((value - mean) ** 2 for value in values) / len(values)),
        "min": low,
        "max": high,
        "distribution": {
            "kll": {
                "buckets": [
                    {
                        "lower_bound": low + index * width,
                        "upper_bound": low + (index + 1) * width,
                        "count": float(count),
                    }
                    for index, count in enumerate(counts)
                ],
                "sketch": {"parameters": {"c": 0.64, "k": 2048.0}, "data": [sorted(values)]},
            }
        },
    }


def baseline(rows: list[list[str]], header: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    """(statistics.json, constraints.json) for the dataset's rows (CSV already split)."""
    names, data = columns(rows, header)
    features = []
    constraints = []
    for index, name in enumerate(names):
        statistics, constraint = _feature(name, [row[index] if index < len(row) else "" for row in data])
        features.append(statistics)
        constraints.append(constraint)
    return (
        {"version": 0.0, "dataset": {"item_count": len(data)}, "features": features},
        {
            "version": 0.0,
            "features": constraints,
            "monitoring_config": {
                "evaluate_constraints": "Enabled",
                "emit_metrics": "Enabled",
                "datatype_check_threshold": 1.0,
                "domain_content_threshold": 1.0,
                "distribution_constraints": {
                    "perform_comparison": "Enabled",
                    "comparison_threshold": 0.1,
                    "comparison_method": "Robust",
                    "categorical_comparison_threshold": 0.1,
                    "categorical_drift_method": "LInfinity",
                },
            },
        },
    )
