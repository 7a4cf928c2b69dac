"""autopilot_training_pipeline.yaml: parameters, conditions, the Autopilot custom resource and Lambda, IAM,
the original's five notification rules, outputs; cdk-nag (in synth) and cfn-lint clean."""

from __future__ import annotations

import pytest

from mlops_orchestrator.blueprints.autopilot_training.runtime_package import AUTOPILOT_LAMBDA
from mlops_orchestrator.blueprints.stacks import stack_of
from mlops_orchestrator.core.catalog.blueprints import AUTOPILOT
from tests.infra.blueprint_checks import (
    BOUNDARY_CONDITION,
    SAGEMAKER_ARN,
    all_actions,
    policy_statements,
    provided,
    when,
    wildcard,
)
from tests.infra.job_resource_checks import (
    TRAINING_DATA_READ,
    assert_function_starts_once_from_the_blueprint_bucket,
    assert_job_outputs,
    assert_job_waits_for_both_policies,
    assert_passes_its_execution_role_to_sagemaker_only,
)
from tests.infra.support import Synthesized, cfn_lint, synthesize


@pytest.fixture(scope="module")
def bp() -> Synthesized:
    synthesized = synthesize(stack_of(AUTOPILOT).build)
    assert synthesized.stack.node.id == "AutopilotJobStack"
    return synthesized


def test_registered_and_parameters_are_the_catalogs_in_order(bp: Synthesized) -> None:
    assert stack_of(AUTOPILOT).lambdas == (AUTOPILOT_LAMBDA,)
    assert bp.json["Parameters"] == AUTOPILOT.cloudformation_parameters()
    assert list(bp.json["Parameters"]) == [param.name for param in AUTOPILOT.parameters]
    assert len(bp.json["Parameters"]) == 17


def test_conditions_are_the_originals(bp: Synthesized) -> None:
    assert bp.json["Conditions"] == BOUNDARY_CONDITION | {
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
    assert_job_waits_for_both_policies(bp, "Autopilot")


def test_function_code_and_settings(bp: Synthesized) -> None:
    assert_function_starts_once_from_the_blueprint_bucket(bp, "Autopilot", AUTOPILOT_LAMBDA, AUTOPILOT_LAMBDA.handler)
    assert AUTOPILOT_LAMBDA.key == "blueprints/lambdas/create_sagemaker_autopilot_job.zip"


def test_function_creates_exactly_the_autopilot_job(bp: Synthesized) -> None:
    statements = policy_statements(bp.resource("AutopilotJobFunctionPolicy"))
    assert set(statements) == {"CreateJob", "PassExecutionRole", "GrantVolumeKey", "DescribeVolumeKey"}
    assert statements["CreateJob"][1]["Action"] == "sagemaker:CreateAutoMLJobV2"
    assert statements["CreateJob"][1]["Resource"] == {"Fn::Sub": SAGEMAKER_ARN + "automl-job/${JobName}"}
    assert_passes_its_execution_role_to_sagemaker_only(bp, "Autopilot", statements)


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
        "ListAutopilotCandidates",
        "PassRoleToOwnJobs",
        "UseKmsKey",
    }
    assert statements["PassRoleToOwnJobs"][1]["Resource"] == bp.get_att("AutopilotJobExecution/Role", "Arn")
    assert statements["PassRoleToOwnJobs"][1]["Condition"] == {
        "StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}
    }
    assert statements["ReadInputData"][1]["Resource"] == [TRAINING_DATA_READ]
    assert statements["RunAutopilotSubJobs"][1]["Resource"] == [
        {"Fn::Sub": f"{SAGEMAKER_ARN}{kind}/${{JobName}}*"}
        for kind in ("processing-job", "training-job", "transform-job")
    ]
    assert len(statements["WriteLogs"][1]["Resource"]) == 3
    assert statements["UseKmsKey"][0] == "KMSProvided"
    # The action supports no resource type: scoped to the job's ARN it would never match.
    assert statements["ListAutopilotCandidates"][1]["Resource"] == "*"
    assert statements["DescribeAutopilotJob"][1]["Action"] == "sagemaker:DescribeAutoMLJobV2"
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
    assert_job_outputs(bp, "Autopilot")


def test_cfn_lint_clean(bp: Synthesized) -> None:
    assert cfn_lint(bp.json) == []
