"""Every request the repository shows users runs in local mode with no manual step.

Each file in examples/ and docs/examples/ is provisioned as it is, in single-account mode (unless it sets
values per stage, which only multi-account accepts) and in multi-account mode, where staged pipelines are
approved through to prod. Each pipeline must succeed, and every SageMaker job its blueprint started must
complete. The real-time example goes first: the monitors' baselines read its endpoint.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from mlops_orchestrator.local import jobs, samples
from mlops_orchestrator.local.runner import LocalMode
from tests.support import EXAMPLES, example_files

from .helpers import COMPLETE, approve_pending, parameters, pipeline_status, post, stack

pytestmark = pytest.mark.e2e

PIPELINE_SECONDS = 60.0
JOB_SECONDS = 0.3
FIRST = "byom_realtime_builtin.json"


def _ordered() -> list[Path]:
    return sorted(example_files(), key=lambda path: (path.name != FIRST, str(path)))


def _per_stage(value: Any) -> bool:
    if isinstance(value, dict):
        return {"dev", "staging", "prod"} <= set(value) or any(_per_stage(item) for item in value.values())
    return False


def _settled(mode: LocalMode, pipeline_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + PIPELINE_SECONDS
    while True:
        state = pipeline_status(mode, pipeline_id)
        if state["summary"]["pipeline_status"] in ("Succeeded", "AwaitingApproval", "Failed"):
            return state
        if time.monotonic() > deadline:
            return state
        time.sleep(0.1)


def _run(mode: LocalMode, path: Path, approve: bool) -> str:
    """'' when the example's pipeline succeeded (approved through to prod when `approve`), else what went wrong."""
    status, answer = post(mode, "/provisionpipeline", json.loads(path.read_text()))
    if status != 200:
        return f"provisioning answered {status}: {answer}"
    pipeline_id = str(answer["pipeline_id"])
    state = _settled(mode, pipeline_id)
    for _ in range(3):  # dev -> staging -> prod
        if not (approve and state["summary"]["pipeline_status"] == "AwaitingApproval"):
            break
        approve_pending(mode, state, "every-example test")
        state = _settled(mode, pipeline_id)
    summary = state["summary"]
    if summary["pipeline_status"] != "Succeeded":
        return f"pipeline {summary['pipeline_status']}: {json.dumps(summary['stages'])}"
    blueprint_stack = parameters(stack(mode, pipeline_id)).get("StackName", "")
    if not approve and blueprint_stack and stack(mode, blueprint_stack)["StackStatus"] not in COMPLETE:
        return f"the blueprint stack {blueprint_stack} is {stack(mode, blueprint_stack)['StackStatus']}"
    return ""


def _with_the_samples(mode: LocalMode) -> LocalMode:
    """The mode with the seeded samples as shipped (other tests of the package may have written over them)."""
    s3 = mode.client("s3")
    for key, sample in samples.ASSETS.items():
        s3.put_object(Bucket=mode.info.assets_bucket, Key=key, Body=samples.content(sample))
    jobs.configure(JOB_SECONDS)
    return mode


def _failed_jobs() -> list[str]:
    assert jobs.settle(30), [state for state in jobs.simulated() if not state.finished]
    return [
        f"{state.kind} job {state.name} ({state.account_id}): {state.status} {state.failure_reason}"
        for state in jobs.simulated()
        if state.status != "Completed"
    ]


def test_every_example_runs_in_single_account_mode(own_single: LocalMode) -> None:
    _with_the_samples(own_single)
    runnable = [path for path in _ordered() if not _per_stage(json.loads(path.read_text()))]

    problems = {path.name: _run(own_single, path, approve=False) for path in runnable}

    assert {name: problem for name, problem in problems.items() if problem} == {}
    assert _failed_jobs() == []
    assert len(runnable) >= 12


def test_every_example_runs_in_multi_account_mode_through_to_prod(own_multi: LocalMode) -> None:
    _with_the_samples(own_multi)

    problems = {path.name: _run(own_multi, path, approve=True) for path in _ordered()}

    assert {name: problem for name, problem in problems.items() if problem} == {}
    assert _failed_jobs() == []


def test_a_monitor_example_runs_first_on_the_endpoint_local_mode_seeds(own_single: LocalMode) -> None:
    # A new user's first try may be a monitor: its endpoint is seeded, as its data is, so it needs no real-time run.
    _with_the_samples(own_single)
    assert _run(own_single, EXAMPLES / "byom_model_bias_monitor.json", approve=False) == ""
    assert _failed_jobs() == []
