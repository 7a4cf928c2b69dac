"""The first resource that failed in a stack's latest operation, with CloudFormation's reason, from its events."""

from __future__ import annotations

from typing import TYPE_CHECKING

from botocore.exceptions import ClientError

if TYPE_CHECKING:
    from types_boto3_cloudformation import CloudFormationClient
    from types_boto3_cloudformation.type_defs import StackTypeDef

_STARTS = {"CREATE_IN_PROGRESS", "UPDATE_IN_PROGRESS", "DELETE_IN_PROGRESS", "IMPORT_IN_PROGRESS"}


def first_failure(cloudformation: CloudFormationClient, stack: StackTypeDef | None) -> dict[str, str | None] | None:
    """None unless the stack failed or rolled back; then its first failed resource (the cause, not the echoes)."""
    if stack is None:
        return None
    status = str(stack.get("StackStatus", ""))
    if "FAILED" not in status and "ROLLBACK" not in status:
        return None
    try:
        events = cloudformation.describe_stack_events(StackName=stack["StackId"]).get("StackEvents", [])
    except ClientError:
        return None  # the reason is a courtesy: a status without it is still the truth
    failed = []
    for event in events:  # newest first, back to the start of the latest operation
        if str(event.get("ResourceStatus", "")).endswith("_FAILED") and event.get("ResourceStatusReason"):
            failed.append(event)
        if event.get("LogicalResourceId") == stack.get("StackName") and event.get("ResourceStatus") in _STARTS:
            break
    if not failed:
        return None
    first = failed[-1]
    return {
        "stack": stack.get("StackName"),
        "resource": first.get("LogicalResourceId"),
        "resource_type": first.get("ResourceType"),
        "status": first.get("ResourceStatus"),
        "reason": first.get("ResourceStatusReason"),
    }
