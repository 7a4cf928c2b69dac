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
