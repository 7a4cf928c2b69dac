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


def through_the_approvals(mode: LocalMode, pipeline_id: str, state: dict[str, Any]) -> dict[str, Any]:
    """Approve staging, then prod (one manual approval waits each time); the settled state after."""
    for _ in range(2):
        assert len(state["summary"]["pending_approvals"]) == 1, state["summary"]
        approve_pending(mode, state, "registry release test")
        state = settled(mode, pipeline_id)
    assert state["summary"]["pipeline_status"] == "Succeeded", state["summary"]
    return state


def approve(mode: LocalMode, arn: str) -> dict[str, Any]:
    """Approve `arn` in the emulator's registry; what the orchestrator answered to the event."""
    delivered = len(mode.package_events.deliveries)
    mode.client("sagemaker").update_model_package(ModelPackageArn=arn, ModelApprovalStatus="Approved")
    assert mode.package_events.wait_for(delivered + 1)
    delivery = mode.package_events.deliveries[delivered]
    assert delivery.error is None, delivery.error
    result: dict[str, Any] = delivery.result
    return result


@pytest.mark.parametrize(
    ("example_type", "action"),
    [("byom_realtime_builtin", "deploying"), ("byom_model_bias_monitor", "baselining")],
    ids=["real-time", "bias-monitor"],
)
def test_an_approved_version_reaches_dev_first_and_prod_after_the_approvals(
    multi_registry: LocalMode, example_type: str, action: str
) -> None:
    mode = multi_registry
    group = f"multi-{example_type.replace('_', '-')}"
    v1, v2 = register_packages_with(mode.client("sagemaker"), group, "Approved", "PendingManualApproval")
    # A monitor watches the example endpoint, which local mode seeds in every stage account.
    body = {**group_variant(example(example_type), group=group), "model_name": group}

    pipeline_id = provision(mode, body)
    through_the_approvals(mode, pipeline_id, settled(mode, pipeline_id))
    assert packages_by_stage(mode, pipeline_id) == {"dev": v1, "staging": v1, "prod": v1}

    released = approve(mode, v2)
    assert [item["model_package_name"] for item in released["releases"]] == [v2]
    assert f"{action} {v2}" in released["releases"][0]["message"]
    state = settled(mode, pipeline_id)
    assert state["summary"]["pipeline_status"] == "AwaitingApproval", state["summary"]
    assert packages_by_stage(mode, pipeline_id) == {"dev": v2, "staging": v1, "prod": v1}
    through_the_approvals(mode, pipeline_id, state)
    assert packages_by_stage(mode, pipeline_id) == {"dev": v2, "staging": v2, "prod": v2}
