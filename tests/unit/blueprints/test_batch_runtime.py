"""The batch transform custom resource: the exact create_transform_job request and every answer to CloudFormation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import EndpointConnectionError
from botocore.stub import Stubber

from mlops_orchestrator.blueprints.batch_transform.runtime import handler, transform
from mlops_orchestrator.blueprints.batch_transform.runtime_package import BATCH_LAMBDA
from mlops_orchestrator.blueprints.custom_resource_runtime import cfn_response
from mlops_orchestrator.blueprints.stacks import blueprint_lambdas
from tests.unit.blueprints.custom_resource_stubs import KMS, Answers, record_answers, stubbed_sagemaker, success
from tests.unit.blueprints.custom_resource_stubs import cfn_event as custom_resource_event
from tests.unit.blueprints.workload_package import zip_imports

STACK_ID = "arn:aws:cloudformation:us-east-1:123456789012:stack/batch/guid"
MODEL = "MLOpsSagemakerModel-AbCdEf123456"
PROPERTIES = {
    "ServiceToken": "arn:aws:lambda:us-east-1:123456789012:function:batch",
    "ModelName": MODEL,
    "InstanceType": "ml.m5.large",
    "InstanceCount": "1",
    "ContentType": "text/csv",
    "InputLocation": "inference-bucket/batch/data.csv",
    "OutputLocation": "output-bucket/batch/output",
    "KmsKeyArn": "",
}
EXPECTED_NAME = "mlopssagemakermodel-abcdef123456-batch-transform-0a1b2c3d"


def expected_request(**changes: Any) -> dict[str, Any]:
    request: dict[str, Any] = {
        "TransformJobName": EXPECTED_NAME,
        "ModelName": MODEL,
        "TransformInput": {
            "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://inference-bucket/batch/data.csv"}},
            "ContentType": "text/csv",
            "SplitType": "Line",
            "CompressionType": "None",
        },
        "TransformOutput": {
            "S3OutputPath": "s3://output-bucket/batch/output",
            "Accept": "text/csv",
            "AssembleWith": "Line",
        },
        "TransformResources": {"InstanceType": "ml.m5.large", "InstanceCount": 1},
    }
    request.update(changes)
    return request


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    monkeypatch.setattr(transform, "new_suffix", lambda: "0a1b2c3d")
    return record_answers(monkeypatch)


@pytest.fixture
def sagemaker(monkeypatch: pytest.MonkeyPatch) -> Iterator[Stubber]:
    with stubbed_sagemaker(monkeypatch, handler) as stubber:
        yield stubber


def cfn_event(request_type: str, **properties: Any) -> dict[str, Any]:
    return custom_resource_event(
        request_type,
        "Custom::BatchTransformJob",
        {**PROPERTIES, **properties},
        logical_id="BatchTransformJob",
        stack_id=STACK_ID,
    )


def accepted(stub: Stubber, request: dict[str, Any]) -> None:
    arn = f"arn:aws:sagemaker:us-east-1:123456789012:transform-job/{request['TransformJobName']}"
    stub.add_response("create_transform_job", {"TransformJobArn": arn}, request)


def test_create_starts_the_job_and_reports_its_name(answers: Answers, sagemaker: Stubber) -> None:
    accepted(sagemaker, expected_request())
    handler.lambda_handler(cfn_event("Create"), None)
    data = {"JobName": EXPECTED_NAME, "OutputLocation": "s3://output-bucket/batch/output"}
    assert answers.only == success(EXPECTED_NAME, data, logical_id="BatchTransformJob", stack_id=STACK_ID)


def test_update_starts_a_new_job_with_kms_json_lines_and_more_instances(answers: Answers, sagemaker: Stubber) -> None:
    request = expected_request()
    request["TransformInput"]["ContentType"] = "application/jsonlines"
    request["TransformOutput"].update(Accept="application/jsonlines", KmsKeyId=KMS)
    request["TransformResources"].update(InstanceCount=3, VolumeKmsKeyId=KMS)
    accepted(sagemaker, request)
    handler.lambda_handler(
        cfn_event("Update", KmsKeyArn=KMS, ContentType="application/jsonlines", InstanceCount="3"), None
    )
    assert (answers.only["Status"], answers.only["PhysicalResourceId"]) == ("SUCCESS", EXPECTED_NAME)


def test_s3_uris_in_the_properties_are_not_doubled(answers: Answers, sagemaker: Stubber) -> None:
    request = expected_request()
    request["TransformInput"]["DataSource"]["S3DataSource"]["S3Uri"] = "s3://in/x"
    request["TransformOutput"]["S3OutputPath"] = "s3://out/y"
    accepted(sagemaker, request)
    handler.lambda_handler(cfn_event("Create", InputLocation="s3://in/x", OutputLocation="s3://out/y"), None)
    assert answers.only["Status"] == "SUCCESS"


def test_delete_leaves_the_job_alone(answers: Answers, sagemaker: Stubber) -> None:
    handler.lambda_handler(cfn_event("Delete"), None)
    assert (answers.only["Status"], answers.only["PhysicalResourceId"]) == ("SUCCESS", "previous-job")


def test_a_refused_job_fails_the_resource_with_sagemakers_reason(answers: Answers, sagemaker: Stubber) -> None:
    sagemaker.add_client_error(
        "create_transform_job", "ResourceLimitExceeded", "The account-level service limit is 0 instances", 400
    )
    handler.lambda_handler(cfn_event("Create"), None)
    assert answers.only["Status"] == "FAILED"
    assert answers.only["PhysicalResourceId"] == "not-started-req-1"
    assert answers.only["Reason"] == (
        "SageMaker refused the transform job: ResourceLimitExceeded: The account-level service limit is 0 instances"
    )


def test_a_failed_update_keeps_the_previous_physical_id(answers: Answers, sagemaker: Stubber) -> None:
    sagemaker.add_client_error("create_transform_job", "ValidationException", "Could not find model", 400)
    handler.lambda_handler(cfn_event("Update"), None)
    assert (answers.only["Status"], answers.only["PhysicalResourceId"]) == ("FAILED", "previous-job")


@pytest.mark.parametrize(
    ("properties", "reason"),
    [
        ({"ModelName": ""}, "Invalid properties: ModelName is required"),
        ({"InputLocation": " "}, "Invalid properties: InputLocation is required"),
        ({"InstanceCount": "0"}, "InstanceCount must be a whole number from 1 to 100, not '0'"),
        ({"InstanceCount": "two"}, "InstanceCount must be a whole number from 1 to 100, not 'two'"),
        ({"ContentType": "text/plain"}, "ContentType must be one of text/csv, application/jsonlines"),
    ],
)
def test_invalid_properties_fail_without_calling_sagemaker(
    answers: Answers, sagemaker: Stubber, properties: dict[str, str], reason: str
) -> None:
    handler.lambda_handler(cfn_event("Create", **properties), None)
    assert answers.only["Status"] == "FAILED"
    assert reason in answers.only["Reason"]


def test_an_unknown_request_type_fails(answers: Answers, sagemaker: Stubber) -> None:
    handler.lambda_handler(cfn_event("Replace"), None)
    assert answers.only["Reason"] == "Invalid properties: unsupported request type 'Replace'"


def test_an_unreachable_sagemaker_fails_the_resource(answers: Answers, monkeypatch: pytest.MonkeyPatch) -> None:
    class Unreachable:
        def create_transform_job(self, **_kwargs: Any) -> Any:
            raise EndpointConnectionError(endpoint_url="https://api.sagemaker.us-east-1.amazonaws.com")

    monkeypatch.setattr(handler, "sagemaker_client", Unreachable)
    handler.lambda_handler(cfn_event("Create"), None)
    assert answers.only["Reason"].startswith("SageMaker could not be reached: Could not connect")


def test_an_unexpected_error_fails_the_resource_without_details(
    answers: Answers, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_properties: Any) -> Any:
        raise KeyError("internal")

    monkeypatch.setattr(handler, "transform_job_request", broken)
    handler.lambda_handler(cfn_event("Create"), None)
    assert answers.only["Reason"] == "The transform job could not be started; see the function's logs."


def test_job_names_keep_their_suffix_within_sagemakers_limit() -> None:
    name = transform.job_name("M" * 80, "0a1b2c3d")
    assert len(name) == 63
    assert name == "m" * 38 + "-batch-transform-0a1b2c3d"
    assert transform.job_name("Short", "ffffffff") == "short-batch-transform-ffffffff"
    assert len(transform.new_suffix()) == 8


def test_long_reasons_are_cut_to_what_cloudformation_accepts(answers: Answers) -> None:
    cfn_response.send(cfn_event("Create"), "FAILED", "id", "x" * 5000)
    assert len(answers.only["Reason"]) == 1024


def test_the_registry_publishes_the_batch_lambda() -> None:
    assert BATCH_LAMBDA in blueprint_lambdas()
    assert BATCH_LAMBDA.key == "blueprints/lambdas/batch_transform.zip"


def test_the_handler_imports_from_its_zip_with_boto3_only() -> None:
    assert zip_imports(BATCH_LAMBDA, BATCH_LAMBDA.handler) >= {"boto3"}
