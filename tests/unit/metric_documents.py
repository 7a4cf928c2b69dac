"""Metric files in each format the model-card tests read, and the metric groups expected from them."""

from __future__ import annotations

from typing import Any

CLARIFY_BIAS: dict[str, Any] = {
    "version": "1.0",
    "pre_training_bias_metrics": {
        "label": "Target",
        "label_value_or_threshold": "1",
        "facets": {
            "Sex": [
                {
                    "value_or_threshold": "0",
                    "metrics": [
                        {"name": "CI", "description": "Class Imbalance (CI)", "value": -0.33},
                        {"name": "DPL", "description": "Difference in Positive Proportions in Labels", "value": 0.2},
                        {
                            "name": "TVD",
                            "description": "Total Variation Distance (TVD)",
                            "value": None,
                            "error": "Facet has no positive labels",
                        },
                    ],
                }
            ]
        },
    },
    "post_training_bias_metrics": {
        "label": "Target",
        "label_value_or_threshold": "1",
        "facets": {
            "Age": [
                {
                    "value_or_threshold": "(40, 100]",
                    "metrics": [{"name": "DPPL", "description": "Difference in Positive Proportions", "value": 0.1}],
                }
            ]
        },
    },
}

CLARIFY_EXPLAINABILITY: dict[str, Any] = {
    "version": "1.0",
    "explanations": {
        "kernel_shap": {
            "label0": {
                "global_shap_values": {"Capital Gain": 0.041, "Relationship": 0.032, "Age": 0.011},
                "expected_value": 0.246,
            }
        }
    },
}

REGRESSION: dict[str, Any] = {
    "version": 0.0,
    "dataset": {"item_count": 4000, "evaluation_time": "2026-01-02T03:04:05.000Z"},
    "regression_metrics": {
        "mae": {"value": 0.37, "standard_deviation": 0.0038},
        "mse": {"value": 0.25, "standard_deviation": 0.0042},
        "rmse": {"value": 0.5, "standard_deviation": 0.0041},
        "r2": {"value": 0.63, "standard_deviation": 0.0062},
    },
}

BINARY: dict[str, Any] = {
    "version": 0.0,
    "dataset": {"item_count": 236},
    "binary_classification_metrics": {
        "confusion_matrix": {"0": {"0": 222, "1": 0}, "1": {"0": 14}},
        "recall": {"value": 0.0, "standard_deviation": 0.0},
        "accuracy": {"value": 0.94, "standard_deviation": 0.01},
        "auc": {"value": None, "standard_deviation": None},
        "receiver_operating_characteristic_curve": {
            "false_positive_rates": [0.0, 0.5, 1.0],
            "true_positive_rates": [0.0, 0.75, 1.0],
        },
        "precision_recall_curve": {"precisions": [1.0, 0.8], "recalls": [0.1, 0.9]},
    },
}

MULTICLASS: dict[str, Any] = {
    "version": 0.0,
    "multiclass_classification_metrics": {
        "confusion_matrix": {"cat": {"cat": 5, "dog": 1}, "dog": {"dog": 7, "bird": 2}},
        "weighted_f1": {"value": 0.81, "standard_deviation": 0.02},
    },
}

CARD_SCHEMA: dict[str, Any] = {
    "metric_groups": [
        {
            "name": "evaluation",
            "metric_data": [
                {"name": "auc", "type": "number", "value": 0.91, "notes": "validation set"},
                {"name": "passed", "type": "boolean", "value": True},
                {"name": "importance", "type": "bar_chart", "value": [0.4, 0.2], "x_axis_name": ["a", "b"]},
            ],
        }
    ]
}


# What the clarify_bias parser makes of CLARIFY_BIAS (the uncomputed metrics left out).
CLARIFY_BIAS_GROUPS: list[dict[str, Any]] = [
    {
        "name": "Pre-training bias: Sex=0, label Target=1",
        "metric_data": [
            {"name": "CI", "type": "number", "value": -0.33, "notes": "Class Imbalance (CI)"},
            {
                "name": "DPL",
                "type": "number",
                "value": 0.2,
                "notes": "Difference in Positive Proportions in Labels",
            },
        ],
    },
    {
        "name": "Post-training bias: Age=(40, 100], label Target=1",
        "metric_data": [
            {"name": "DPPL", "type": "number", "value": 0.1, "notes": "Difference in Positive Proportions"}
        ],
    },
]
