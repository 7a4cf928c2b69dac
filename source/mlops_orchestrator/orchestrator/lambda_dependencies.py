"""Removes the DependsOn of a Lambda function on its own execution role (cfn-lint W3005).

CDK makes every function depend on its role and the role's policy. The role dependency is redundant, since
the function's `Role` property already is a GetAtt of it, and cfn-lint warns about it. The policy dependency
is real (no invocation before the permissions exist) and stays. This rewrites DependsOn once CDK has
resolved dependencies, for every function in a stack, including CDK's own handlers.
"""

from __future__ import annotations

import json
from typing import Any

import aws_cdk as cdk
import jsii

FUNCTION_TYPE = "AWS::Lambda::Function"
ROLE_TYPE = "AWS::IAM::Role"


@jsii.implements(cdk.IResolvable)
class _DependsOnWithoutReferencedRoles:
    """Resolved at synthesis, after CDK has turned construct dependencies into resource dependencies."""

    creation_stack: list[str] = []

    def __init__(self, resource: cdk.CfnResource) -> None:
        self._resource = resource

    def to_string(self) -> str:
        return cdk.Token.as_string(self)

    def resolve(self, context: cdk.IResolveContext) -> Any:
        stack = cdk.Stack.of(self._resource)
        properties = json.dumps(stack.resolve(self._resource._cfn_properties))
        kept = []
        for dependency in self._resource.obtain_dependencies():
            if not isinstance(dependency, cdk.CfnResource):
                continue
            logical_id = stack.resolve(dependency.logical_id)
            referenced = f'"{logical_id}"' in properties
            if dependency.cfn_resource_type == ROLE_TYPE and referenced:
                continue
            kept.append(logical_id)
        return sorted(kept) or None


def drop_redundant_role_dependencies(stack: cdk.Stack) -> None:
    for child in stack.node.find_all():
        if isinstance(child, cdk.CfnResource) and child.cfn_resource_type == FUNCTION_TYPE:
            child.add_override("DependsOn", _DependsOnWithoutReferencedRoles(child))
