"""What each `model-card` verb sends, and how answers read (no API: the bodies and the views)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mlops_orchestrator.cli.commands_model_cards import request_body
from mlops_orchestrator.cli.exit_codes import CliError
from mlops_orchestrator.cli.main import build_parser
from mlops_orchestrator.cli.model_card_view import render_model_card_answer
from mlops_orchestrator.core.catalog import MODEL_CARD_OPERATIONS
from mlops_orchestrator.core.model_cards.request import parse


def _body(*argv: str) -> dict[str, Any]:
    return request_body(build_parser().parse_args(["model-card", *argv]))


def test_each_verb_sends_the_apis_operation(tmp_path: Path) -> None:
    card = tmp_path / "card.json"
    card.write_text(json.dumps({"name": "c", "intended_uses": {"risk_rating": "Low"}}))
    bodies = [
        _body("create", str(card), "--status", "Approved"),
        _body("update", str(card), "--name", "other"),
        _body("describe", "c", "--version", "2"),
        _body("delete", "c"),
        _body("export", "c", "--version", "3", "--job-name", "c-pdf"),
        _body("list"),
    ]
    assert sorted(body["pipeline_type"] for body in bodies) == sorted(MODEL_CARD_OPERATIONS)
    assert bodies[0] == {
        "pipeline_type": "create_model_card",
        "name": "c",
        "status": "Approved",
        "intended_uses": {"risk_rating": "Low"},
    }
    assert bodies[1]["name"] == "other"
    assert bodies[2] == {"pipeline_type": "describe_model_card", "name": "c", "version": 2}
    assert bodies[4] == {
        "pipeline_type": "export_model_card",
        "name": "c",
        "model_card_version": 3,
        "export_job_name": "c-pdf",
    }
    for body in bodies:
        parse(body)  # each is a request the API accepts


def test_a_file_for_another_operation_is_refused(tmp_path: Path) -> None:
    card = tmp_path / "card.json"
    card.write_text(json.dumps({"pipeline_type": "delete_model_card", "name": "c"}))
    with pytest.raises(CliError, match="is a delete_model_card request, not create_model_card"):
        _body("create", str(card))


def test_answers_read_as_text_never_as_a_repr() -> None:
    assert render_model_card_answer({"message": {"ModelCardSummaries": []}}) == "No model cards."
    listing = {
        "ModelCardSummaries": [
            {"ModelCardName": "c", "ModelCardStatus": "Draft", "CreationTime": "2026-12-04T20:00:00.123+00:00"}
        ]
    }
    assert render_model_card_answer({"message": listing}).splitlines() == [
        "NAME  STATUS  CREATED           LAST MODIFIED",
        "c     Draft   2026-12-04 20:00  -",
    ]
    card = {
        "ModelCardName": "c",
        "ModelCardVersion": 1,
        "ModelCardStatus": "Draft",
        "Content": json.dumps({"intended_uses": {"risk_rating": "Low"}}),
    }
    text = render_model_card_answer({"message": card})
    assert "name           c" in text and 'intended_uses:\n  {\n    "risk_rating": "Low"\n  }' in text
    sentence = "Model card with the name: c has been deleted"
    assert render_model_card_answer({"message": sentence}) == sentence
