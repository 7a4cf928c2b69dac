"""Each metric file format as model-card metric groups, and the malformed files each parser refuses."""

from __future__ import annotations

import copy
from typing import Any, get_args

import pytest

from mlops_orchestrator.core.model_cards.metric_formats import PARSERS, MetricFileError, metric_groups
from mlops_orchestrator.core.model_cards.request import MetricGroup, MetricType
from tests.unit.metric_documents import (
    BINARY,
    CARD_SCHEMA,
    CLARIFY_BIAS,
    CLARIFY_BIAS_GROUPS,
    CLARIFY_EXPLAINABILITY,
    MULTICLASS,
    REGRESSION,
)


def test_there_is_a_parser_for_every_metric_type_the_request_accepts() -> None:
    assert set(PARSERS) == set(get_args(MetricType))


def test_model_card_metric_schema_is_taken_as_written() -> None:
    assert metric_groups("model_card_metric_schema", CARD_SCHEMA) == CARD_SCHEMA["metric_groups"]


def test_clarify_bias_gives_a_group_per_stage_facet_and_value_without_uncomputed_metrics() -> None:
    assert metric_groups("clarify_bias", CLARIFY_BIAS) == CLARIFY_BIAS_GROUPS


def test_clarify_bias_group_names_are_cut_to_the_schema_limit() -> None:
    document = copy.deepcopy(CLARIFY_BIAS)
    document["pre_training_bias_metrics"]["facets"] = {"f" * 80: document["pre_training_bias_metrics"]["facets"]["Sex"]}
    names = [group["name"] for group in metric_groups("clarify_bias", document)]
    assert len(names[0]) == 63 and names[0].startswith("Pre-training bias: fff")


def test_clarify_explainability_gives_a_bar_chart_per_label() -> None:
    assert metric_groups("clarify_explainability", CLARIFY_EXPLAINABILITY) == [
        {
            "name": "Explainability (SHAP): label0",
            "metric_data": [
                {
                    "name": "global SHAP values",
                    "type": "bar_chart",
                    "value": [0.041, 0.032, 0.011],
                    "x_axis_name": ["Capital Gain", "Relationship", "Age"],
                    "y_axis_name": "global SHAP value",
                },
                {"name": "expected value", "type": "number", "value": 0.246},
            ],
        }
    ]


def test_regression_statistics_are_numbers_with_their_standard_deviation() -> None:
    (group,) = metric_groups("regression", REGRESSION)
    assert group["name"] == "Regression metrics"
    assert group["metric_data"][0] == {
        "name": "mae",
        "type": "number",
        "value": 0.37,
        "notes": "standard deviation: 0.0038",
    }
    assert [metric["name"] for metric in group["metric_data"]] == ["mae", "mse", "rmse", "r2"]


def test_binary_classification_statistics_give_numbers_a_matrix_and_two_curves() -> None:
    (group,) = metric_groups("binary_classification", BINARY)
    by_name = {metric["name"]: metric for metric in group["metric_data"]}
    assert "auc" not in by_name  # Model Monitor could not compute it: no value to show
    assert by_name["confusion matrix"] == {
        "name": "confusion matrix",
        "type": "matrix",
        "value": [[222, 0], [14, 0]],
        "x_axis_name": ["0", "1"],
        "y_axis_name": ["0", "1"],
    }
    assert by_name["ROC curve"] == {
        "name": "ROC curve",
        "type": "linear_graph",
        "value": [[0.0, 0.0], [0.5, 0.75], [1.0, 1.0]],
        "x_axis_name": "false positive rate",
        "y_axis_name": "true positive rate",
    }
    assert by_name["precision-recall curve"]["value"] == [[0.1, 1.0], [0.9, 0.8]]
    assert (by_name["precision-recall curve"]["x_axis_name"], by_name["precision-recall curve"]["y_axis_name"]) == (
        "recall",
        "precision",
    )
    assert by_name["accuracy"]["value"] == 0.94


def test_multiclass_confusion_matrix_has_a_column_for_every_label() -> None:
    (group,) = metric_groups("multiclass_classification", MULTICLASS)
    matrix = group["metric_data"][0]
    assert matrix["x_axis_name"] == ["cat", "dog", "bird"]
    assert matrix["y_axis_name"] == ["cat", "dog"]
    assert matrix["value"] == [[5, 1, 0], [0, 7, 2]]


