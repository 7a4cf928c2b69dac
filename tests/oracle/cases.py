"""The inputs the oracle and our Lambda both get: the custom resource's properties per case, the baseline
dataset's first bytes (Clarify reads its header) and the model behind the endpoint.

Every case starts from the properties of tests/unit/blueprints/test_baseline_runtime.py and sets the optional
inputs (KMS key, runtime limit, several instances) in at least one case per monitor kind, so that each input
is seen by both sides.
"""

from __future__ import annotations

import json
from typing import Any

KMS = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
ROLE = "arn:aws:iam::123456789012:role/baseline-role"
# The images the SDK picks for us-east-1 (the oracle reports them; the comparison checks they are these).
ANALYZER = "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer"
CLARIFY = "205585389593.dkr.ecr.us-east-1.amazonaws.com/sagemaker-clarify-processing:1.0"
MODEL_NAME = "my-model"
DATASET = "label,age,income\n1,30,100\n0,45,80\n"

COMMON: dict[str, str] = {
    "ServiceToken": "arn:aws:lambda:us-east-1:123456789012:function:baseline",
    "AssetsBucket": "assets-bucket",
    "BaselineData": "data/training.csv",
    "RoleArn": ROLE,
    "InstanceType": "ml.m5.large",
    "InstanceCount": "1",
    "InstanceVolumeSize": "20",
    "MaxRuntimeSeconds": "",
    "KmsKeyArn": "",
    "EndpointName": "my-endpoint",
    "StackName": "mlops-pipeline-monitor",
}
ENCRYPTED_AND_BOUNDED = {"KmsKeyArn": KMS, "MaxRuntimeSeconds": "3600", "InstanceCount": "2"}


def _case(monitoring_type: str, name: str, **properties: str) -> dict[str, Any]:
    image = CLARIFY if monitoring_type in ("ModelBias", "ModelExplainability") else ANALYZER
    return {
        "properties": {
            **COMMON,
            "MonitoringType": monitoring_type,
            "ImageUri": image,
            "BaselineJobName": name,
            "BaselineJobOutputLocation": f"baseline-bucket/baselines/{name}",
            **properties,
        },
        "dataset": DATASET,
        "model_name": MODEL_NAME,
    }


BIAS = {"label_values_or_threshold": [1], "facet_name": "age", "facet_values_or_threshold": [40], "group_name": None}
TWO_FACETS = {
    "label_values_or_threshold": [1],
    "facet_name": ["age", "income"],
    "facet_values_or_threshold": [[40], [90]],
    "group_name": "income",
}
SHAP = {"baseline": "shap/baseline.csv", "num_samples": 100, "agg_method": "mean_abs"}
SHAP_ROWS = {"baseline": [[35, 90]], "num_samples": 50, "agg_method": "median", "save_local_shap_values": False}

CASES: dict[str, dict[str, Any]] = {
    "data_quality": _case("DataQuality", "ep-dataquality-ab12", **ENCRYPTED_AND_BOUNDED),
    "data_quality_defaults": _case("DataQuality", "ep-dataquality-cd34"),
    "model_quality_binary": _case(
        "ModelQuality",
        "ep-modelquality-ab12",
        ProblemType="BinaryClassification",
        InferenceAttribute="prediction",
        ProbabilityAttribute="probability",
        ProbabilityThresholdAttribute="0.5",
        GroundTruthAttribute="label",
        **ENCRYPTED_AND_BOUNDED,
    ),
    "model_quality_binary_inference": _case(
        "ModelQuality",
        "ep-modelquality-cd34",
        ProblemType="BinaryClassification",
        InferenceAttribute="prediction",
        ProbabilityAttribute="probability",
        ProbabilityThresholdAttribute="",
        GroundTruthAttribute="label",
    ),
    "model_quality_regression": _case(
        "ModelQuality",
        "ep-modelquality-ef56",
        ProblemType="Regression",
        InferenceAttribute="prediction",
        ProbabilityAttribute="probability",
        ProbabilityThresholdAttribute="0.5",
        GroundTruthAttribute="label",
    ),
    "model_bias": _case(
        "ModelBias",
        "ep-modelbias-ab12",
        BiasConfig=json.dumps(BIAS),
        ModelPredictedLabelConfig=json.dumps({"probability": "score", "probability_threshold": 0.7}),
        **ENCRYPTED_AND_BOUNDED,
    ),
    "model_bias_two_facets": _case(
        "ModelBias",
        "ep-modelbias-cd34",
        BiasConfig=json.dumps(TWO_FACETS),
        ModelPredictedLabelConfig="",
    ),
    "model_explainability": _case(
        "ModelExplainability",
        "ep-modelexplainability-ab12",
        SHAPConfig=json.dumps(SHAP),
        ModelScores="0",
        ProblemType="BinaryClassification",
        ProbabilityThresholdAttribute="0.5",
        **ENCRYPTED_AND_BOUNDED,
    ),
    "model_explainability_rows": _case(
        "ModelExplainability",
        "ep-modelexplainability-cd34",
        SHAPConfig=json.dumps(SHAP_ROWS),
        ModelScores="",
        ProblemType="Regression",
        ProbabilityThresholdAttribute="",
    ),
}
