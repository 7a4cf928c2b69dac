"""Reading one CloudFormation stack, the way every orchestrator route needs it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from botocore.exceptions import ClientError

from .aws import is_stack_missing, service_error

if TYPE_CHECKING:
    from types_boto3_cloudformation import CloudFormationClient
    from types_boto3_cloudformation.type_defs import StackTypeDef

DELETED = "DELETE_COMPLETE"


def describe_stack(
    cloudformation: CloudFormationClient, name: str, *, include_deleted: bool = False
) -> StackTypeDef | None:
    """The stack `name` (a name or a stack id), or None when there is none.

    A deleted stack is visible only by its id, for a while; it counts as none unless `include_deleted`, which a
    caller that explains "this pipeline was deleted" asks for.
    """
    try:
        stacks = cloudformation.describe_stacks(StackName=name)["Stacks"]
    except ClientError as error:
        if is_stack_missing(error):
            return None
        raise service_error("DescribeStacks", error) from error
    found = [stack for stack in stacks if include_deleted or stack.get("StackStatus") != DELETED]
    return found[0] if found else None
