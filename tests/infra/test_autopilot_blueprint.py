"""autopilot_training_pipeline.yaml: parameters, conditions, the Autopilot custom resource and Lambda, IAM,
the original's five notification rules, outputs; cdk-nag (in synth) and cfn-lint clean."""

from __future__ import annotations

import pytest

from mlops_orchestrator.blueprints import SYNTHESIZED_BLUEPRINTS
from mlops_orchestrator.blueprints.autopilot_training.stack import HANDLER
from mlops_orchestrator.blueprints.registry_training import AUTOPILOT_LAMBDA, TRAINING_BLUEPRINTS
from mlops_orchestrator.core.catalog.blueprints import AUTOPILOT
from tests.infra.blueprint_checks import Synthesized, all_actions, policy_statements, synthesize, wildcard
from tests.infra.support import cfn_lint

NO_VALUE = {"Ref": "AWS::NoValue"}
SAGEMAKER_ARN = "arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:"


def provided(name: str) -> dict[str, object]:
    return {"Fn::Not": [{"Fn::Equals": [{"Ref": name}, ""]}]}


def when(condition: str, name: str) -> dict[str, object]:
    return {"Fn::If": [condition, {"Ref": name}, NO_VALUE]}


@pytest.fixture(scope="module")
def bp() -> Synthesized:
    synthesized = synthesize(TRAINING_BLUEPRINTS["autopilot_training_pipeline.yaml"])
    assert synthesized.stack.node.id == "AutopilotJobStack"
    return synthesized


def test_registered_and_parameters_are_the_catalogs_in_order(bp: Synthesized) -> None:
    assert (
        SYNTHESIZED_BLUEPRINTS["autopilot_training_pipeline.yaml"]
        is TRAINING_BLUEPRINTS["autopilot_training_pipeline.yaml"]
    )
    assert bp.json["Parameters"] == AUTOPILOT.cloudformation_parameters()
    assert list(bp.json["Parameters"]) == [param.name for param in AUTOPILOT.parameters]
    assert len(bp.json["Parameters"]) == 16


def test_conditions_are_the_originals(bp: Synthesized) -> None:
    assert bp.json["Conditions"] == {
        "ProblemTypeProvided": provided("ProblemType"),
        "JobObjectiveProvided": provided("AutopilotJobObjective"),
        "CompressionTypeProvided": provided("CompressionType"),
        "KMSProvided": provided("KmsKeyArn"),
    }


def test_custom_resource_passes_every_parameter_including_compression_and_kms(bp: Synthesized) -> None:
    job = bp.resource("AutopilotJob")
    assert job["Type"] == "Custom::AutopilotJob"
    assert job["Properties"] == {
        "ServiceToken": bp.get_att("AutopilotJobFunction", "Arn"),
        "RoleArn": bp.get_att("AutopilotJobExecution/Role", "Arn"),
        "JobName": {"Ref": "JobName"},
        "AssetsBucket": {"Ref": "AssetsBucket"},
        "TrainingData": {"Ref": "TrainingData"},
        "JobOutputLocation": {"Ref": "JobOutputLocation"},
        "TargetAttribute": {"Ref": "TargetAttribute"},
        "KmsKeyArn": when("KMSProvided", "KmsKeyArn"),
        "ProblemType": when("ProblemTypeProvided", "ProblemType"),
        "JobObjective": when("JobObjectiveProvided", "AutopilotJobObjective"),
        "CompressionType": when("CompressionTypeProvided", "CompressionType"),
        "MaxCandidates": {"Ref": "AutopilotMaxCandidates"},
        "EncryptInterContainerTraffic": {"Ref": "EncryptInnerTraffic"},
        "MaxRuntimePerJob": {"Ref": "MaxRuntimePerJob"},
        "TotalJobRuntime": {"Ref": "AutopilotTotalRuntime"},
        "GenerateCandidateDefinitionsOnly": {"Ref": "GenerateDefinitionsOnly"},
    }
    assert set(job["DependsOn"]) >= {
        bp.logical_id("AutopilotJobFunctionPolicy"),
        bp.logical_id("AutopilotJobExecution/Policy"),
    }


def test_function_code_and_settings(bp: Synthesized) -> None:
    function = bp.resource("AutopilotJobFunction")["Properties"]
    assert function["Code"] == {"S3Bucket": {"Ref": "BlueprintBucket"}, "S3Key": AUTOPILOT_LAMBDA.key}
    assert AUTOPILOT_LAMBDA.key == "blueprints/lambdas/create_sagemaker_autopilot_job.zip"
    assert (function["Handler"], function["Runtime"]) == (HANDLER, "python3.14")


