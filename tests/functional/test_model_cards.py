"""Model-card operations through the handler (POST /provisionpipeline) against moto's SageMaker."""

from __future__ import annotations

import json
from typing import Any

from tests.functional.api_events import api, body_of


def card(operation: str, **fields: Any) -> dict[str, Any]:
    return api("/provisionpipeline", {"pipeline_type": operation, **fields})


def test_a_card_is_created_described_updated_listed_and_deleted(environment: dict[str, Any]) -> None:
    created = card("create_model_card", name="churn", intended_uses={"purpose_of_model": "demo"})
    assert created["statusCode"] == 200, created["body"]
    message = body_of(created)["message"]
    assert message["ModelCardName"] == "churn"
    assert message["ModelCardStatus"] == "Draft"
    assert json.loads(message["Content"]) == {"intended_uses": {"purpose_of_model": "demo", "risk_rating": "Unknown"}}

    updated = card("update_model_card", name="churn", status="Approved")
    assert updated["statusCode"] == 200, updated["body"]
    assert body_of(updated)["message"]["ModelCardStatus"] == "Approved"

    described = body_of(card("describe_model_card", name="churn"))["message"]
    assert described["ModelCardStatus"] == "Approved"

    listed = body_of(card("list_model_cards"))["message"]
    assert [summary["ModelCardName"] for summary in listed["ModelCardSummaries"]] == ["churn"]

    deleted = card("delete_model_card", name="churn")
    assert deleted["statusCode"] == 200
    assert body_of(deleted) == {"message": "Model card with the name: churn has been deleted"}


def test_a_missing_card_is_a_404(environment: dict[str, Any]) -> None:
    response = card("describe_model_card", name="nothing-here")
    assert response["statusCode"] == 404, response["body"]
    assert "nothing-here" in body_of(response)["detailedMessage"]


def test_unknown_fields_are_a_400_naming_them(environment: dict[str, Any]) -> None:
    response = card("create_model_card", name="churn", intended_uses={"purpose": "x"}, colour="red")
    assert response["statusCode"] == 400
    fields = {error["field"] for error in body_of(response)["errors"]}
    assert fields == {"intended_uses.purpose", "colour"}


ASSETS = "testassetsbucket"
REGRESSION = {"regression_metrics": {"rmse": {"value": 0.5, "standard_deviation": 0.01}}}


def put_metric_file(environment: dict[str, Any], key: str, content: Any) -> str:
    body = content if isinstance(content, bytes) else json.dumps(content).encode()
    environment["s3"].put_object(Bucket=ASSETS, Key=key, Body=body)
    return f"s3://{ASSETS}/{key}"


def test_a_metric_file_in_the_assets_bucket_becomes_the_evaluations_metric_groups(
    environment: dict[str, Any],
) -> None:
    url = put_metric_file(environment, "model_card_metrics/quality.json", REGRESSION)
    given = {"name": "given", "metric_data": [{"name": "auc", "type": "number", "value": 0.9}]}
    created = card(
        "create_model_card",
        name="churn",
        evaluation_details=[
            {"name": "holdout", "metric_file_s3_url": url, "metric_type": "regression", "metric_groups": [given]}
        ],
    )
    assert created["statusCode"] == 200, created["body"]
    content = json.loads(body_of(created)["message"]["Content"])
    assert content["evaluation_details"] == [
        {
            "name": "holdout",
            "metric_groups": [
                given,
                {
                    "name": "Regression metrics",
                    "metric_data": [
                        {"name": "rmse", "type": "number", "value": 0.5, "notes": "standard deviation: 0.01"}
                    ],
                },
            ],
        }
    ]


def test_a_bad_metric_file_is_a_400_and_no_card_is_created(environment: dict[str, Any]) -> None:
    good = put_metric_file(environment, "model_card_metrics/quality.json", REGRESSION)
    not_json = put_metric_file(environment, "model_card_metrics/broken.json", b"{not json")
    wrong = put_metric_file(environment, "model_card_metrics/bias.json", REGRESSION)
    response = card(
        "create_model_card",
        name="churn",
        intended_uses={"purpose_of_model": "demo"},
        evaluation_details=[
            {"name": "good", "metric_file_s3_url": good, "metric_type": "regression"},
            {"name": "broken", "metric_file_s3_url": not_json, "metric_type": "regression"},
            {"name": "wrong", "metric_file_s3_url": wrong, "metric_type": "clarify_bias"},
            {
                "name": "gone",
                "metric_file_s3_url": f"s3://{ASSETS}/model_card_metrics/gone.json",
                "metric_type": "regression",
            },
        ],
    )
    assert response["statusCode"] == 400, response["body"]
    problems = {error["field"]: error["message"] for error in body_of(response)["errors"]}
    assert set(problems) == {
        "evaluation_details[1].metric_file_s3_url",
        "evaluation_details[2].metric_file_s3_url",
        "evaluation_details[3].metric_file_s3_url",
    }
    assert "is not JSON" in problems["evaluation_details[1].metric_file_s3_url"]
    assert "is not a clarify_bias metric file" in problems["evaluation_details[2].metric_file_s3_url"]
    assert problems["evaluation_details[3].metric_file_s3_url"].endswith("gone.json does not exist")
    assert body_of(card("list_model_cards"))["message"]["ModelCardSummaries"] == []


def test_a_bad_metric_file_leaves_the_card_it_would_update_as_it_was(environment: dict[str, Any]) -> None:
    assert card("create_model_card", name="churn", intended_uses={"purpose_of_model": "demo"})["statusCode"] == 200
    url = put_metric_file(environment, "model_card_metrics/bias.json", {"pre_training_bias_metrics": {}})
    response = card(
        "update_model_card",
        name="churn",
        status="Approved",
        evaluation_details=[{"name": "bias", "metric_file_s3_url": url, "metric_type": "clarify_bias"}],
    )
    assert response["statusCode"] == 400, response["body"]
    assert "pre_training_bias_metrics.label is missing" in body_of(response)["errors"][0]["message"]
    described = body_of(card("describe_model_card", name="churn"))["message"]
    assert (described["ModelCardVersion"], described["ModelCardStatus"]) == (1, "Draft")


def test_every_offending_model_card_field_is_named_at_once(environment: dict[str, Any]) -> None:
    response = card(
        "create_model_card",
        name="churn",
        training_details={"model_name": "m", "training_job_name": "j"},
        evaluation_details=[
            {"name": "a", "metric_file_s3_url": f"s3://{ASSETS}/model_card_metrics/m.json"},
            {"name": "b", "metric_file_s3_url": f"s3://{ASSETS}/model_card_metrics/m.json", "metric_type": "auc"},
        ],
    )
    assert response["statusCode"] == 400, response["body"]
    fields = {error["field"] for error in body_of(response)["errors"]}
    assert fields == {
        "training_details.model_name",
        "evaluation_details[0].metric_type",
        "evaluation_details[1].metric_type",
    }
    assert body_of(card("list_model_cards"))["message"]["ModelCardSummaries"] == []
