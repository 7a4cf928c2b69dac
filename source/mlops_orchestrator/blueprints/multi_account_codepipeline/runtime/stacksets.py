"""Create or update one service-managed StackSet, step by step, and judge each step's outcome.

A deployment is at most two StackSet operations, each awaited across Lambda invocations through the job's
continuation token:

1. `update_stack_set` (the StackSet exists; it updates every instance, failed or outdated ones included), or
   `create_stack_set` + `create_stack_instances` (it does not);
2. after an update, `create_stack_instances` for any target account and region that has no instance yet.

The job succeeds only when the last operation SUCCEEDED and every stack instance is deployed, the requested
accounts in every requested region included: a StackSet whose organizational unit does not contain the
account deploys nothing there, and that is a failure, not a success.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from .job import Deployment

CAPABILITIES = ["CAPABILITY_NAMED_IAM"]
WAITING = frozenset({"RUNNING", "QUEUED", "STOPPING"})
DEPLOYED = "SUCCEEDED"
# Accounts suspended in the organization are skipped by StackSets; that is not an error unless one is a target.
SKIPPED = "SKIPPED_SUSPENDED_ACCOUNT"

Step = Literal["update", "instances"]


@dataclass(frozen=True)
class Outcome:
    """What to tell CodePipeline: keep waiting (with a token), success, or failure."""

    state: Literal["waiting", "succeeded", "failed"]
    message: str
    token: dict[str, str] | None = None


def start(cfn: Any, deployment: Deployment, template: str, parameters: list[dict[str, str]], call_as: str) -> Outcome:
    name = deployment.stackset_name
    common = {
        "StackSetName": name,
        "TemplateBody": template,
        "Parameters": parameters,
        "Capabilities": CAPABILITIES,
        "PermissionModel": "SERVICE_MANAGED",
        # The pipeline, not the organization's membership changes, decides where the blueprint runs.
        "AutoDeployment": {"Enabled": False},
        "CallAs": call_as,
    }
    if _exists(cfn, name, call_as):
        operation = cfn.update_stack_set(**common)["OperationId"]
        return _waiting(deployment, operation, "update", f"Updating StackSet {name}")
    cfn.create_stack_set(**common)
    return _create_instances(cfn, deployment, list(deployment.regions), call_as)


def resume(cfn: Any, deployment: Deployment, token: dict[str, str], call_as: str) -> Outcome:
    name = deployment.stackset_name
    if token.get("stackset") != name:
        return Outcome("failed", f"The continuation token is for StackSet {token.get('stackset')}, not {name}")
    operation_id = token["operation"]
    operation = cfn.describe_stack_set_operation(StackSetName=name, OperationId=operation_id, CallAs=call_as)[
        "StackSetOperation"
    ]
    status = operation["Status"]
    if status in WAITING:
        return _waiting(deployment, operation_id, token["step"], f"StackSet {name}: operation {operation_id} {status}")
    if status != DEPLOYED:
        return Outcome("failed", _operation_failure(cfn, name, operation, call_as))
    instances = _instances(cfn, name, call_as)
    missing = _missing(deployment, instances)
    if missing and token["step"] == "update":
        return _create_instances(cfn, deployment, sorted({region for _, region in missing}), call_as)
    return _verdict(deployment, instances, missing)


def _exists(cfn: Any, name: str, call_as: str) -> bool:
    try:
        stackset = cfn.describe_stack_set(StackSetName=name, CallAs=call_as)["StackSet"]
    except cfn.exceptions.StackSetNotFoundException:
        return False
    return bool(stackset.get("Status") != "DELETED")


def _create_instances(cfn: Any, deployment: Deployment, regions: list[str], call_as: str) -> Outcome:
    operation = cfn.create_stack_instances(
        StackSetName=deployment.stackset_name,
        DeploymentTargets={"OrganizationalUnitIds": list(deployment.org_ids)},
        Regions=regions,
        CallAs=call_as,
    )["OperationId"]
    where = f"{', '.join(deployment.org_ids)} in {', '.join(regions)}"
    return _waiting(
        deployment, operation, "instances", f"Creating StackSet {deployment.stackset_name} instances: {where}"
    )


def _waiting(deployment: Deployment, operation: str, step: str, message: str) -> Outcome:
    return Outcome("waiting", message, {"stackset": deployment.stackset_name, "operation": operation, "step": step})


def _instances(cfn: Any, name: str, call_as: str) -> list[dict[str, Any]]:
    pages = cfn.get_paginator("list_stack_instances").paginate(StackSetName=name, CallAs=call_as)
    return [summary for page in pages for summary in page["Summaries"]]


def _missing(deployment: Deployment, instances: list[dict[str, Any]]) -> list[tuple[str, str]]:
    present = {(instance["Account"], instance["Region"]) for instance in instances}
    wanted = [(account, region) for account in deployment.account_ids for region in deployment.regions]
    return [target for target in wanted if target not in present]


def _detailed_status(instance: dict[str, Any]) -> str:
    return str(instance.get("StackInstanceStatus", {}).get("DetailedStatus") or instance.get("Status"))


def _describe(instance: dict[str, Any]) -> str:
    reason = instance.get("StatusReason")
    text = f"{instance['Account']}/{instance['Region']} {_detailed_status(instance)} ({instance.get('Status')})"
    return f"{text}: {reason}" if reason else text


def _verdict(deployment: Deployment, instances: list[dict[str, Any]], missing: list[tuple[str, str]]) -> Outcome:
    name = deployment.stackset_name
    targets = set(deployment.account_ids)
    problems = [f"{account}/{region} has no stack instance" for account, region in missing]
    for instance in instances:
        status = _detailed_status(instance)
        deployed = status == DEPLOYED and instance.get("Status") == "CURRENT"
        if not deployed and (status != SKIPPED or instance["Account"] in targets):
            problems.append(_describe(instance))
    if problems:
        hint = ""
        if missing:
            hint = f" Are the accounts in organizational unit {', '.join(deployment.org_ids)}?"
        return Outcome("failed", f"StackSet {name} is not deployed: {'; '.join(problems)}.{hint}")
    deployed_to = ", ".join(f"{i['Account']}/{i['Region']}" for i in instances if _detailed_status(i) == DEPLOYED)
    return Outcome("succeeded", f"StackSet {name} deployed to {deployed_to}")


def _operation_failure(cfn: Any, name: str, operation: dict[str, Any], call_as: str) -> str:
    """Which accounts and regions failed, and why, as far as CloudFormation says."""
    operation_id = operation["OperationId"]
    text = (
        f"StackSet {name}: operation {operation_id} ({operation.get('Action', 'UNKNOWN')}) ended {operation['Status']}"
    )
    if operation.get("StatusReason"):
        text += f": {operation['StatusReason']}"
    pages = cfn.get_paginator("list_stack_set_operation_results").paginate(
        StackSetName=name, OperationId=operation_id, CallAs=call_as
    )
    results = [summary for page in pages for summary in page["Summaries"] if summary.get("Status") != DEPLOYED]
    details = [
        f"{result['Account']}/{result['Region']} {result['Status']}"
        + (f": {result['StatusReason']}" if result.get("StatusReason") else "")
        for result in results
    ]
    return f"{text}. {'; '.join(details)}" if details else text