def test_function_creates_exactly_the_autopilot_job(bp: Synthesized) -> None:
    statements = policy_statements(bp.resource("AutopilotJobFunctionPolicy"))
    assert set(statements) == {"CreateJob", "PassExecutionRole", "GrantVolumeKey"}
    assert statements["CreateJob"][1]["Action"] == "sagemaker:CreateAutoMLJobV2"
    assert statements["CreateJob"][1]["Resource"] == {"Fn::Sub": SAGEMAKER_ARN + "automl-job/${JobName}"}
    assert statements["PassExecutionRole"][1]["Condition"] == {
        "StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}
    }
    assert statements["GrantVolumeKey"][0] == "KMSProvided"


def test_execution_role_is_scoped_to_the_jobs_data_and_sub_jobs(bp: Synthesized) -> None:
    statements = policy_statements(bp.resource("AutopilotJobExecution/Policy"))
    assert set(statements) == {
        "ListAssets",
        "ReadInputData",
        "ReadWriteOutput",
        "WriteLogs",
        "PublishMetrics",
        "RunAutopilotSubJobs",
        "DescribeAutopilotJob",
        "PassRoleToOwnJobs",
        "UseKmsKey",
    }
    assert statements["PassRoleToOwnJobs"][1]["Resource"] == bp.get_att("AutopilotJobExecution/Role", "Arn")
    assert statements["PassRoleToOwnJobs"][1]["Condition"] == {
        "StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}
    }
    assert statements["ReadInputData"][1]["Resource"] == [
        {"Fn::Sub": "arn:${AWS::Partition}:s3:::${AssetsBucket}/${TrainingData}*"}
    ]
    assert statements["RunAutopilotSubJobs"][1]["Resource"] == [
        {"Fn::Sub": f"{SAGEMAKER_ARN}{kind}/${{JobName}}*"}
        for kind in ("processing-job", "training-job", "transform-job")
    ]
    assert len(statements["WriteLogs"][1]["Resource"]) == 3
    assert statements["UseKmsKey"][0] == "KMSProvided"
    assert not [action for action in all_actions(bp.json) if wildcard(action)]


@pytest.mark.parametrize(
    ("rule", "detail_type", "field", "suffixes", "statuses"),
    [
        ("AutopilotJobTunerRule", "SageMaker HyperParameter Tuning Job State Change", "HyperParameterTuning", [""], 3),
        (
            "AutopilotJobProcessingRule",
            "SageMaker Processing Job State Change",
            "Processing",
            ["-dpp", "-documentation"],
            3,
        ),
        ("AutopilotJobInterProcessingRule", "SageMaker Processing Job State Change", "Processing", ["-dp", "-pr"], 2),
        ("AutopilotJobTrainingRule", "SageMaker Training Job State Change", "Training", ["-dpp"], 2),
        ("AutopilotJobTransformRule", "SageMaker Transform Job State Change", "Transform", ["-dpp"], 2),
    ],
)
def test_the_originals_notification_rules(
    bp: Synthesized, rule: str, detail_type: str, field: str, suffixes: list[str], statuses: int
) -> None:
    properties = bp.resource(rule)["Properties"]
    assert properties["EventPattern"] == {
        "source": ["aws.sagemaker"],
        "detail-type": [detail_type],
        "detail": {
            f"{field}JobName": [{"prefix": {"Fn::Sub": f"${{JobName}}{suffix}"}} for suffix in suffixes],
            f"{field}JobStatus": ["Completed", "Failed", "Stopped"][-statuses:],
        },
    }
    assert properties["Targets"][0]["Arn"] == {"Ref": "NotificationsSNSTopicArn"}


def test_outputs(bp: Synthesized) -> None:
    outputs = bp.json["Outputs"]
    assert set(outputs) == {"AutopilotJobName", "AutopilotJobOutputLocation", "TrainingDataLocation"}
    assert outputs["AutopilotJobName"]["Value"] == bp.get_att("AutopilotJob", "JobName")
    assert outputs["AutopilotJobOutputLocation"]["Value"] == bp.get_att("AutopilotJob", "OutputLocation")
    assert outputs["TrainingDataLocation"]["Value"] == {"Fn::Sub": "s3://${AssetsBucket}/${TrainingData}"}


def test_cfn_lint_clean(bp: Synthesized) -> None:
    assert cfn_lint(bp.json) == []
