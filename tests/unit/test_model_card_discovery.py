"""training_details.model_name: the training job found through sagemaker:Search on the model's artifact."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from mlops_orchestrator.core.errors import NotFoundError, RequestValidationError
from mlops_orchestrator.core.model_cards.operations import ModelCards

REGION = "us-east-1"
ACCOUNT = "123456789012"
CARD_ARN = f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:model-card/my-card"
MODEL_ARN = f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:model/my-model"
WHEN = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
IMAGE = f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/xgboost:1"
ARTIFACT = "s3://assets/training/output/my-job/output/model.tar.gz"


@pytest.fixture
def stubbed() -> Iterator[tuple[ModelCards, Stubber]]:
    client = boto3.client("sagemaker", region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x")
    with Stubber(client) as stubber:
        yield ModelCards(client, "assets", s3=object()), stubber
        stubber.assert_no_pending_responses()


def model(container: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    return {
        "ModelName": "my-model",
        "ModelArn": MODEL_ARN,
        "CreationTime": WHEN,
        **({"PrimaryContainer": container} if container is not None else {}),
        **fields,
    }


def job(name: str, **fields: Any) -> dict[str, Any]:
    return {
        "TrainingJobName": name,
        "TrainingJobArn": f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:training-job/{name}",
        "ModelArtifacts": {"S3ModelArtifacts": ARTIFACT},
        "TrainingJobStatus": "Completed",
        "AlgorithmSpecification": {"TrainingImage": IMAGE, "TrainingInputMode": "File"},
        **fields,
    }


def expect_search(stubber: Stubber, artifact: str, *jobs: dict[str, Any]) -> None:
    stubber.add_response(
        "search",
        {"Results": [{"TrainingJob": found} for found in jobs]},
        {
            "Resource": "TrainingJob",
            "SearchExpression": {
                "Filters": [{"Name": "ModelArtifacts.S3ModelArtifacts", "Operator": "Equals", "Value": artifact}]
            },
            "MaxResults": 10,
        },
    )


def create(training_details: dict[str, Any]) -> dict[str, Any]:
    return {"pipeline_type": "create_model_card", "name": "my-card", "training_details": training_details}


def test_the_one_job_that_wrote_the_model_artifact_fills_the_training_details(stubbed: Any) -> None:
    cards, stubber = stubbed
    stubber.add_response("describe_model", model({"Image": IMAGE, "ModelDataUrl": ARTIFACT}), {"ModelName": "my-model"})
    expect_search(
        stubber, ARTIFACT, job("my-job", FinalMetricDataList=[{"MetricName": "validation:rmse", "Value": 2.5}])
    )
    expected = {
        "training_details": {
            "training_observations": "fine",
            "training_job_details": {
                "training_arn": f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:training-job/my-job",
                "training_environment": {"container_image": [IMAGE]},
                "training_metrics": [{"name": "validation:rmse", "value": 2.5}],
                "training_datasets": ["s3://assets/train.csv"],
            },
        }
    }
    stubber.add_response(
        "create_model_card",
        {"ModelCardArn": CARD_ARN},
        {"ModelCardName": "my-card", "Content": json.dumps(expected), "ModelCardStatus": "Draft"},
    )
    stubber.add_response(
        "describe_model_card",
        {
            "ModelCardArn": CARD_ARN,
            "ModelCardName": "my-card",
            "ModelCardVersion": 1,
            "Content": json.dumps(expected),
            "ModelCardStatus": "Draft",
            "CreationTime": WHEN,
            "CreatedBy": {},
        },
        {"ModelCardName": "my-card"},
    )
    body = cards.run(
        create(
            {
                "model_name": "my-model",
                "training_observations": "fine",
                "training_job_details": {"training_datasets": ["s3://assets/train.csv"]},
            }
        )
    )
    assert json.loads(body["message"]["Content"]) == expected


def test_every_artifact_of_a_multi_container_model_is_searched_and_one_job_is_enough(stubbed: Any) -> None:
    cards, stubber = stubbed
    other = "s3://assets/preprocessing/model.tar.gz"
    containers = [{"Image": IMAGE, "ModelDataUrl": other}, {"Image": IMAGE, "ModelDataUrl": ARTIFACT}]
    stubber.add_response("describe_model", model(Containers=containers), {"ModelName": "my-model"})
    expect_search(stubber, other)
    expect_search(stubber, ARTIFACT, job("my-job"))
    stubber.add_response("create_model_card", {"ModelCardArn": CARD_ARN})
    stubber.add_response(
        "describe_model_card",
        {
            "ModelCardArn": CARD_ARN,
            "ModelCardName": "my-card",
            "ModelCardVersion": 1,
            "Content": "{}",
            "ModelCardStatus": "Draft",
            "CreationTime": WHEN,
            "CreatedBy": {},
        },
    )
    cards.run(create({"model_name": "my-model"}))


def test_an_uncompressed_model_is_searched_by_its_model_data_source(stubbed: Any) -> None:
    cards, stubber = stubbed
    uri = "s3://assets/training/output/my-job/output/model/"
    container = {
        "Image": IMAGE,
        "ModelDataSource": {"S3DataSource": {"S3Uri": uri, "S3DataType": "S3Prefix", "CompressionType": "None"}},
    }
    stubber.add_response("describe_model", model(container), {"ModelName": "my-model"})
    expect_search(stubber, uri)
    with pytest.raises(RequestValidationError) as raised:
        cards.run(create({"model_name": "my-model"}))
    assert uri in raised.value.problems[0].message


def test_no_job_for_the_artifact_is_a_bad_request_naming_the_field(stubbed: Any) -> None:
    cards, stubber = stubbed
    stubber.add_response("describe_model", model({"Image": IMAGE, "ModelDataUrl": ARTIFACT}))
    expect_search(stubber, ARTIFACT)
    with pytest.raises(RequestValidationError) as raised:
        cards.run(create({"model_name": "my-model"}))
    (problem,) = raised.value.problems
    assert problem.field == "training_details.model_name"
    assert problem.message.startswith(f"no training job wrote the artifact of model my-model ({ARTIFACT})")
    assert raised.value.status_code == 400


def test_several_jobs_for_the_artifact_are_a_bad_request_naming_them(stubbed: Any) -> None:
    cards, stubber = stubbed
    stubber.add_response("describe_model", model({"Image": IMAGE, "ModelDataUrl": ARTIFACT}))
    expect_search(stubber, ARTIFACT, job("job-b"), job("job-a"))
    with pytest.raises(RequestValidationError) as raised:
        cards.run(create({"model_name": "my-model"}))
    (problem,) = raised.value.problems
    assert problem.field == "training_details.model_name"
    assert "several training jobs wrote the artifact of model my-model" in problem.message
    assert "(job-a, job-b)" in problem.message
    assert "training_job_name" in problem.message


def test_a_model_without_an_artifact_is_a_bad_request(stubbed: Any) -> None:
    cards, stubber = stubbed
    stubber.add_response("describe_model", model({"Image": IMAGE}))
    with pytest.raises(RequestValidationError, match="has no model artifact") as raised:
        cards.run(create({"model_name": "my-model"}))
    assert raised.value.problems[0].field == "training_details.model_name"


def test_a_missing_model_is_not_found(stubbed: Any) -> None:
    cards, stubber = stubbed
    stubber.add_client_error("describe_model", "ValidationException", "Could not find model", 400)
    with pytest.raises(NotFoundError, match="Model my-model does not exist"):
        cards.run(create({"model_name": "my-model"}))
