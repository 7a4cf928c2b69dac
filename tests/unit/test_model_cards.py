"""The model-card operations' exact SageMaker requests (botocore Stubber) and responses, and every validation error."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from mlops_orchestrator.core.errors import AwsServiceError, NotFoundError, RequestValidationError
from mlops_orchestrator.core.model_cards.operations import ModelCards
from mlops_orchestrator.core.service import Orchestrator
from tests.support import make_settings

REGION = "us-east-1"
ACCOUNT = "123456789012"
CARD_ARN = f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:model-card/my-card"
MODEL_ARN = f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:model/my-model"
JOB_ARN = f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:training-job/my-job"
EXPORT_ARN = f"{CARD_ARN}/export-job/my-export"
WHEN = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
IMAGE = f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/xgboost:1"


@pytest.fixture
def sagemaker() -> Iterator[tuple[Any, Stubber]]:
    client = boto3.client("sagemaker", region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x")
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


def run(sagemaker: tuple[Any, Stubber], body: dict[str, Any]) -> dict[str, Any]:
    client, _ = sagemaker
    orchestrator = Orchestrator(make_settings(), client=lambda service: client)
    return orchestrator.provision(body).body


def described(content: dict[str, Any], status: str = "Draft") -> dict[str, Any]:
    return {
        "ModelCardArn": CARD_ARN,
        "ModelCardName": "my-card",
        "ModelCardVersion": 1,
        "Content": json.dumps(content),
        "ModelCardStatus": status,
        "CreationTime": WHEN,
        "CreatedBy": {},
    }


def expect_describe(stubber: Stubber, content: dict[str, Any], status: str = "Draft", **params: Any) -> None:
    stubber.add_response("describe_model_card", described(content, status), {"ModelCardName": "my-card", **params})


def test_create_discovers_the_model_and_the_training_job_and_returns_the_card(sagemaker: Any) -> None:
    _, stubber = sagemaker
    stubber.add_response(
        "describe_model",
        {
            "ModelName": "my-model",
            "ModelArn": MODEL_ARN,
            "PrimaryContainer": {"Image": IMAGE, "ModelDataUrl": "s3://bucket/model.tar.gz"},
            "CreationTime": WHEN,
        },
        {"ModelName": "my-model"},
    )
    stubber.add_response(
        "describe_training_job",
        {
            "TrainingJobName": "my-job",
            "TrainingJobArn": JOB_ARN,
            "ModelArtifacts": {"S3ModelArtifacts": "s3://bucket/model.tar.gz"},
            "TrainingJobStatus": "Completed",
            "SecondaryStatus": "Completed",
            "AlgorithmSpecification": {"TrainingImage": IMAGE, "TrainingInputMode": "File"},
            "ResourceConfig": {"VolumeSizeInGB": 1},
            "StoppingCondition": {},
            "CreationTime": WHEN,
            "FinalMetricDataList": [{"MetricName": "validation:auc", "Value": 0.9}],
        },
        {"TrainingJobName": "my-job"},
    )
    expected = {
        "model_overview": {
            "model_name": "my-model",
            "model_id": MODEL_ARN,
            "inference_environment": {"container_image": [IMAGE]},
            "model_artifact": ["s3://bucket/model.tar.gz"],
            "model_description": "churn",
        },
        "intended_uses": {"purpose_of_model": "demo", "risk_rating": "Low"},
        "training_details": {
            "objective_function": {"function": {"function": "Maximize", "facet": "AUC"}, "notes": "n"},
            "training_job_details": {
                "training_arn": JOB_ARN,
                "training_environment": {"container_image": [IMAGE]},
                "training_metrics": [{"name": "validation:auc", "value": 0.9}],
                "training_datasets": ["s3://bucket/train.csv"],
            },
        },
        "evaluation_details": [
            {
                "name": "eval",
                "metric_groups": [{"name": "g", "metric_data": [{"name": "auc", "type": "number", "value": 1}]}],
            }
        ],
        "additional_information": {"caveats_and_recommendations": "none", "custom_details": {"team": "a"}},
    }
    stubber.add_response(
        "create_model_card",
        {"ModelCardArn": CARD_ARN},
        {"ModelCardName": "my-card", "Content": json.dumps(expected), "ModelCardStatus": "PendingReview"},
    )
    expect_describe(stubber, expected, "PendingReview")
    body = run(
        sagemaker,
        {
            "pipeline_type": "create_model_card",
            "name": "my-card",
            "status": "PendingReview",
            "model_overview": {"model_name": "my-model", "model_description": "churn"},
            "intended_uses": {"purpose_of_model": "demo", "risk_rating": "Low"},
            "training_details": {
                "training_job_name": "my-job",
                "objective_function": {"function": "Maximize", "facet": "AUC", "notes": "n"},
                "training_job_details": {"training_datasets": ["s3://bucket/train.csv"]},
            },
            "evaluation_details": [
                {
                    "name": "eval",
                    "metric_groups": [{"name": "g", "metric_data": [{"name": "auc", "type": "number", "value": 1}]}],
                }
            ],
            "additional_information": {"caveats_and_recommendations": "none", "custom_details": {"team": "a"}},
        },
    )
    assert body["message"]["ModelCardStatus"] == "PendingReview"
    assert body["message"]["CreationTime"] == "2026-01-02T03:04:05+00:00"
    assert "ResponseMetadata" not in body["message"]
    json.dumps(body)  # the handler serialises with plain json.dumps


def test_create_defaults_to_draft_and_the_unknown_risk_rating(sagemaker: Any) -> None:
    _, stubber = sagemaker
    content = {
        "model_overview": {"inference_environment": {"container_image": [IMAGE]}},
        "intended_uses": {"risk_rating": "Unknown"},
    }
    stubber.add_response(
        "create_model_card",
        {"ModelCardArn": CARD_ARN},
        {"ModelCardName": "my-card", "Content": json.dumps(content), "ModelCardStatus": "Draft"},
    )
    expect_describe(stubber, content)
    run(
        sagemaker,
        {
            "pipeline_type": "create_model_card",
            "name": "my-card",
            "model_overview": {"inference_environment": [IMAGE]},
            "intended_uses": {},
        },
    )


def test_update_replaces_only_the_given_sections_and_sets_the_status(sagemaker: Any) -> None:
    _, stubber = sagemaker
    current = {
        "intended_uses": {"risk_rating": "Low"},
        "additional_information": {"caveats_and_recommendations": "old"},
    }
    expect_describe(stubber, current, ModelCardVersion=2)
    merged = {"intended_uses": {"risk_rating": "Low"}, "additional_information": {"ethical_considerations": "new"}}
    stubber.add_response(
        "update_model_card",
        {"ModelCardArn": CARD_ARN},
        {"ModelCardName": "my-card", "Content": json.dumps(merged), "ModelCardStatus": "Approved"},
    )
    expect_describe(stubber, merged, "Approved")
    body = run(
        sagemaker,
        {
            "pipeline_type": "update_model_card",
            "name": "my-card",
            "version": 2,
            "status": "Approved",
            "additional_information": {"ethical_considerations": "new"},
        },
    )
    assert json.loads(body["message"]["Content"]) == merged


def test_update_of_the_status_alone_sends_no_content(sagemaker: Any) -> None:
    _, stubber = sagemaker
    stubber.add_response(
        "update_model_card", {"ModelCardArn": CARD_ARN}, {"ModelCardName": "my-card", "ModelCardStatus": "Archived"}
    )
    expect_describe(stubber, {}, "Archived")
    run(sagemaker, {"pipeline_type": "update_model_card", "name": "my-card", "status": "Archived"})


def test_update_with_nothing_to_change_is_a_bad_request(sagemaker: Any) -> None:
    with pytest.raises(RequestValidationError) as raised:
        run(sagemaker, {"pipeline_type": "update_model_card", "name": "my-card"})
    assert raised.value.problems[0].field == "body"


def test_describe_returns_the_card_and_a_missing_card_is_not_found(sagemaker: Any) -> None:
    _, stubber = sagemaker
    expect_describe(stubber, {"intended_uses": {}}, ModelCardVersion=3)
    body = run(sagemaker, {"pipeline_type": "describe_model_card", "name": "my-card", "version": 3})
    assert body["message"]["ModelCardArn"] == CARD_ARN
    stubber.add_client_error(
        "describe_model_card", "ResourceNotFound", "not found", 400, expected_params={"ModelCardName": "my-card"}
    )
    with pytest.raises(NotFoundError, match="my-card does not exist"):
        run(sagemaker, {"pipeline_type": "describe_model_card", "name": "my-card"})


def test_a_missing_model_for_discovery_is_not_found(sagemaker: Any) -> None:
    _, stubber = sagemaker
    stubber.add_client_error(
        "describe_model", "ValidationException", "Could not find model", 400, expected_params={"ModelName": "nope"}
    )
    with pytest.raises(NotFoundError, match="Model nope does not exist"):
        run(
            sagemaker,
            {"pipeline_type": "create_model_card", "name": "my-card", "model_overview": {"model_name": "nope"}},
        )


def test_other_sagemaker_errors_keep_their_operation_and_code(sagemaker: Any) -> None:
    _, stubber = sagemaker
    stubber.add_client_error("create_model_card", "ConflictException", "already exists", 400)
    with pytest.raises(AwsServiceError, match="CreateModelCard failed with ConflictException") as raised:
        run(sagemaker, {"pipeline_type": "create_model_card", "name": "my-card"})
    assert raised.value.status_code == 400


def test_delete_says_so(sagemaker: Any) -> None:
    _, stubber = sagemaker
    stubber.add_response("delete_model_card", {}, {"ModelCardName": "my-card"})
    body = run(sagemaker, {"pipeline_type": "delete_model_card", "name": "my-card"})
    assert body == {"message": "Model card with the name: my-card has been deleted"}


def test_export_writes_to_the_assets_bucket_and_waits_for_the_job(sagemaker: Any) -> None:
    client, stubber = sagemaker
    stubber.add_response(
        "create_model_card_export_job",
        {"ModelCardExportJobArn": EXPORT_ARN},
        {
            "ModelCardName": "my-card",
            "ModelCardExportJobName": "my-export",
            "OutputConfig": {"S3OutputPath": "s3://testassetsbucket/model_card_exports"},
            "ModelCardVersion": 4,
        },
    )
    for status in ("InProgress", "Completed"):
        stubber.add_response(
            "describe_model_card_export_job",
            {
                "ModelCardExportJobName": "my-export",
                "ModelCardExportJobArn": EXPORT_ARN,
                "Status": status,
                "ModelCardName": "my-card",
                "ModelCardVersion": 4,
                "OutputConfig": {"S3OutputPath": "s3://testassetsbucket/model_card_exports"},
                "CreatedAt": WHEN,
                "LastModifiedAt": WHEN,
            },
            {"ModelCardExportJobArn": EXPORT_ARN},
        )
    sleeps: list[float] = []
    cards = ModelCards(client, "testassetsbucket", sleep=sleeps.append)
    body = cards.run(
        {
            "pipeline_type": "export_model_card",
            "name": "my-card",
            "export_job_name": "my-export",
            "model_card_version": 4,
        }
    )
    assert body == {
        "message": "Model card with the name: my-card has been exported to s3://testassetsbucket/model_card_exports"
    }
    assert sleeps == [2.0]


def _export_job(status: str, **extra: Any) -> dict[str, Any]:
    return {
        "ModelCardExportJobName": "j",
        "ModelCardExportJobArn": EXPORT_ARN,
        "Status": status,
        "ModelCardName": "my-card",
        "ModelCardVersion": 1,
        "OutputConfig": {"S3OutputPath": "s3://testassetsbucket/model_card_exports"},
        "CreatedAt": WHEN,
        "LastModifiedAt": WHEN,
        **extra,
    }


def test_export_names_the_job_after_the_card_and_reports_a_failed_job(sagemaker: Any) -> None:
    client, stubber = sagemaker
    stubber.add_response("create_model_card_export_job", {"ModelCardExportJobArn": EXPORT_ARN})
    stubber.add_response("describe_model_card_export_job", _export_job("Failed", FailureReason="bad content"))
    with pytest.raises(AwsServiceError, match="bad content"):
        ModelCards(client, "testassetsbucket").run({"pipeline_type": "export_model_card", "name": "my-card"})


def test_export_job_name_defaults_to_a_valid_unique_name_from_the_card(sagemaker: Any) -> None:
    client, stubber = sagemaker
    seen: list[str] = []
    client.meta.events.register(
        "provide-client-params.sagemaker.CreateModelCardExportJob",
        lambda params, **_: seen.append(params["ModelCardExportJobName"]),
    )
    stubber.add_response("create_model_card_export_job", {"ModelCardExportJobArn": EXPORT_ARN})
    stubber.add_response("describe_model_card_export_job", _export_job("Completed"))
    ModelCards(client, "b").run({"pipeline_type": "export_model_card", "name": "c" * 63})
    assert len(seen[0]) <= 63 and seen[0].startswith("c")
    assert "--" not in seen[0]


def test_export_that_outlasts_the_api_timeout_is_a_gateway_timeout(sagemaker: Any) -> None:
    client, stubber = sagemaker
    stubber.add_response("create_model_card_export_job", {"ModelCardExportJobArn": EXPORT_ARN})
    stubber.add_response("describe_model_card_export_job", _export_job("InProgress"))
    ticks = iter([0.0, 25.0])
    cards = ModelCards(client, "b", sleep=lambda _: None, clock=lambda: next(ticks))
    with pytest.raises(AwsServiceError) as raised:
        cards.run({"pipeline_type": "export_model_card", "name": "my-card"})
    assert raised.value.status_code == 504


def test_list_returns_the_summaries(sagemaker: Any) -> None:
    _, stubber = sagemaker
    summary = {"ModelCardName": "my-card", "ModelCardArn": CARD_ARN, "ModelCardStatus": "Draft", "CreationTime": WHEN}
    stubber.add_response("list_model_cards", {"ModelCardSummaries": [summary]}, {})
    body = run(sagemaker, {"pipeline_type": "list_model_cards"})
    assert body == {"message": {"ModelCardSummaries": [{**summary, "CreationTime": "2026-01-02T03:04:05+00:00"}]}}


@pytest.mark.parametrize(
    ("body", "problems"),
    [
        ({"pipeline_type": "describe_model_card"}, {"name": "is required: the model card's name"}),
        ({"pipeline_type": "delete_model_card", "name": "bad_name!"}, {"name": "string should match pattern"}),
        (
            {"pipeline_type": "create_model_card", "name": "c", "stauts": "Draft"},
            {"stauts": "is not a model card field"},
        ),
        ({"pipeline_type": "create_model_card", "name": "c", "status": "Done"}, {"status": "input should be"}),
        ({"pipeline_type": "describe_model_card", "name": "c", "version": 0}, {"version": "greater than or equal"}),
        ({"pipeline_type": "describe_model_card", "name": "c", "version": "1"}, {"version": "valid integer"}),
        (
            {"pipeline_type": "export_model_card", "name": "c", "export_job_name": "a_b", "model_card_version": "x"},
            {"export_job_name": "match pattern", "model_card_version": "valid integer"},
        ),
        (
            {"pipeline_type": "create_model_card", "name": "c", "model_overview": {"model_nmae": "m"}},
            {"model_overview.model_nmae": "is not a model card field"},
        ),
        (
            {"pipeline_type": "create_model_card", "name": "c", "model_overview": {"inference_environment": "img"}},
            {"model_overview.inference_environment": "valid list"},
        ),
        (
            {"pipeline_type": "create_model_card", "name": "c", "intended_uses": {"risk_rating": "Huge"}},
            {"intended_uses.risk_rating": "input should be"},
        ),
        (
            {
                "pipeline_type": "create_model_card",
                "name": "c",
                "training_details": {"model_name": "m", "training_job_name": "j"},
            },
            {"training_details.model_name": "not both"},
        ),
        (
            {
                "pipeline_type": "create_model_card",
                "name": "c",
                "training_details": {
                    "objective_function": {"function": "Up"},
                    "training_job_details": {"training_metrics": [{"name": "a"}]},
                },
            },
            {
                "training_details.objective_function.function": "input should be",
                "training_details.training_job_details.training_metrics[0].value": "is required",
            },
        ),
        (
            {"pipeline_type": "create_model_card", "name": "c", "evaluation_details": [{"name": "e", "extra": 1}]},
            {"evaluation_details[0].extra": "is not a model card field"},
        ),
        (
            {
                "pipeline_type": "create_model_card",
                "name": "c",
                "evaluation_details": [
                    {"name": "a", "metric_file_s3_url": "s3://bucket/model_card_metrics/m.json"},
                    {"name": "b", "metric_file_s3_url": "s3://bucket/m.json", "metric_type": "roc"},
                    {"name": "c", "metric_type": "regression"},
                    {"name": "d", "metric_file_s3_url": "https://bucket/m.json", "metric_type": "regression"},
                ],
            },
            {
                "evaluation_details[0].metric_type": "is required with metric_file_s3_url: one of model_card_metric",
                "evaluation_details[1].metric_type": "input should be 'model_card_metric_schema'",
                "evaluation_details[2].metric_type": "without metric_file_s3_url",
                "evaluation_details[3].metric_file_s3_url": "must be an s3 url",
            },
        ),
        (
            {
                "pipeline_type": "create_model_card",
                "name": "c",
                "evaluation_details": [
                    {
                        "name": "e",
                        "metric_groups": [
                            {
                                "name": "g",
                                "metric_data": [
                                    {"name": "n", "type": "number", "value": "0.9"},
                                    {"name": "t", "type": "boolean", "value": 1},
                                    {"name": "l", "type": "linear_graph", "value": [[0, 1, 2]]},
                                    {"name": "m", "type": "matrix", "value": [1, 2]},
                                    {"name": "ok", "type": "bar_chart", "value": [1, 2.5]},
                                ],
                            }
                        ],
                    }
                ],
            },
            {
                "evaluation_details[0].metric_groups[0].metric_data[0]": "does not fit type number",
                "evaluation_details[0].metric_groups[0].metric_data[1]": "does not fit type boolean",
                "evaluation_details[0].metric_groups[0].metric_data[2]": "does not fit type linear_graph",
                "evaluation_details[0].metric_groups[0].metric_data[3]": "does not fit type matrix",
            },
        ),
        (
            {
                "pipeline_type": "create_model_card",
                "name": "c",
                "evaluation_details": [{"name": "e", "metric_groups": [{"name": "g", "metric_data": [{"name": "m"}]}]}],
            },
            {
                "evaluation_details[0].metric_groups[0].metric_data[0].type": "is required",
                "evaluation_details[0].metric_groups[0].metric_data[0].value": "is required",
            },
        ),
        (
            {"pipeline_type": "create_model_card", "name": "c", "additional_information": {"custom_details": "x"}},
            {"additional_information.custom_details": "valid dictionary"},
        ),
    ],
)
def test_every_problem_is_reported_with_its_field_path(
    sagemaker: Any, body: dict[str, Any], problems: dict[str, str]
) -> None:
    with pytest.raises(RequestValidationError) as raised:
        run(sagemaker, body)
    found = {problem.field: problem.message for problem in raised.value.problems}
    assert set(found) == set(problems), found
    for field, fragment in problems.items():
        assert fragment in found[field].lower(), (field, found[field])
