"""Attach a CloudFormation condition to everything a construct synthesizes."""

from __future__ import annotations

import aws_cdk as cdk
from constructs import IConstruct


def only_if(scope: IConstruct, condition: cdk.CfnCondition) -> None:
    """Every CloudFormation resource under `scope` exists only when `condition` holds.

    L2 constructs have no condition property; their L1 children (a bucket and its policy, a repository)
    must all carry it, or an unconditional child would reference a resource that may not exist.
    """
    for child in scope.node.find_all():
        if isinstance(child, cdk.CfnResource):
            child.cfn_options.condition = condition


def if_else(condition: cdk.CfnCondition, when_true: object, when_false: object) -> str:
    return cdk.Token.as_string(cdk.Fn.condition_if(condition.logical_id, when_true, when_false))
