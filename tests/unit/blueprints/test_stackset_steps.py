"""Each StackSet step's requests and verdicts, with CloudFormation stubbed for the states moto never reaches."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from mlops_orchestrator.blueprints.multi_account_codepipeline.runtime import stacksets
from mlops_orchestrator.blueprints.multi_account_codepipeline.runtime.job import Deployment, parse_user_parameters
from mlops_orchestrator.blueprints.multi_account_codepipeline.runtime.stacksets import Outcome
from tests.unit.blueprints.stackset_support import PARAMETERS, REGION, STACKSET, user_parameters

TARGET = "111111111111"
NEIGHBOUR = "444444444444"
OU = "ou-abcd-11111111"
REGIONS = [REGION, "eu-west-1"]
NAMED = {"StackSetName": STACKSET, "CallAs": "SELF"}
CREATE_REQUEST = {
    **NAMED,
    "TemplateBody": "{}",
    "Parameters": PARAMETERS,
    "Capabilities": ["CAPABILITY_NAMED_IAM"],
    "PermissionModel": "SERVICE_MANAGED",
    "AutoDeployment": {"Enabled": False},
}
INSTANCES_REQUEST = {
    **NAMED,
    "DeploymentTargets": {"OrganizationalUnitIds": [OU]},
    "Regions": [REGION],
}


@pytest.fixture
def cfn() -> Iterator[tuple[Any, Stubber]]:
    client = boto3.client("cloudformation", region_name=REGION)
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


def deployment(**overrides: Any) -> Deployment:
    return parse_user_parameters(json.dumps(user_parameters(**overrides)))


def token(step: str = "update", operation: str = "op-1") -> dict[str, str]:
    return {"stackset": STACKSET, "operation": operation, "step": step}


def operation(stubber: Stubber, status: str, operation_id: str = "op-1", **extra: Any) -> None:
    stubber.add_response(
        "describe_stack_set_operation",
        {"StackSetOperation": {"OperationId": operation_id, "Status": status, "Action": "UPDATE", **extra}},
        {**NAMED, "OperationId": operation_id},
    )


def instances(stubber: Stubber, *summaries: dict[str, Any]) -> None:
    stubber.add_response("list_stack_instances", {"Summaries": list(summaries)}, NAMED)


def instance(
    account: str, region: str = REGION, detailed: str = "SUCCEEDED", status: str = "CURRENT", **extra: Any
) -> dict[str, Any]:
    return {
        "StackSetId": f"{STACKSET}:1",
        "Account": account,
        "Region": region,
        "Status": status,
        "StackInstanceStatus": {"DetailedStatus": detailed},
        **extra,
    }


@pytest.mark.parametrize("status", ["RUNNING", "QUEUED", "STOPPING"])
def test_an_unfinished_operation_keeps_the_same_token(cfn: tuple[Any, Stubber], status: str) -> None:
    client, stubber = cfn
    operation(stubber, status)
    assert stacksets.resume(client, deployment(), token(), "SELF") == Outcome(
        "waiting", f"StackSet {STACKSET}: operation op-1 {status}", token()
    )


def test_a_failed_operation_names_every_failed_account_and_region(cfn: tuple[Any, Stubber]) -> None:
    client, stubber = cfn
    operation(stubber, "FAILED", StatusReason="Operation failed in 2 regions")
    stubber.add_response(
        "list_stack_set_operation_results",
        {
            "Summaries": [
                {"Account": TARGET, "Region": REGION, "Status": "SUCCEEDED"},
                {"Account": TARGET, "Region": "eu-west-1", "Status": "FAILED", "StatusReason": "Role not found"},
                {"Account": NEIGHBOUR, "Region": "eu-west-1", "Status": "CANCELLED"},
            ]
        },
        {**NAMED, "OperationId": "op-1"},
    )
    outcome = stacksets.resume(client, deployment(regions=REGIONS), token(), "SELF")
    assert outcome == Outcome(
        "failed",
        f"StackSet {STACKSET}: operation op-1 (UPDATE) ended FAILED: Operation failed in 2 regions. "
        f"{TARGET}/eu-west-1 FAILED: Role not found; {NEIGHBOUR}/eu-west-1 CANCELLED",
    )


def test_a_stopped_operation_fails_the_job(cfn: tuple[Any, Stubber]) -> None:
    client, stubber = cfn
    operation(stubber, "STOPPED")
    stubber.add_response("list_stack_set_operation_results", {"Summaries": []}, {**NAMED, "OperationId": "op-1"})
    outcome = stacksets.resume(client, deployment(), token(), "SELF")
    assert outcome == Outcome("failed", f"StackSet {STACKSET}: operation op-1 (UPDATE) ended STOPPED")


def test_every_instance_is_checked_not_only_the_first(cfn: tuple[Any, Stubber]) -> None:
    client, stubber = cfn
    operation(stubber, "SUCCEEDED")
    instances(
        stubber,
        instance(TARGET),
        instance(NEIGHBOUR, detailed="INOPERABLE", status="INOPERABLE", StatusReason="Stack was deleted"),
    )
    outcome = stacksets.resume(client, deployment(), token(), "SELF")
    assert outcome == Outcome(
        "failed",
        f"StackSet {STACKSET} is not deployed: {NEIGHBOUR}/{REGION} INOPERABLE (INOPERABLE): Stack was deleted.",
    )


def test_an_outdated_instance_is_not_deployed(cfn: tuple[Any, Stubber]) -> None:
    client, stubber = cfn
    operation(stubber, "SUCCEEDED")
    instances(stubber, instance(TARGET, detailed="FAILED", status="OUTDATED"))
    outcome = stacksets.resume(client, deployment(), token("instances"), "SELF")
    assert outcome.state == "failed"
    assert f"{TARGET}/{REGION} FAILED (OUTDATED)" in outcome.message


def test_a_suspended_neighbour_is_skipped_but_a_suspended_target_fails(cfn: tuple[Any, Stubber]) -> None:
    client, stubber = cfn
    skipped = instance(NEIGHBOUR, detailed="SKIPPED_SUSPENDED_ACCOUNT", status="INOPERABLE")
    operation(stubber, "SUCCEEDED")
    instances(stubber, instance(TARGET), skipped)
    assert stacksets.resume(client, deployment(), token(), "SELF") == Outcome(
        "succeeded", f"StackSet {STACKSET} deployed to {TARGET}/{REGION}"
    )

    operation(stubber, "SUCCEEDED")
    instances(stubber, instance(TARGET), skipped)
    outcome = stacksets.resume(client, deployment(account_ids=[TARGET, NEIGHBOUR]), token(), "SELF")
    assert outcome.state == "failed"
    assert f"{NEIGHBOUR}/{REGION} SKIPPED_SUSPENDED_ACCOUNT" in outcome.message


def test_after_an_update_only_the_missing_regions_get_instances(cfn: tuple[Any, Stubber]) -> None:
    client, stubber = cfn
    operation(stubber, "SUCCEEDED")
    instances(stubber, instance(TARGET, REGION))
    stubber.add_response(
        "create_stack_instances",
        {"OperationId": "op-2"},
        {
            **NAMED,
            "DeploymentTargets": {"OrganizationalUnitIds": [OU]},
            "Regions": ["eu-west-1"],
        },
    )
    outcome = stacksets.resume(client, deployment(regions=REGIONS), token("update"), "SELF")
    assert outcome == Outcome(
        "waiting", f"Creating StackSet {STACKSET} instances: {OU} in eu-west-1", token("instances", "op-2")
    )


def test_instances_still_missing_after_creating_them_fail_the_job(cfn: tuple[Any, Stubber]) -> None:
    client, stubber = cfn
    operation(stubber, "SUCCEEDED")
    instances(stubber, instance(TARGET, REGION))
    outcome = stacksets.resume(client, deployment(regions=REGIONS), token("instances"), "SELF")
    assert outcome == Outcome(
        "failed",
        f"StackSet {STACKSET} is not deployed: {TARGET}/eu-west-1 has no stack instance. "
        f"Are the accounts in organizational unit {OU}?",
    )


def test_a_token_for_another_stackset_is_refused_without_a_call(cfn: tuple[Any, Stubber]) -> None:
    client, _ = cfn
    outcome = stacksets.resume(client, deployment(), {**token(), "stackset": "other"}, "SELF")
    assert outcome == Outcome("failed", f"The continuation token is for StackSet other, not {STACKSET}")


def test_a_deleted_stackset_is_created_again(cfn: tuple[Any, Stubber]) -> None:
    client, stubber = cfn
    stubber.add_response("describe_stack_set", {"StackSet": {"StackSetName": STACKSET, "Status": "DELETED"}}, NAMED)
    stubber.add_response("create_stack_set", {"StackSetId": f"{STACKSET}:1"}, CREATE_REQUEST)
    stubber.add_response("create_stack_instances", {"OperationId": "op-9"}, INSTANCES_REQUEST)
    outcome = stacksets.start(client, deployment(), "{}", PARAMETERS, "SELF")
    assert outcome.token == token("instances", "op-9")


def test_a_missing_stackset_is_created(cfn: tuple[Any, Stubber]) -> None:
    client, stubber = cfn
    stubber.add_client_error("describe_stack_set", "StackSetNotFoundException", expected_params=NAMED)
    stubber.add_response("create_stack_set", {"StackSetId": f"{STACKSET}:1"}, CREATE_REQUEST)
    stubber.add_response("create_stack_instances", {"OperationId": "op-9"}, INSTANCES_REQUEST)
    assert stacksets.start(client, deployment(), "{}", PARAMETERS, "SELF").state == "waiting"
