"""Local mode's event lines: one per pipeline event and notification, each said once; a failed
mlops-config.json is reported once and shown by /listpipelines and /pipelinestatus."""

from __future__ import annotations

import json
import logging

import pytest

from mlops_orchestrator.core.service import CONFIG_FILE_KEY
from mlops_orchestrator.local.config_trigger import HANDLED, REJECTED, ConfigEvent
from mlops_orchestrator.local.runner import LocalMode
from tests.support import example

from .helpers import pipeline_status, post, provision

pytestmark = pytest.mark.e2e

EVENTS = "mlops_orchestrator.local.events"


def _config_event(mode: LocalMode, body: bytes, outcome: str) -> list[ConfigEvent]:
    seen = len(mode.config_trigger.events)
    mode.client("s3").put_object(Bucket=mode.info.config_bucket, Key=CONFIG_FILE_KEY, Body=body)

    def arrived(events: list[ConfigEvent]) -> bool:
        return any(event.outcome == outcome for event in events[seen:])

    assert mode.config_trigger.wait_for(arrived, 30), mode.config_trigger.events[seen:]
    return mode.config_trigger.events[seen:]


def test_a_pipeline_run_prints_its_start_and_each_stage_once(
    single: LocalMode, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger=EVENTS):
        pipeline_id = provision(single, {**example("byom_batch_builtin"), "model_name": "events-batch"})
        name = pipeline_status(single, pipeline_id)["summary"]["pipeline_name"]
        pipeline_status(single, pipeline_id)  # read again: nothing new happened, nothing is printed
    said = [record.getMessage().split(" ", 1)[1] for record in caplog.records if record.name == EVENTS]
    mine = [line for line in said if line.startswith(f"pipeline {name}:")]
    assert len(mine) == 3, said
    assert mine[0].startswith(f"pipeline {name}: run ") and mine[0].endswith(" started")
    assert mine[1:] == [
        f"pipeline {name}: stage Source succeeded",
        f"pipeline {name}: stage DeployCloudFormation succeeded",
    ]


def test_an_invalid_mlops_config_is_reported_once_notified_and_listed(
    single: LocalMode, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger=EVENTS):
        events = _config_event(single, json.dumps({"pipeline_type": "byom_batch_custom"}).encode(), REJECTED)
    assert [event.outcome for event in events] == [REJECTED]
    said = [record.getMessage().split(" ", 1)[1] for record in caplog.records if record.name == EVENTS]
    config_file = f"s3://{single.info.config_bucket}/{CONFIG_FILE_KEY}"
    notified = [line for line in said if line.startswith("notification: mlops-config.json could not be provisioned")]
    reported = [line for line in said if line.startswith("mlops-config.json failed:")]
    assert len(notified) == 1 and config_file in notified[0] and "model_name" in notified[0], said
    assert len(reported) == 1 and "model_name" in reported[0], said

    status, listed = post(single, "/listpipelines", {})
    assert status == 200, listed
    last = listed["last_config_file_failure"]
    assert last["config_file"] == config_file
    assert "model_name" in last["message"]
    assert any(error["field"] == "model_name" for error in last["errors"])
    some_pipeline = listed["pipelines"][0]["pipeline_id"]
    assert pipeline_status(single, some_pipeline)["last_config_file_failure"] == last

    # An upload that provisions clears it.
    _config_event(single, json.dumps({**example("byom_batch_custom"), "model_name": "events-fixed"}).encode(), HANDLED)
    assert "last_config_file_failure" not in post(single, "/listpipelines", {})[1]


def test_an_approval_waiting_is_printed_once(multi: LocalMode, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger=EVENTS):
        pipeline_id = provision(multi, {**example("byom_batch_builtin"), "model_name": "events-approval"})
        summary = pipeline_status(multi, pipeline_id)["summary"]
        pipeline_status(multi, pipeline_id)
    assert summary["pipeline_status"] == "AwaitingApproval", summary
    said = [record.getMessage().split(" ", 1)[1] for record in caplog.records if record.name == EVENTS]
    waiting = [line for line in said if "approval waiting at" in line and summary["pipeline_name"] in line]
    assert len(waiting) == 1, said
