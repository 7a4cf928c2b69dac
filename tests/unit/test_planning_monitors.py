"""Monitor plans: 18/27/27/25 parameters in the original's order, with names within SageMaker's limits."""

from __future__ import annotations

import json
import re

import pytest

from mlops_orchestrator.core.planning import plan_request
from mlops_orchestrator.core.validation import validate_request
from tests.support import CountingSuffix, make_settings
from tests.unit.request_bodies import BIAS, EXPLAINABILITY, QUALITY, monitor_body

MONITOR_IMAGE = "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer"
CLARIFY_IMAGE = "205585389593.dkr.ecr.us-east-1.amazonaws.com/sagemaker-clarify-processing:1.0"
SAGEMAKER_NAME = re.compile(r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$")


def plan(body: dict[str, object], **mode: bool):  # type: ignore[no-untyped-def]
    settings = make_settings(**mode)
    return plan_request(validate_request(body, settings), settings, CountingSuffix())


BASE_NAMES = [
    "AssetsBucket",
    "KmsKeyArn",
    "BlueprintBucket",
    "BaselineJobName",
    "BaselineOutputBucket",
    "BaselineJobOutputLocation",
    "DataCaptureBucket",
    "DataCaptureLocation",
    "EndpointName",
    "ImageUri",
    "InstanceType",
    "InstanceVolumeSize",
    "BaselineMaxRuntimeSeconds",
    "MonitorMaxRuntimeSeconds",
    "MonitoringOutputLocation",
    "MonitoringScheduleName",
    "ScheduleExpression",
    "BaselineData",
]


def test_data_quality_parameters_in_order_with_values() -> None:
    result = plan(monitor_body("data_quality"))
    assert result.pipeline_stack == "mlops-pipeline-testmodel-byomdataqualitymonitor-codepipeline"
    assert result.blueprint_file == "byom_data_quality_monitor.yaml"
    assert list(result.stages[0].parameters) == [
        ("AssetsBucket", "testassetsbucket"),
        ("KmsKeyArn", ""),
        ("BlueprintBucket", "testbucket"),
        ("BaselineJobName", "test-endpoint-dataquality-s001"),
        ("BaselineOutputBucket", "testbucket"),
        ("BaselineJobOutputLocation", "testbucket/baseline_output/test-endpoint-dataquality-s001"),
        ("DataCaptureBucket", "testbucket"),
        ("DataCaptureLocation", "testbucket/datacapture"),
        ("EndpointName", "test-endpoint"),
        ("ImageUri", MONITOR_IMAGE),
        ("InstanceType", "ml.m5.large"),
        ("InstanceVolumeSize", "20"),
        ("BaselineMaxRuntimeSeconds", ""),
        ("MonitorMaxRuntimeSeconds", "1800"),
        ("MonitoringOutputLocation", "testbucket/monitor_output"),
        ("MonitoringScheduleName", "test-endpoint-dataquality-s002"),
        ("ScheduleExpression", "cron(0 * ? * * *)"),
        ("BaselineData", "baseline_data.csv"),
    ]


def test_model_quality_parameters() -> None:
    result = plan(monitor_body("model_quality", **QUALITY))
    parameters = result.stages[0].parameters
    assert [name for name, _ in parameters] == [
        *BASE_NAMES,
        "BaselineInferenceAttribute",
        "BaselineProbabilityAttribute",
        "BaselineGroundTruthAttribute",
        "ProblemType",
        "MonitorInferenceAttribute",
        "MonitorProbabilityAttribute",
        "ProbabilityThresholdAttribute",
        "GroundTruthBucket",
        "MonitorGroundTruthInput",
    ]
    values = dict(parameters)
    assert values["ImageUri"] == MONITOR_IMAGE
    assert values["BaselineJobName"] == "test-endpoint-modelquality-s001"
    assert values["BaselineInferenceAttribute"] == "prediction"
    assert values["BaselineProbabilityAttribute"] == ""
    assert values["ProblemType"] == "Regression"
    assert values["GroundTruthBucket"] == "testbucket"
    assert values["MonitorGroundTruthInput"] == "testbucket/groundtruth"


def test_model_bias_parameters_keep_falsy_configs_and_do_not_double_encode() -> None:
    body = monitor_body("model_bias", **{**BIAS, "bias_config": json.dumps(BIAS["bias_config"])})
    parameters = plan(body).stages[0].parameters
    assert [name for name, _ in parameters][18:] == [
        "ProblemType",
        "MonitorInferenceAttribute",
        "MonitorProbabilityAttribute",
        "ProbabilityThresholdAttribute",
        "GroundTruthBucket",
        "MonitorGroundTruthInput",
        "ModelPredictedLabelConfig",
        "BiasConfig",
        "FeaturesAttribute",
    ]
    values = dict(parameters)
    assert len(parameters) == 27
    assert values["ImageUri"] == CLARIFY_IMAGE
    assert json.loads(values["BiasConfig"]) == BIAS["bias_config"]
    assert json.loads(values["ModelPredictedLabelConfig"]) == {"probability_threshold": 0.8}
    assert values["FeaturesAttribute"] == "features"


def test_model_explainability_parameters() -> None:
    parameters = plan(monitor_body("model_explainability", **EXPLAINABILITY)).stages[0].parameters
    assert len(parameters) == 25
    assert [name for name, _ in parameters][18:] == [
        "ProblemType",
        "MonitorInferenceAttribute",
        "MonitorProbabilityAttribute",
        "ProbabilityThresholdAttribute",
        "SHAPConfig",
        "ExplainabilityModelScores",
        "FeaturesAttribute",
    ]
    values = dict(parameters)
    assert values["ImageUri"] == CLARIFY_IMAGE
    assert values["ExplainabilityModelScores"] == "0"
    assert json.loads(values["SHAPConfig"])["num_samples"] == 10


def test_generated_names_fit_sagemaker_limits_for_the_longest_endpoint() -> None:
    endpoint = "e" + "-x" * 31  # 63 characters, the longest endpoint name SageMaker accepts
    values = dict(
        plan(monitor_body("model_explainability", endpoint_name=endpoint, **EXPLAINABILITY)).stages[0].parameters
    )
    for name in ("BaselineJobName", "MonitoringScheduleName"):
        assert len(values[name]) <= 63
        assert SAGEMAKER_NAME.match(values[name]), values[name]
        assert values[name].endswith("-modelexplainability-s001") or values[name].endswith("-modelexplainability-s002")


def test_multi_account_monitor_gets_fresh_names_per_stage() -> None:
    body = monitor_body(
        "data_quality",
        endpoint_name={"dev": "dev-endpoint", "staging": "staging-endpoint", "prod": "prod-endpoint"},
        instance_volume_size={"dev": 10, "staging": "20", "prod": 30},
    )
    result = plan(body, multi_account=True)
    by_stage = {stage.stage: dict(stage.parameters) for stage in result.stages}
    assert by_stage["staging"]["EndpointName"] == "staging-endpoint"
    assert by_stage["prod"]["InstanceVolumeSize"] == "30"
    names = {values["BaselineJobName"] for values in by_stage.values()}
    assert len(names) == 3


@pytest.mark.parametrize(
    ("kind", "extra"),
    [("model_quality", QUALITY), ("model_bias", BIAS), ("model_explainability", EXPLAINABILITY)],
)
def test_every_monitor_carries_its_problem_type(kind: str, extra: dict[str, object]) -> None:
    values = dict(plan(monitor_body(kind, **extra)).stages[0].parameters)
    assert values["ProblemType"] == extra["problem_type"]
