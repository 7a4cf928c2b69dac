"""Acknowledging cdk-nag's IAM5 (wildcard) findings one by one, by the values that cause them.

cdk-nag reports each wildcard separately, as `AwsSolutions-IAM5[Action::<action>]` or
`AwsSolutions-IAM5[Resource::<resource>]`, where the resource is the resolved CloudFormation value flattened
to text (`<Logical.Arn>` for a GetAtt, `<Name>` for a Ref, `${X}` as `<X>`, other intrinsics as compact
JSON). An acknowledgement must name the finding exactly, so this computes the same text from the values
passed in: only wildcards listed in the code are accepted, and a new one still fails the synth.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import aws_cdk as cdk
from constructs import IConstruct

from .nag import acknowledge

BASIC_EXECUTION_ROLE = (
    "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]"
)
"""The managed policy CDK's own handler functions (bucket notifications, bucket deployment) log with."""


def flatten(value: Any) -> str:
    """A resolved CloudFormation value as the text cdk-nag prints for it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("${", "<").replace("}", ">")
    if isinstance(value, dict) and len(value) == 1:
        ((key, argument),) = value.items()
        if key == "Fn::Join":
            delimiter, items = argument
            return str(delimiter).join(flatten(item) for item in items)
        if key in ("Fn::Sub", "Fn::ImportValue"):
            return flatten(argument)
        if key == "Fn::GetAtt":
            resource, attribute = argument
            return f"<{flatten(resource)}.{flatten(attribute)}>"
        if key == "Ref":
            return f"<{flatten(argument)}>"
    return json.dumps(value, separators=(",", ":"))


def acknowledge_wildcards(
    construct: IConstruct, reason: str, *, actions: Iterable[str] = (), resources: Iterable[str] = ()
) -> None:
    stack = cdk.Stack.of(construct)
    findings = [f"Action::{action}" for action in actions if "*" in action]
    for resource in resources:
        text = flatten(stack.resolve(resource))
        if "*" in text:
            findings.append(f"Resource::{text}")
    for finding in dict.fromkeys(findings):
        acknowledge(construct, f"AwsSolutions-IAM5[{finding}]", reason)


def policy_wildcards(construct: IConstruct) -> tuple[list[str], list[str]]:
    """(actions, resources) of every Allow statement in the IAM policies under `construct`."""
    stack = cdk.Stack.of(construct)
    actions: list[str] = []
    resources: list[Any] = []
    for child in construct.node.find_all():
        if not isinstance(child, cdk.CfnResource) or child.cfn_resource_type != "AWS::IAM::Policy":
            continue
        document = stack.resolve(child._cfn_properties.get("policyDocument"))
        for statement in document.get("Statement", []):
            if statement.get("Effect") != "Allow":
                continue
            listed = statement.get("Action", [])
            actions += [listed] if isinstance(listed, str) else listed
            listed = statement.get("Resource", [])
            resources += listed if isinstance(listed, list) else [listed]
    return actions, resources
