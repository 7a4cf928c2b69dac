"""Local mode retries a failed asynchronous event as Lambda would, and the failure is notified once, after the
last attempt: an mlops-config.json upload that AWS fails, and a release that fails after an approval."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from mlops_orchestrator.core.errors import AwsServiceError
from mlops_orchestrator.core.provisioning import Provisioner
from mlops_orchestrator.core.service import CONFIG_FILE_FAILED, CONFIG_FILE_KEY
from mlops_orchestrator.core.settings import MAXIMUM_RETRY_ATTEMPTS
from mlops_orchestrator.local import config_trigger, registry_events
from mlops_orchestrator.local.config_trigger import FAILED, GAVE_UP, ConfigEvent
from mlops_orchestrator.local.runner import LocalMode
from tests.support import example, group_variant, register_packages_with

from .helpers import provision

pytestmark = pytest.mark.e2e

EVENTS = "mlops_orchestrator.local.events"
ATTEMPTS = MAXIMUM_RETRY_ATTEMPTS + 1


def refuse_every_provisioning(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every provisioning fails as AWS would refuse CreateStack; the plans it was asked for."""
    refused: list[Any] = []

    def refuse(_self: Provisioner, plan: Any) -> Any:
        refused.append(plan)
        raise AwsServiceError("CreateStack", "AccessDenied", "injected refusal", 403)

    monkeypatch.setattr(Provisioner, "provision", refuse)
    return refused


def notified(caplog: pytest.LogCaptureFixture, subject: str) -> list[str]:
    said = [record.getMessage().split(" ", 1)[1] for record in caplog.records if record.name == EVENTS]
    return [line for line in said if line.startswith(f"notification: {subject}")]


def test_local_mode_makes_as_many_attempts_as_lambda() -> None:
    assert config_trigger.MAX_ATTEMPTS == registry_events.MAX_ATTEMPTS == ATTEMPTS


def test_a_config_file_that_aws_fails_is_tried_three_times_and_notified_once(
    single: LocalMode, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    refused = refuse_every_provisioning(monkeypatch)
    seen = len(single.config_trigger.events)
    body = {**example("byom_batch_custom"), "model_name": "refused-config"}
    with caplog.at_level(logging.INFO, logger=EVENTS):
        single.client("s3").put_object(Bucket=single.info.config_bucket, Key=CONFIG_FILE_KEY, Body=json.dumps(body))

        def gave_up(events: list[ConfigEvent]) -> bool:
            return any(event.outcome == GAVE_UP for event in events[seen:])

        assert single.config_trigger.wait_for(gave_up, 60), single.config_trigger.events[seen:]
    # (Local mode's first event is S3's test event, which the trigger ignores.)
    outcomes = [(event.outcome, event.attempt) for event in single.config_trigger.events[seen:] if event.keys]
    assert outcomes == [*((FAILED, n) for n in range(1, ATTEMPTS)), (GAVE_UP, ATTEMPTS)]
    assert len(refused) == ATTEMPTS
    [line] = notified(caplog, CONFIG_FILE_FAILED)
    assert "injected refusal" in line


def test_a_release_that_fails_is_tried_three_times_and_notified_once(
    registry: LocalMode, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    group = "refused-release"
    _v1, v2 = register_packages_with(registry.client("sagemaker"), group, "Approved", "PendingManualApproval")
    body = {**group_variant(example("byom_batch_builtin"), group=group), "model_name": group}
    provision(registry, body)
    refused = refuse_every_provisioning(monkeypatch)
    delivered = len(registry.package_events.deliveries)
    with caplog.at_level(logging.INFO, logger=EVENTS):
        registry.client("sagemaker").update_model_package(ModelPackageArn=v2, ModelApprovalStatus="Approved")
        assert registry.package_events.wait_for(delivered + 1)
    delivery = registry.package_events.deliveries[delivered]
    assert delivery.error is not None and "injected refusal" in delivery.error
    assert len(refused) == ATTEMPTS
    [line] = notified(caplog, f"Model package {group} v2: release failed")
    assert "injected refusal" in line
