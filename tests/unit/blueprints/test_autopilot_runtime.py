"""The Autopilot custom resource: the exact create_auto_ml_job_v2 request, compression and KMS included."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from botocore.stub import Stubber

from mlops_orchestrator.blueprints.autopilot_training.runtime import handler
from mlops_orchestrator.blueprints.autopilot_training.runtime_package import AUTOPILOT_LAMBDA
from mlops_orchestrator.blueprints.stacks import blueprint_lambdas
from tests.unit.blueprints.custom_resource_stubs import (
    KMS,
    ROLE,
    Answers,
    cfn_event,
    record_answers,
    stubbed_sagemaker,
    success,
)
from tests.unit.blueprints.workload_package import zip_imports

BASE = {
    "ServiceToken": "arn:aws:lambda:us-east-1:123456789012:function:autopilot",
    "RoleArn": ROLE,
    "JobName": "churn-autopilot-ab12",
    "AssetsBucket": "assets-bucket",
    "TrainingData": "data/train.csv",
    "JobOutputLocation": "autopilot-output",
    "TargetAttribute": "churned",
    "MaxCandidates": "10",
    "EncryptInterContainerTraffic": "True",
    "MaxRuntimePerJob": "86400",
    "TotalJobRuntime": "2592000",
    "GenerateCandidateDefinitionsOnly": "False",
}


def expected_request() -> dict[str, Any]:
    return {
        "AutoMLJobName": "churn-autopilot-ab12",
        "AutoMLJobInputDataConfig": [
            {
                "ChannelType": "training",
                "ContentType": "text/csv;header=present",
                "CompressionType": "None",
                "DataSource": {
                    "S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://assets-bucket/data/train.csv"}
                },
            }
        ],
        "OutputDataConfig": {"S3OutputPath": "s3://assets-bucket/autopilot-output"},
        "AutoMLProblemTypeConfig": {
            "TabularJobConfig": {
                "CompletionCriteria": {
                    "MaxCandidates": 10,
                    "MaxRuntimePerTrainingJobInSeconds": 86400,
                    "MaxAutoMLJobRuntimeInSeconds": 2592000,
                },
                "GenerateCandidateDefinitionsOnly": False,
                "TargetAttributeName": "churned",
            }
        },
        "RoleArn": ROLE,
        "SecurityConfig": {"EnableInterContainerTrafficEncryption": True},
    }


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    return record_answers(monkeypatch)


@pytest.fixture
def sagemaker(monkeypatch: pytest.MonkeyPatch) -> Iterator[Stubber]:
    with stubbed_sagemaker(monkeypatch, handler) as stubber:
        yield stubber


def test_create_starts_the_job_letting_autopilot_infer_the_problem(answers: Answers, sagemaker: Stubber) -> None:
    sagemaker.add_response("create_auto_ml_job_v2", {"AutoMLJobArn": "arn:aws:sagemaker:x"}, expected_request())
    handler.lambda_handler(cfn_event("Create", "Custom::AutopilotJob", BASE), None)
    assert answers.only == success(
        "churn-autopilot-ab12",
        {"JobName": "churn-autopilot-ab12", "OutputLocation": "s3://assets-bucket/autopilot-output"},
    )


def test_compression_kms_problem_type_and_objective_are_honoured(answers: Answers, sagemaker: Stubber) -> None:
    properties = {
        **BASE,
        "CompressionType": "Gzip",
        "KmsKeyArn": KMS,
        "ProblemType": "BinaryClassification",
        "JobObjective": "F1",
        "MaxCandidates": "3",
        "EncryptInterContainerTraffic": "False",
        "GenerateCandidateDefinitionsOnly": "True",
    }
    request = expected_request()
    request["AutoMLJobInputDataConfig"][0]["CompressionType"] = "Gzip"
    request["OutputDataConfig"]["KmsKeyId"] = KMS
    request["SecurityConfig"] = {"EnableInterContainerTrafficEncryption": False, "VolumeKmsKeyId": KMS}
    tabular = request["AutoMLProblemTypeConfig"]["TabularJobConfig"]
    tabular.update(ProblemType="BinaryClassification", GenerateCandidateDefinitionsOnly=True)
    tabular["CompletionCriteria"]["MaxCandidates"] = 3
    request["AutoMLJobObjective"] = {"MetricName": "F1"}
    sagemaker.add_response("create_auto_ml_job_v2", {"AutoMLJobArn": "arn:aws:sagemaker:x"}, request)
    handler.lambda_handler(cfn_event("Update", "Custom::AutopilotJob", properties), None)
    assert answers.only["Status"] == "SUCCESS"


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"CompressionType": "Zip"}, "Invalid properties: CompressionType must be one of Gzip, not 'Zip'"),
        ({"ProblemType": "Ranking"}, "Invalid properties: ProblemType must be one of"),
        ({"JobObjective": "Recall"}, "Invalid properties: JobObjective must be one of"),
        ({"TargetAttribute": " "}, "Invalid properties: TargetAttribute is required"),
        ({"MaxCandidates": "many"}, "Invalid properties: MaxCandidates must be a whole number"),
    ],
)
def test_invalid_properties_fail_the_resource(
    answers: Answers, sagemaker: Stubber, changes: dict[str, str], reason: str
) -> None:
    handler.lambda_handler(cfn_event("Create", "Custom::AutopilotJob", {**BASE, **changes}), None)
    assert answers.only["Status"] == "FAILED"
    assert answers.only["Reason"].startswith(reason)


def test_sagemaker_refusal_fails_the_resource(answers: Answers, sagemaker: Stubber) -> None:
    sagemaker.add_client_error("create_auto_ml_job_v2", "ResourceLimitExceeded", "Too many AutoML jobs")
    handler.lambda_handler(cfn_event("Create", "Custom::AutopilotJob", BASE), None)
    assert answers.only["Status"] == "FAILED"
    assert answers.only["Reason"] == "SageMaker refused the job: ResourceLimitExceeded: Too many AutoML jobs"


def test_delete_does_not_touch_the_job(answers: Answers, sagemaker: Stubber) -> None:
    handler.lambda_handler(cfn_event("Delete", "Custom::AutopilotJob", BASE), None)
    assert (answers.only["Status"], answers.only["PhysicalResourceId"]) == ("SUCCESS", "previous-job")


def test_the_package_is_registered_and_imports_boto3_only() -> None:
    assert AUTOPILOT_LAMBDA in blueprint_lambdas()
    assert handler.sagemaker_client.__wrapped__() is not None
    assert "boto3" in zip_imports(AUTOPILOT_LAMBDA, AUTOPILOT_LAMBDA.handler)
