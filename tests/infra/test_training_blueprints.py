"""model_training_pipeline.yaml and model_hyperparameter_tunning_pipeline.yaml: parameters, conditions, the
job's custom resource and Lambda, IAM, the notification rule, outputs; cdk-nag (in synth) and cfn-lint clean."""

from __future__ import annotations

import pytest

from mlops_orchestrator.blueprints.model_training.runtime_package import TRAINING_LAMBDA
from mlops_orchestrator.blueprints.stacks import stack_of
from mlops_orchestrator.core.catalog.blueprints import TRAINING, TUNER
from tests.infra.blueprint_checks import (
    BOUNDARY_CONDITION,
    NO_VALUE,
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
def training() -> Synthesized:
    synthesized = synthesize(stack_of(TRAINING).build)
    assert synthesized.stack.node.id == "TrainingJobStack"
    return synthesized


@pytest.fixture(scope="module")
def tuner() -> Synthesized:
    synthesized = synthesize(stack_of(TUNER).build)
    assert synthesized.stack.node.id == "HyperparamaterTunningJobStack"
    return synthesized


def test_registered_with_the_lambda_package() -> None:
    for blueprint in (TRAINING, TUNER):
        assert stack_of(blueprint).lambdas == (TRAINING_LAMBDA,)


def test_parameters_are_the_catalogs_in_order(training: Synthesized, tuner: Synthesized) -> None:
    assert training.json["Parameters"] == TRAINING.cloudformation_parameters()
    assert list(training.json["Parameters"]) == [param.name for param in TRAINING.parameters]
    assert len(training.json["Parameters"]) == 25
    assert tuner.json["Parameters"] == TUNER.cloudformation_parameters()
    assert list(tuner.json["Parameters"])[-3:] == [
        "HyperparametersTunerConfig",
        "AlgoHyperparameteresRange",
        "PermissionsBoundaryArn",
    ]


def test_conditions_are_the_originals(training: Synthesized, tuner: Synthesized) -> None:
    expected = {
        "ValidationDataProvided": provided("ValidationData"),
        "RecordWrappingProvided": provided("DataRecordWrapping"),
        "CompressionTypeProvided": provided("CompressionType"),
        "KMSProvided": provided("KmsKeyArn"),
        "AttributeNamesProvided": provided("AttributeNames"),
    }
    assert training.json["Conditions"] == BOUNDARY_CONDITION | expected
    assert tuner.json["Conditions"] == BOUNDARY_CONDITION | expected


def test_custom_resource_passes_every_parameter(training: Synthesized, tuner: Synthesized) -> None:
    job = training.resource("TrainingJob")
    assert job["Type"] == "Custom::TrainingJob"
    properties = job["Properties"]
    assert properties == {
        "ServiceToken": training.get_att("TrainingJobFunction", "Arn"),
        "RoleArn": training.get_att("TrainingJobExecution/Role", "Arn"),
        "JobType": "training",
        "JobName": {"Ref": "JobName"},
        "AssetsBucket": {"Ref": "AssetsBucket"},
        "TrainingData": {"Ref": "TrainingData"},
        "ValidationData": when("ValidationDataProvided", "ValidationData"),
        "JobOutputLocation": {"Ref": "JobOutputLocation"},
        "S3DataType": {"Ref": "S3DataType"},
        "DataInputMode": {"Ref": "DataInputMode"},
        "ContentType": {"Ref": "ContentType"},
        "DataDistribution": {"Ref": "DataDistribution"},
        "AttributeNames": when("AttributeNamesProvided", "AttributeNames"),
        "KmsKeyArn": when("KMSProvided", "KmsKeyArn"),
        "ImageUri": {"Ref": "ImageUri"},
        "InstanceType": {"Ref": "InstanceType"},
        "InstanceCount": {"Ref": "JobInstanceCount"},
        "InstanceVolumeSize": {"Ref": "InstanceVolumeSize"},
        "CompressionType": when("CompressionTypeProvided", "CompressionType"),
        "DataRecordWrapping": when("RecordWrappingProvided", "DataRecordWrapping"),
        "EncryptInterContainerTraffic": {"Ref": "EncryptInnerTraffic"},
        "MaxRuntimeSeconds": {"Ref": "MaxRuntimePerJob"},
        "UseSpotInstances": {"Ref": "UseSpotInstances"},
        "MaxWaitSeconds": {"Ref": "MaxWaitTimeForSpotInstances"},
        "Hyperparameters": {"Ref": "AlgoHyperparameteres"},
    }
    assert_job_waits_for_both_policies(training, "Training")
    tuning = tuner.resource("TrainingJob")["Properties"]
    assert tuning == {
        **properties,
        "ServiceToken": tuner.get_att("TrainingJobFunction", "Arn"),
        "RoleArn": tuner.get_att("TrainingJobExecution/Role", "Arn"),
        "JobType": "tuning",
        "TunerConfig": {"Ref": "HyperparametersTunerConfig"},
        "HyperparameterRanges": {"Ref": "AlgoHyperparameteresRange"},
    }


def test_function_loads_its_code_from_the_blueprint_bucket(training: Synthesized) -> None:
    assert_function_starts_once_from_the_blueprint_bucket(
        training, "Training", TRAINING_LAMBDA, TRAINING_LAMBDA.handler
    )
    assert TRAINING_LAMBDA.key == "blueprints/lambdas/create_model_training_job.zip"


@pytest.mark.parametrize(
    ("name", "action", "arn"),
    [
        ("training", "sagemaker:CreateTrainingJob", "training-job/${JobName}"),
        ("tuner", "sagemaker:CreateHyperParameterTuningJob", "hyper-parameter-tuning-job/${JobName}"),
    ],
)
def test_function_creates_exactly_its_job_and_passes_the_role_to_sagemaker_only(
    request: pytest.FixtureRequest, name: str, action: str, arn: str
) -> None:
    bp: Synthesized = request.getfixturevalue(name)
    statements = policy_statements(bp.resource("TrainingJobFunctionPolicy"))
    assert statements["CreateJob"] == (
        None,
        {"Sid": "CreateJob", "Action": action, "Effect": "Allow", "Resource": {"Fn::Sub": SAGEMAKER_ARN + arn}},
    )
    assert_passes_its_execution_role_to_sagemaker_only(bp, "Training", statements)


def test_execution_role_reads_the_data_writes_the_output_and_uses_the_key(training: Synthesized) -> None:
    role = training.resource("TrainingJobExecution/Role")["Properties"]
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"Service": "sagemaker.amazonaws.com"}
    statements = policy_statements(training.resource("TrainingJobExecution/Policy"))
    assert set(statements) == {
        "ListAssets",
        "ReadInputData",
        "ReadWriteOutput",
        "WriteLogs",
        "PublishMetrics",
        "UseKmsKey",
    }
    assert statements["ReadInputData"][1]["Resource"] == [
        TRAINING_DATA_READ,
        {
            "Fn::If": [
                "ValidationDataProvided",
                {"Fn::Sub": "arn:${AWS::Partition}:s3:::${AssetsBucket}/${ValidationData}*"},
                NO_VALUE,
            ]
        },
    ]
    assert statements["ReadWriteOutput"][1]["Resource"] == {
        "Fn::Sub": "arn:${AWS::Partition}:s3:::${AssetsBucket}/${JobOutputLocation}/*"
    }
    assert statements["PublishMetrics"][1]["Resource"] == "*"
    assert "Condition" in statements["PublishMetrics"][1]
    assert statements["UseKmsKey"][0] == "KMSProvided"