@pytest.mark.parametrize(
    ("metric_type", "document"),
    [
        ("model_card_metric_schema", CARD_SCHEMA),
        ("clarify_bias", CLARIFY_BIAS),
        ("clarify_explainability", CLARIFY_EXPLAINABILITY),
        ("regression", REGRESSION),
        ("binary_classification", BINARY),
        ("multiclass_classification", MULTICLASS),
    ],
)
def test_every_parsed_group_is_a_valid_model_card_metric_group(metric_type: str, document: dict[str, Any]) -> None:
    for group in metric_groups(metric_type, document):
        MetricGroup.model_validate(group)


def _without(document: dict[str, Any], *path: str) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    target = changed
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return changed


def _with(document: dict[str, Any], value: Any, *path: str | int) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    target: Any = changed
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return changed


@pytest.mark.parametrize(
    ("metric_type", "document", "message"),
    [
        ("model_card_metric_schema", [], "the file must be a JSON object, not an array"),
        ("model_card_metric_schema", {"groups": []}, "metric_groups is missing"),
        (
            "model_card_metric_schema",
            _with(CARD_SCHEMA, "chart", "metric_groups", 0, "metric_data", 0, "type"),
            "metric_groups[0].metric_data[0].type: input should be",
        ),
        (
            "model_card_metric_schema",
            _with(CARD_SCHEMA, "high", "metric_groups", 0, "metric_data", 0, "value"),
            "metric_groups[0].metric_data[0]: value does not fit type number",
        ),
        ("clarify_bias", REGRESSION, "neither pre_training_bias_metrics nor post_training_bias_metrics"),
        ("clarify_bias", _without(CLARIFY_BIAS, "pre_training_bias_metrics", "label"), "label is missing"),
        (
            "clarify_bias",
            _with(CLARIFY_BIAS, {"Sex": {"value_or_threshold": "0"}}, "pre_training_bias_metrics", "facets"),
            "pre_training_bias_metrics.facets.Sex must be a JSON array, not an object",
        ),
        (
            "clarify_bias",
            _with(CLARIFY_BIAS, "high", "post_training_bias_metrics", "facets", "Age", 0, "metrics", 0, "value"),
            "post_training_bias_metrics.facets.Age[0].metrics[0].value must be a finite number or null",
        ),
        ("clarify_explainability", CLARIFY_BIAS, "explanations is missing"),
        (
            "clarify_explainability",
            {"explanations": {"pdp": {}}},
            "explanations.kernel_shap is missing: only SHAP (kernel_shap) explanations are read",
        ),
        (
            "clarify_explainability",
            _with(CLARIFY_EXPLAINABILITY, "x", "explanations", "kernel_shap", "label0", "global_shap_values", "Age"),
            "explanations.kernel_shap.label0.global_shap_values.Age must be a finite number, not a string",
        ),
        ("clarify_explainability", {"explanations": {"kernel_shap": {}}}, "explanations.kernel_shap has no label"),
        ("regression", BINARY, "regression_metrics is missing"),
        ("regression", _with(REGRESSION, 0.37, "regression_metrics", "mae"), "regression_metrics.mae must be a JSON"),
        ("regression", _with(REGRESSION, {}, "regression_metrics"), "regression_metrics holds no metric with a value"),
        (
            "binary_classification",
            _with(BINARY, [0.1], "binary_classification_metrics", "precision_recall_curve", "precisions"),
            "must be non-empty and of the same length",
        ),
        (
            "binary_classification",
            _with(BINARY, {"0": {"0": "many"}}, "binary_classification_metrics", "confusion_matrix"),
            "binary_classification_metrics.confusion_matrix.0.0 must be a finite number, not a string",
        ),
        ("multiclass_classification", REGRESSION, "multiclass_classification_metrics is missing"),
        (
            "multiclass_classification",
            _with(MULTICLASS, {}, "multiclass_classification_metrics", "confusion_matrix"),
            "confusion_matrix is empty",
        ),
    ],
)
def test_a_file_not_in_its_declared_format_is_refused_saying_where(
    metric_type: str, document: Any, message: str
) -> None:
    with pytest.raises(MetricFileError) as raised:
        metric_groups(metric_type, document)
    assert message in str(raised.value)
