"""SageMaker Clarify's `analysis.json` for bias and explainability baselines, from the job's analysis config.

Bias: pre- and post-training metrics per facet (class imbalance, difference in positive proportions, ...).
Explainability: Kernel SHAP's global values per feature. Values are repeatable scores, not computed from a
model: local mode has no model to ask.
"""

from __future__ import annotations

from typing import Any

from .common import score

_PRE_TRAINING = {
    "CI": "Class Imbalance (CI)",
    "DPL": "Difference in Positive Proportions in Labels (DPL)",
    "KL": "Kullback-Liebler Divergence (KL)",
}
_POST_TRAINING = {
    "DPPL": "Difference in Positive Proportions in Predicted Labels (DPPL)",
    "DI": "Disparate Impact (DI)",
    "AD": "Accuracy Difference (AD)",
}


def _facets(config: dict[str, Any], metrics: dict[str, str], seed: str) -> dict[str, Any]:
    facets: dict[str, Any] = {}
    for facet in config.get("facet") or []:
        name = str(facet.get("name_or_index"))
        facets[name] = [
            {
                "value_or_threshold": ",".join(str(value) for value in facet.get("value_or_threshold") or []),
                "metrics": [
                    {"name": key, "description": text, "value": score(seed, name, key, low=-0.2, high=0.2)}
                    for key, text in metrics.items()
                ],
            }
        ]
    return facets


def analysis(config: dict[str, Any], seed: str) -> dict[str, Any]:
    methods = config.get("methods") or {}
    label = config.get("label")
    result: dict[str, Any] = {"version": "1.0"}
    label_values = ",".join(str(value) for value in config.get("label_values_or_threshold") or [])
    if "pre_training_bias" in methods:
        result["pre_training_bias_metrics"] = {
            "label": label,
            "label_value_or_threshold": label_values,
            "facets": _facets(config, _PRE_TRAINING, f"{seed}-pre"),
        }
    if "post_training_bias" in methods:
        result["post_training_bias_metrics"] = {
            "label": label,
            "label_value_or_threshold": label_values,
            "facets": _facets(config, _POST_TRAINING, f"{seed}-post"),
        }
    if "shap" in methods:
        features = [name for name in config.get("headers") or [] if name != label]
        result["explanations"] = {
            "kernel_shap": {
                "label0": {
                    "expected_value": score(seed, "expected", low=0.2, high=0.8),
                    "global_shap_values": {name: score(seed, name, low=0.0, high=0.3) for name in features},
                }
            }
        }
    return result


def inputs_it_reads(config: dict[str, Any]) -> list[str]:
    """S3 objects the analysis config names besides the dataset (a SHAP baseline given as a CSV object)."""
    baseline = ((config.get("methods") or {}).get("shap") or {}).get("baseline")
    return [baseline] if isinstance(baseline, str) and baseline.startswith("s3://") else []
