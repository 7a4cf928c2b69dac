"""AWS faults at every step of /pipelinestatus and /deprovisionpipeline, through the handler against moto."""

from __future__ import annotations

from typing import Any

import pytest

from mlops_orchestrator.core import aws
from tests.functional.api_events import api, body_of
from tests.reliability import snapshot
from tests.reliability.faults import ACCESS_DENIED, ALWAYS, THROTTLING, TRANSIENT, Fault, Injection, cases
from tests.reliability.invariants import nothing_half_done
from tests.reliability.tally import TALLY
from tests.support import example

AREA = "faults: status + deprovision"
BODY = example("byom_batch_builtin")
STATUS_STEPS = [("cloudformation", "DescribeStacks"), ("cloudformation", "ListStackResources")]
DEPROVISION_STEPS = [
    ("cloudformation", "DescribeStacks"),
    ("s3", "ListObjectVersions"),
    ("cloudformation", "DeleteStack"),
    ("s3", "DeleteObjects"),
]
PERMANENT = [ACCESS_DENIED, THROTTLING]
BY_AND_STEP = [(by, *step) for by in ("pipeline_id", "body") for step in DEPROVISION_STEPS]


def inject(service: str, operation: str, fault: Fault, times: int) -> Injection:
    return Injection(service, operation, fault, times).attach(aws.client(service, "us-east-1"))


def call(path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    response = api(path, body)
    TALLY.case(AREA, response["statusCode"])
    return response["statusCode"], body_of(response)


def provisioned() -> str:
    status, body = call("/provisionpipeline", BODY)
    assert status == 200, body
    pipeline_id: str = body["pipeline_id"]
    return pipeline_id


@pytest.mark.usefixtures("no_backoff")
@pytest.mark.parametrize(("step", "fault"), cases(STATUS_STEPS, TRANSIENT))
def test_transient_faults_on_status_are_retried(
    environment: dict[str, Any], step: tuple[str, str], fault: Fault
) -> None:
    pipeline_id = provisioned()
    injection = inject(*step, fault, times=2)
    status, body = call("/pipelinestatus", {"pipeline_id": pipeline_id})
    assert injection.injected == 2, "the fault was not injected"
    assert status == 200, body
    assert body["summary"]["stack_status"] == "CREATE_COMPLETE"


@pytest.mark.usefixtures("no_backoff")
@pytest.mark.parametrize(("step", "fault"), cases(STATUS_STEPS, PERMANENT))
def test_permanent_faults_on_status_carry_the_aws_error_code(
    environment: dict[str, Any], step: tuple[str, str], fault: Fault
) -> None:
    pipeline_id = provisioned()
    injection = inject(*step, fault, times=ALWAYS)
    status, body = call("/pipelinestatus", {"pipeline_id": pipeline_id})
    assert injection.injected >= 1, "the fault was not injected"
    assert 400 <= status < 600, body
    assert body.get("error_code") == fault.code(step[0]), body
    injection.detach()
    assert call("/pipelinestatus", {"pipeline_id": pipeline_id})[0] == 200


@pytest.mark.usefixtures("no_backoff")
@pytest.mark.parametrize(("step", "fault"), cases(DEPROVISION_STEPS, TRANSIENT))
def test_transient_faults_on_deprovisioning_are_retried(
    environment: dict[str, Any], step: tuple[str, str], fault: Fault
) -> None:
    pipeline_id = provisioned()
    injection = inject(*step, fault, times=2)
    status, body = call("/deprovisionpipeline", {"pipeline_id": pipeline_id})
    assert injection.injected == 2, "the fault was not injected"
    assert status == 200 and body["status"] == "deleted", body
    assert snapshot.stacks(environment) == {}
    nothing_half_done(environment)


@pytest.mark.usefixtures("no_backoff")
@pytest.mark.parametrize(("case", "fault"), cases(BY_AND_STEP, PERMANENT))
def test_permanent_faults_on_deprovisioning_carry_the_code_and_resubmitting_converges(
    environment: dict[str, Any], case: tuple[str, str, str], fault: Fault
) -> None:
    by, step = case[0], (case[1], case[2])
    pipeline_id = provisioned()
    request = {"pipeline_id": pipeline_id} if by == "pipeline_id" else BODY
    injection = inject(*step, fault, times=ALWAYS)
    status, body = call("/deprovisionpipeline", request)
    assert injection.injected >= 1, "the fault was not injected"
    assert 400 <= status < 600, body
    assert body.get("error_code") == fault.code(step[0]), body
    injection.detach()
    status, body = call("/deprovisionpipeline", request)
    assert status == 200 and body["status"] == "deleted", body
    assert snapshot.stacks(environment) == {}
    assert snapshot.current_keys(environment) == set(), "template.zip left behind"
