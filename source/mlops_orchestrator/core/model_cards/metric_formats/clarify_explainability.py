"""metric_type clarify_explainability: a SageMaker Clarify explainability analysis.json (SHAP).

    {"explanations": {"kernel_shap": {"label0": {"global_shap_values": {"age": 0.12, "income": 0.08},
                                                 "expected_value": 0.31}}}}

One metric group per label: the global SHAP values as a bar chart, feature by feature in the file's order
(Clarify writes them by importance), and the expected value (the model's base output) when given.
"""

from __future__ import annotations

from .shapes import MetricFileError, as_number, as_object, bar_chart, group, number, required


def parse(document: object) -> list[dict[str, object]]:
    explanations = as_object(required(as_object(document, "the file"), "explanations", ""), "explanations")
    if "kernel_shap" not in explanations:
        raise MetricFileError("explanations.kernel_shap is missing: only SHAP (kernel_shap) explanations are read")
    labels = as_object(explanations["kernel_shap"], "explanations.kernel_shap")
    groups = []
    for label, result in labels.items():
        where = f"explanations.kernel_shap.{label}"
        result = as_object(result, where)
        shap = as_object(required(result, "global_shap_values", f"{where}."), f"{where}.global_shap_values")
        if not shap:
            raise MetricFileError(f"{where}.global_shap_values is empty")
        values = [as_number(value, f"{where}.global_shap_values.{feature}") for feature, value in shap.items()]
        metrics = [bar_chart("global SHAP values", list(shap), values, "global SHAP value")]
        if result.get("expected_value") is not None:
            metrics.append(number("expected value", as_number(result["expected_value"], f"{where}.expected_value")))
        groups.append(group(f"Explainability (SHAP): {label}", metrics))
    if not groups:
        raise MetricFileError("explanations.kernel_shap has no label")
    return groups
