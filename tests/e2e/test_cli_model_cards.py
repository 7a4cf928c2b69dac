"""`model-card` against local mode: every verb, readable answers, and errors that speak of model cards."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from mlops_orchestrator.cli.main import EXIT_INVALID, EXIT_OK
from mlops_orchestrator.local.runner import LocalMode

from .helpers import Cli

pytestmark = pytest.mark.e2e

CARD = {
    "name": "cli-card",
    "model_overview": {"model_description": "churn classifier", "problem_type": "binary classification"},
    "intended_uses": {"purpose_of_model": "find customers about to leave", "risk_rating": "Low"},
}


def test_every_model_card_verb_answers_readably(
    single: LocalMode, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cli = Cli(single, capsys)
    card = tmp_path / "card.json"
    card.write_text(json.dumps(CARD))

    code, out, err = cli("validate", str(card), api=False)
    assert code == EXIT_INVALID and "pipeline_type" in out  # a bare card file names no operation
    card.write_text(json.dumps({**CARD, "pipeline_type": "create_model_card"}))
    code, out, _ = cli("validate", str(card), api=False)
    assert code == EXIT_OK and "a model card request; send it with `mlops-orchestrator model-card create`" in out
    code, _, err = cli("plan", str(card), api=False)
    assert code == EXIT_INVALID and "has no plan" in err

    code, out, err = cli("model-card", "create", str(card))
    assert code == EXIT_OK, out + err
    assert re.search(r"^name\s+cli-card$", out, re.MULTILINE) and re.search(r"^status\s+Draft$", out, re.MULTILINE)
    assert "intended_uses:" in out and '"risk_rating": "Low"' in out
    assert "{'" not in out  # never a Python repr

    update = tmp_path / "update.json"
    update.write_text(json.dumps({"additional_information": {"caveats_and_recommendations": "retrain monthly"}}))
    code, out, err = cli("model-card", "update", str(update), "--name", "cli-card", "--status", "PendingReview")
    assert code == EXIT_OK, out + err
    assert re.search(r"^status\s+PendingReview$", out, re.MULTILINE) and "retrain monthly" in out
    assert "purpose_of_model" in out  # the sections the update did not give are kept

    code, out, _ = cli("model-card", "describe", "cli-card")
    assert code == EXIT_OK and re.search(r"^version\s+2$", out, re.MULTILINE), out

    code, out, _ = cli("model-card", "list")
    assert code == EXIT_OK and re.search(r"^cli-card\s+PendingReview\s", out, re.MULTILINE), out

    code, out, _ = cli("model-card", "list", "--json")
    assert "cli-card" in {item["ModelCardName"] for item in json.loads(out)["message"]["ModelCardSummaries"]}

    listing = tmp_path / "list.json"
    listing.write_text(json.dumps({"pipeline_type": "list_model_cards"}))
    code, out, err = cli("provision", str(listing))
    assert code == EXIT_OK, out + err
    assert "cli-card" in out and "{'" not in out and "next: mlops-orchestrator status" not in out

    code, out, err = cli("model-card", "delete", "cli-card")
    assert code == EXIT_OK and "has been deleted" in out, out + err

    code, _, err = cli("model-card", "describe", "cli-card")
    assert code == EXIT_INVALID and "HTTP 404" in err
    assert "hint: list the model cards with `mlops-orchestrator model-card list`" in err
    assert "mlops-orchestrator list`;" not in err
