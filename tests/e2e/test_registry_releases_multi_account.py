"""Local mode, multi-account with the registry: a released version reaches dev first, prod after the approvals."""

from __future__ import annotations

import time
from typing import Any

import pytest

from mlops_orchestrator.local.runner import LocalMode
from tests.support import example, group_variant, register_packages_with

from .helpers import approve_pending, pipeline_status, provision

pytestmark = pytest.mark.e2e

SETTLE_SECONDS = 60.0


def settled(mode: LocalMode, pipeline_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + SETTLE_SECONDS
    while True:
        state = pipeline_status(mode, pipeline_id)
        if state["summary"]["pipeline_status"] in ("Succeeded", "AwaitingApproval", "Failed") or (
            time.monotonic() > deadline
        ):
            return state
        time.sleep(0.1)


def packages_by_stage(mode: LocalMode, pipeline_id: str) -> dict[str, str]:
    # One read: the status reads the deployments after the pipeline's state (which runs the simulated pipeline).
    state = pipeline_status(mode, pipeline_id)
    return {entry["stage"]: entry.get("model_package", "") for entry in state["summary"]["deployments"]}


def test_an_approved_version_reaches_dev_first_and_prod_after_the_approvals(multi_registry: LocalMode) -> None:
    mode = multi_registry
    v1, v2 = register_packages_with(mode.client("sagemaker"), "release-multi", "Approved", "PendingManualApproval")
    body = {**group_variant(example("byom_realtime_builtin"), group="release-multi"), "model_name": "release-multi"}
    delivered = len(mode.package_events.deliveries)

    pipeline_id = provision(mode, body)
    state = settled(mode, pipeline_id)
    for _ in range(2):  # dev -> staging -> prod
        assert len(state["summary"]["pending_approvals"]) == 1, state["summary"]
        approve_pending(mode, state, "registry release test")
        state = settled(mode, pipeline_id)
    assert state["summary"]["pipeline_status"] == "Succeeded", state["summary"]
    assert packages_by_stage(mode, pipeline_id) == {"dev": v1, "staging": v1, "prod": v1}

    mode.client("sagemaker").update_model_package(ModelPackageArn=v2, ModelApprovalStatus="Approved")
    assert mode.package_events.wait_for(delivered + 1)
    assert mode.package_events.deliveries[delivered].error is None
    state = settled(mode, pipeline_id)
    assert state["summary"]["pipeline_status"] == "AwaitingApproval", state["summary"]
    assert packages_by_stage(mode, pipeline_id) == {"dev": v2, "staging": v1, "prod": v1}
    for _ in range(2):
        assert len(state["summary"]["pending_approvals"]) == 1, state["summary"]
        approve_pending(mode, state, "registry release test")
        state = settled(mode, pipeline_id)
    assert packages_by_stage(mode, pipeline_id) == {"dev": v2, "staging": v2, "prod": v2}


def test_a_monitor_following_a_group_baselines_a_new_version_in_dev_first(multi_registry: LocalMode) -> None:
    mode = multi_registry
    v1, v2 = register_packages_with(mode.client("sagemaker"), "monitor-multi", "Approved", "PendingManualApproval")
    # The seeded example endpoint exists in every stage account; the monitor watches it there.
    body = {**group_variant(example("byom_model_bias_monitor"), group="monitor-multi"), "model_name": "monitor-multi"}
    delivered = len(mode.package_events.deliveries)

    pipeline_id = provision(mode, body)
    state = settled(mode, pipeline_id)
    for _ in range(2):
        approve_pending(mode, state, "registry monitor test")
        state = settled(mode, pipeline_id)
    assert state["summary"]["pipeline_status"] == "Succeeded", state["summary"]
    assert packages_by_stage(mode, pipeline_id) == {"dev": v1, "staging": v1, "prod": v1}

    mode.client("sagemaker").update_model_package(ModelPackageArn=v2, ModelApprovalStatus="Approved")
    assert mode.package_events.wait_for(delivered + 1)
    delivery = mode.package_events.deliveries[delivered]
    assert delivery.error is None, delivery.error
    assert "baselining" in delivery.result["releases"][0]["message"]
    state = settled(mode, pipeline_id)
    assert state["summary"]["pipeline_status"] == "AwaitingApproval", state["summary"]
    assert packages_by_stage(mode, pipeline_id) == {"dev": v2, "staging": v1, "prod": v1}
    for _ in range(2):
        approve_pending(mode, state, "registry monitor test")
        state = settled(mode, pipeline_id)
    assert state["summary"]["pipeline_status"] == "Succeeded", state["summary"]
    assert packages_by_stage(mode, pipeline_id) == {"dev": v2, "staging": v2, "prod": v2}
