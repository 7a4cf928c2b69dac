"""AWS faults at every step of provisioning (new pipeline and update), through the handler against moto."""

from __future__ import annotations

from typing import Any

import pytest

from mlops_orchestrator.core import aws
from tests.functional.api_events import api, body_of
from tests.reliability import snapshot
from tests.reliability.faults import ACCESS_DENIED, ALWAYS, THROTTLING, TRANSIENT, Fault, Injection, cases
from tests.reliability.invariants import latest_versions, nothing_half_done
from tests.reliability.tally import TALLY
from tests.support import example

AREA = "faults: provisioning"
BODY = example("byom_batch_builtin")
CHANGED = {**BODY, "inference_instance": "ml.c5.xlarge"}
NEW_STEPS = [
    ("cloudformation", "DescribeStacks"),
    ("s3", "GetObject"),
    ("s3", "HeadObject"),
    ("s3", "PutObject"),
    ("cloudformation", "CreateStack"),
]
UPDATE_STEPS = [*NEW_STEPS[:4], ("cloudformation", "UpdateStack")]
PERMANENT = [ACCESS_DENIED, THROTTLING]  # throttling that never stops exhausts the retries


def inject(service: str, operation: str, fault: Fault, times: int) -> Injection:
    return Injection(service, operation, fault, times).attach(aws.client(service, "us-east-1"))


def provision(body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    response = api("/provisionpipeline", body)
    TALLY.case(AREA, response["statusCode"])
    return response["statusCode"], body_of(response)


@pytest.mark.usefixtures("no_backoff")
@pytest.mark.parametrize(("step", "fault"), cases(NEW_STEPS, TRANSIENT))
def test_transient_faults_on_a_new_pipeline_are_retried(
    environment: dict[str, Any], step: tuple[str, str], fault: Fault
) -> None:
    injection = inject(*step, fault, times=2)
    status, body = provision(BODY)
    assert injection.injected == 2 and injection.calls >= 3, "the fault was not injected"
    assert status == 200, body
    assert len(snapshot.stacks(environment)) == 1
    nothing_half_done(environment)


@pytest.mark.usefixtures("no_backoff")
@pytest.mark.parametrize(("step", "fault"), cases(UPDATE_STEPS, TRANSIENT))
def test_transient_faults_on_an_update_are_retried(
    environment: dict[str, Any], step: tuple[str, str], fault: Fault
) -> None:
    assert provision(BODY)[0] == 200
    injection = inject(*step, fault, times=2)
    status, body = provision(CHANGED)
    assert injection.injected == 2 and injection.calls >= 3, "the fault was not injected"
    assert status == 200, body
    nothing_half_done(environment)


@pytest.mark.usefixtures("no_backoff")
@pytest.mark.parametrize(("step", "fault"), cases(NEW_STEPS, PERMANENT))
def test_permanent_faults_on_a_new_pipeline_leave_nothing_and_resubmitting_converges(
    environment: dict[str, Any], step: tuple[str, str], fault: Fault
) -> None:
    injection = inject(*step, fault, times=ALWAYS)
    status, body = provision(BODY)
    assert injection.injected >= 1, "the fault was not injected"
    assert 400 <= status < 600 and status != 200, body
    assert body.get("error_code") == fault.code(step[0]), body
    assert snapshot.stacks(environment) == {}
    nothing_half_done(environment)
    injection.detach()
    status, body = provision(BODY)
    assert status == 200, body
    assert len(snapshot.stacks(environment)) == 1
    nothing_half_done(environment)


@pytest.mark.usefixtures("no_backoff")
@pytest.mark.parametrize(("step", "fault"), cases(UPDATE_STEPS, PERMANENT))
def test_permanent_faults_on_an_update_keep_the_previous_pipeline_and_resubmitting_converges(
    environment: dict[str, Any], step: tuple[str, str], fault: Fault
) -> None:
    assert provision(BODY)[0] == 200
    before = latest_versions(environment)
    injection = inject(*step, fault, times=ALWAYS)
    status, body = provision(CHANGED)
    assert injection.injected >= 1, "the fault was not injected"
    assert 400 <= status < 600, body
    assert body.get("error_code") == fault.code(step[0]), body
    assert latest_versions(environment) == before, "a failed update left its template.zip current"
    nothing_half_done(environment)
    injection.detach()
    status, body = provision(CHANGED)
    assert status == 200, body
    assert len(snapshot.stacks(environment)) == 1
    nothing_half_done(environment)
