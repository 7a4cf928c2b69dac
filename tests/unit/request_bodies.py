"""Request bodies the planning and validation tests start from: real-time inference and the four monitors."""

from __future__ import annotations

from tests.support import ACCOUNT

CUSTOM_URI = f"{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/custom-algorithm:1"


def realtime_body(kind: str = "builtin", **extra: object) -> dict[str, object]:
    body: dict[str, object] = {
        "pipeline_type": f"byom_realtime_{kind}",
        "model_name": "testmodel",
        "model_artifact_location": "model.tar.gz",
        "inference_instance": "ml.m5.large",
        "data_capture_location": "bucket/datacapture/",
    }
    if kind == "builtin":
        body.update(model_framework="xgboost", model_framework_version="1.2-2")
    else:
        body["custom_image_uri"] = CUSTOM_URI
    body.update(extra)
    return body


def monitor_body(kind: str, **extra: object) -> dict[str, object]:
    body: dict[str, object] = {
        "pipeline_type": f"byom_{kind}_monitor",
        "model_name": "testmodel",
        "endpoint_name": "Test-Endpoint",
        "baseline_data": "baseline_data.csv",
        "baseline_job_output_location": "s3://testbucket/baseline_output/",
        "data_capture_location": "testbucket/datacapture",
        "monitoring_output_location": "testbucket/monitor_output/",
        "schedule_expression": "cron(0 * ? * * *)",
        "monitor_max_runtime_seconds": "1800",
        "instance_type": "ml.m5.large",
        "instance_volume_size": 20,
    }
    body.update(extra)
    return body


QUALITY = {
    "problem_type": "Regression",
    "baseline_inference_attribute": "prediction",
    "baseline_ground_truth_attribute": "label",
    "monitor_inference_attribute": "0",
    "monitor_ground_truth_input": "testbucket/groundtruth",
}
BIAS = {
    "problem_type": "BinaryClassification",
    "monitor_ground_truth_input": "testbucket/groundtruth",
    "bias_config": {"label_values_or_threshold": [1], "facet_name": "Age"},
    "model_predicted_label_config": {"probability_threshold": 0.8},
    "features_attribute": "features",
}
EXPLAINABILITY = {
    "problem_type": "Regression",
    "monitor_inference_attribute": "0",
    "shap_config": {"baseline": "shap.csv", "num_samples": 10, "agg_method": "mean_abs"},
    "model_scores": 0,
}
