"""Uploading mlops-config.json to the config bucket provisions, as on AWS; a bad upload harms nothing."""

from __future__ import annotations

import json

import pytest

from mlops_orchestrator.core.service import CONFIG_FILE_KEY
from mlops_orchestrator.local.config_trigger import HANDLED, REJECTED, ConfigEvent
from mlops_orchestrator.local.runner import LocalMode
from tests.support import example

from .helpers import COMPLETE, pipeline_status, post, stack, stack_names

pytestmark = pytest.mark.e2e

WAIT_SECONDS = 30


def _upload(mode: LocalMode, body: bytes) -> int:
    """Upload mlops-config.json; the index of the first config event that can belong to it."""
    seen = len(mode.config_trigger.events)
    mode.client("s3").put_object(Bucket=mode.info.config_bucket, Key=CONFIG_FILE_KEY, Body=body)
    return seen


def _wait(mode: LocalMode, seen: int, outcome: str) -> ConfigEvent:
    def arrived(events: list[ConfigEvent]) -> bool:
        return any(event.outcome == outcome for event in events[seen:])

    assert mode.config_trigger.wait_for(arrived, WAIT_SECONDS), mode.config_trigger.events[seen:]
    return next(event for event in mode.config_trigger.events[seen:] if event.outcome == outcome)


def test_uploading_mlops_config_provisions(single: LocalMode) -> None:
    body = {**example("byom_batch_custom"), "model_name": "from-config"}

    event = _wait(single, _upload(single, json.dumps(body).encode()), HANDLED)

    assert event.keys == (CONFIG_FILE_KEY,)
    (provisioned,) = event.detail["provisioned"]
    assert stack(single, provisioned["pipeline_id"])["StackStatus"] in COMPLETE
    assert pipeline_status(single, provisioned["pipeline_id"])["summary"]["pipeline_status"] == "Succeeded"


def test_a_malformed_config_does_not_stop_local_mode(single: LocalMode) -> None:
    stacks = stack_names(single)

    failed = _wait(single, _upload(single, b'{"pipeline_type": "byom_batch_custom", '), REJECTED)

    assert "not valid JSON" in str(failed.detail)
    assert stack_names(single) == stacks
    status, _answer = post(single, "/pipelinestatus", {"pipeline_id": "still-serving"})
    assert status == 404
    # The trigger still works.
    body = {**example("byom_batch_custom"), "model_name": "after-malformed"}
    _wait(single, _upload(single, json.dumps(body).encode()), HANDLED)
    assert any(name.startswith("mlops-pipeline-after-malformed-") for name in stack_names(single))


def test_an_invalid_request_in_mlops_config_is_refused(single: LocalMode) -> None:
    stacks = stack_names(single)

    seen = _upload(single, json.dumps({"pipeline_type": "byom_batch_custom"}).encode())
    failed = _wait(single, seen, REJECTED)

    assert "model_name" in str(failed.detail)
    # Refused once and for all: an invalid request fails the same way on every retry, so there is none.
    assert failed.attempt == 1
    assert [event.outcome for event in single.config_trigger.events[seen:]] == [REJECTED]
    assert stack_names(single) == stacks
