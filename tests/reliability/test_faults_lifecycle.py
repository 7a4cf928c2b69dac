"""AWS faults at every step of /pipelinestatus, /listpipelines and /deprovisionpipeline, through the handler
against moto.

Every pipeline here has a CodePipeline pipeline: moto's CloudFormation skips `AWS::CodePipeline::Pipeline` and
moto's CodePipeline has no GetPipelineState, so the module switches local mode's additions to moto on in-process
(its CloudFormation providers, which create the real pipeline template's pipeline, and the pipeline simulation,
which runs it and answers GetPipelineState). Without them /pipelinestatus would never call CodePipeline.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import mlops_orchestrator.core
from mlops_orchestrator.core import aws
from mlops_orchestrator.local import standins
from tests.functional.api_events import api, body_of
from tests.reliability import snapshot
from tests.reliability.faults import (
    ACCESS_DENIED,
    ALWAYS,
    THROTTLING,
    TRANSIENT,
    Fault,
    Injection,
    cases,
    operations_called,
)
from tests.reliability.invariants import nothing_half_done
from tests.reliability.tally import TALLY
from tests.support import example

AREA = "faults: status + deprovision"
LIST_AREA = "faults: list"
BODY = example("byom_batch_builtin")
STATUS_STEPS = [
    ("cloudformation", "DescribeStacks"),
    ("cloudformation", "ListStackResources"),
    ("codepipeline", "GetPipelineState"),
]
# /listpipelines: one DescribeStacks for the page, then /pipelinestatus's calls for each pipeline. In the reverse
# order of STATUS_STEPS, so that in CI mode CodePipeline gets other fault kinds here than in the status tests.
LIST_STEPS = STATUS_STEPS[::-1]
DEPROVISION_STEPS = [
    ("cloudformation", "DescribeStacks"),
    ("s3", "ListObjectVersions"),
    ("cloudformation", "DeleteStack"),
    ("s3", "DeleteObjects"),
]
PERMANENT = [ACCESS_DENIED, THROTTLING]
BY_AND_STEP = [(by, *step) for by in ("pipeline_id", "body") for step in DEPROVISION_STEPS]


def test_every_codepipeline_operation_the_orchestrator_calls_is_a_fault_step() -> None:
    """A CodePipeline call added to core/ without a fault step here fails this test."""
    core = Path(mlops_orchestrator.core.__file__).parent
    called = operations_called(core, "_codepipeline", "codepipeline")
    assert "GetPipelineState" in called, called  # /pipelinestatus reads the pipeline's state
    stepped = {operation for service, operation in [*STATUS_STEPS, *LIST_STEPS] if service == "codepipeline"}
    assert called <= stepped, f"CodePipeline operations without fault injection: {sorted(called - stepped)}"


@pytest.fixture
def pipelines(environment: dict[str, Any]) -> Iterator[None]:
    """Pipeline stacks that create a CodePipeline pipeline, run by local mode's simulation (in-process)."""
    standins.install()
    try:
        yield
    finally:
        standins.uninstall()


def inject(service: str, operation: str, fault: Fault, times: int) -> Injection:
    return Injection(service, operation, fault, times).attach(aws.client(service, "us-east-1"))


def call(path: str, body: dict[str, Any], area: str = AREA) -> tuple[int, dict[str, Any]]:
    response = api(path, body)
    TALLY.case(area, response["statusCode"])
    return response["statusCode"], body_of(response)


def provisioned() -> str:
    status, body = call("/provisionpipeline", BODY)
    assert status == 200, body
    pipeline_id: str = body["pipeline_id"]
    return pipeline_id


@pytest.mark.usefixtures("no_backoff", "pipelines")
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
    assert body["summary"]["pipeline_status"] == "Succeeded", body["summary"]
    assert [stage["stageName"] for stage in body["stageStates"]] == ["Source", "DeployCloudFormation"]


@pytest.mark.usefixtures("no_backoff", "pipelines")
@pytest.mark.parametrize(("step", "fault"), cases(STATUS_STEPS, PERMANENT))
def test_permanent_faults_on_status_carry_the_aws_error_code(
    environment: dict[str, Any], step: tuple[str, str], fault: Fault
) -> None:
    pipeline_id = provisioned()
    before = snapshot.state(environment)
    injection = inject(*step, fault, times=ALWAYS)
    status, body = call("/pipelinestatus", {"pipeline_id": pipeline_id})
    assert injection.injected >= 1, "the fault was not injected"
    assert 400 <= status < 600, body
    assert body.get("error_code") == fault.code(step[0]), body
    assert snapshot.state(environment) == before, "reading a status changed something"
    injection.detach()
    status, body = call("/pipelinestatus", {"pipeline_id": pipeline_id})
    assert status == 200 and body["summary"]["pipeline_status"] == "Succeeded", body


@pytest.mark.usefixtures("no_backoff", "pipelines")
@pytest.mark.parametrize(("step", "fault"), cases(LIST_STEPS, TRANSIENT))
def test_transient_faults_on_listing_are_retried(
    environment: dict[str, Any], step: tuple[str, str], fault: Fault
) -> None:
    pipeline_id = provisioned()
    injection = inject(*step, fault, times=2)
    status, body = call("/listpipelines", {}, LIST_AREA)
    assert injection.injected == 2, "the fault was not injected"
    assert results(status, body) == [(pipeline_id, "Succeeded")]


@pytest.mark.usefixtures("no_backoff", "pipelines")
@pytest.mark.parametrize(("step", "fault"), cases(LIST_STEPS, PERMANENT))
def test_permanent_faults_on_listing_are_reported_with_the_aws_error_code(
    environment: dict[str, Any], step: tuple[str, str], fault: Fault
) -> None:
    pipeline_id = provisioned()
    before = snapshot.state(environment)
    injection = inject(*step, fault, times=ALWAYS)
    status, body = call("/listpipelines", {}, LIST_AREA)
    assert injection.injected >= 1, "the fault was not injected"
    assert snapshot.state(environment) == before, "listing changed something"
    if step[1] == "DescribeStacks":  # the page itself cannot be read: an error answer with the code
        assert 400 <= status < 600 and body.get("error_code") == fault.code(step[0]), (status, body)
    else:  # one pipeline's state cannot be read: it is listed, with the reason
        assert results(status, body) == [(pipeline_id, None)]
        assert body["pipelines"][0]["status_error"] == {"operation": step[1], "error_code": fault.code(step[0])}
    injection.detach()
    assert results(*call("/listpipelines", {}, LIST_AREA)) == [(pipeline_id, "Succeeded")]


def results(status: int, body: dict[str, Any]) -> list[tuple[str, str | None]]:
    """(pipeline_id, last_pipeline_result) of each listed pipeline, from a 200 answer."""
    assert status == 200, body
    return [(item["pipeline_id"], item["last_pipeline_result"]) for item in body["pipelines"]]


@pytest.mark.usefixtures("no_backoff", "pipelines")
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


@pytest.mark.usefixtures("no_backoff", "pipelines")
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