def test_no_wildcard_actions(training: Synthesized, tuner: Synthesized) -> None:
    assert not [action for bp in (training, tuner) for action in all_actions(bp.json) if wildcard(action)]


@pytest.mark.parametrize(
    ("name", "detail_type", "field"),
    [
        ("training", "SageMaker Training Job State Change", "Training"),
        ("tuner", "SageMaker HyperParameter Tuning Job State Change", "HyperParameterTuning"),
    ],
)
def test_notification_rule_on_the_jobs_final_states(
    request: pytest.FixtureRequest, name: str, detail_type: str, field: str
) -> None:
    bp: Synthesized = request.getfixturevalue(name)
    rule = bp.resource("JobNotificationRule")["Properties"]
    assert rule["EventPattern"] == {
        "source": ["aws.sagemaker"],
        "detail-type": [detail_type],
        "detail": {f"{field}JobName": [{"Ref": "JobName"}], f"{field}JobStatus": ["Completed", "Failed", "Stopped"]},
    }
    (target,) = rule["Targets"]
    assert target["Arn"] == {"Ref": "NotificationsSNSTopicArn"}
    assert f"$.detail.{field}JobStatus" in str(target["InputTransformer"])


def test_outputs(training: Synthesized) -> None:
    assert_job_outputs(training, "Training", "ValidationDataLocation")
    assert training.json["Outputs"]["ValidationDataLocation"]["Condition"] == "ValidationDataProvided"


def test_cfn_lint_clean(training: Synthesized, tuner: Synthesized) -> None:
    assert cfn_lint(training.json) == []
    assert cfn_lint(tuner.json) == []
