"""Every role of a blueprint stack carries a permissions boundary, so the deploy roles may create it.

The stacks the orchestrator deploys itself (the two pipelines, the image builder) use the orchestrator's
boundary, whose ARN they derive from their account and region. The workload blueprints take it as the
`PermissionsBoundaryArn` parameter: the single-account pipeline supplies the orchestrator's, and StackSets in
other accounts (where that policy does not exist) leave it empty.
"""

from __future__ import annotations

import aws_cdk as cdk
import jsii
from aws_cdk import aws_iam as iam
from constructs import IConstruct

from mlops_orchestrator.core.catalog.template_parameters import PERMISSIONS_BOUNDARY_ARN
from mlops_orchestrator.infrastructure.nag import acknowledge_template_check
from mlops_orchestrator.infrastructure.permissions_boundary import boundary_arn

from .workload_support import if_condition, provided


@jsii.implements(cdk.IAspect)
class _Bound:
    def __init__(self, arn: str, *, optional: bool) -> None:
        self.arn = arn
        self.optional = optional

    def visit(self, node: IConstruct) -> None:
        if isinstance(node, iam.CfnRole):
            node.permissions_boundary = self.arn
            if self.optional:
                acknowledge_template_check(
                    node,
                    "F3033",
                    "PermissionsBoundaryArn defaults to '' and is used only when given (Fn::If), never as ''.",
                )


def bound_every_role(stack: cdk.Stack) -> None:
    parameter = stack.node.try_find_child(PERMISSIONS_BOUNDARY_ARN.name)
    if isinstance(parameter, cdk.CfnParameter):
        given = provided(stack, "PermissionsBoundaryGiven", parameter)
        cdk.Aspects.of(stack).add(
            _Bound(cdk.Token.as_string(if_condition(given, parameter.value_as_string)), optional=True)
        )
    else:
        cdk.Aspects.of(stack).add(_Bound(boundary_arn(), optional=False))
