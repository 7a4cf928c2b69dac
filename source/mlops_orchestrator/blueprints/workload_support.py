"""Small CDK helpers of the workload blueprints: Lambda code from the blueprint bucket, targeted lint ignores,
the wiring of a function's own role, conditions on parameters, and S3 ARNs."""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from constructs import Construct

from mlops_orchestrator.infrastructure.nag import acknowledge

from .lambdas import BlueprintLambda


def blueprint_code(scope: Construct, blueprint_bucket: cdk.CfnParameter, package: BlueprintLambda) -> lambda_.Code:
    """The Lambda's zip in the blueprint bucket (never a CDK asset: users deploy without CDK bootstrap)."""
    bucket = s3.Bucket.from_bucket_name(scope, f"{package.name}CodeBucket", blueprint_bucket.value_as_string)
    return lambda_.Code.from_bucket(bucket, package.key)


def ignore_lint(resource: cdk.CfnResource, rule: str, reason: str) -> None:
    """Ignore one cfn-lint rule on one resource; the reason is kept next to it in the template."""
    if len(reason) < 20:
        raise ValueError(f"ignoring {rule} needs a real reason, not {reason!r}")
    config = resource.get_metadata("cfn-lint") or {"config": {"ignore_checks": []}}
    config["config"]["ignore_checks"] = sorted({*config["config"]["ignore_checks"], rule})
    resource.add_metadata("cfn-lint", config)
    reasons = resource.get_metadata("cfn-lint-reasons") or {}
    resource.add_metadata("cfn-lint-reasons", {**reasons, rule: reason})


def ignore_redundant_role_dependency(construct: Construct) -> None:
    """CDK makes a function or pipeline DependsOn its role although the role's ARN already references it
    (cfn-lint W3005). CDK adds it on purpose, next to the needed one on the role's policy, and it is harmless:
    only the lint is ignored, on this one resource.
    """
    resource = construct.node.default_child
    assert isinstance(resource, cdk.CfnResource)
    ignore_lint(resource, "W3005", "CDK's DependsOn on the role repeats the role ARN's reference.")


def wire_own_role(function: lambda_.Function, role: iam.Role) -> None:
    """What a function with a role of its own needs beside its business grants: writing its logs, and the
    X-Ray statement that tracing adds to the role's default policy (acknowledged there, with the reason)."""
    function.log_group.grant_write(role)
    ignore_redundant_role_dependency(function)
    acknowledge(
        role.node.find_child("DefaultPolicy"),
        "AwsSolutions-IAM5[Resource::*]",
        "X-Ray's PutTraceSegments and PutTelemetryRecords have no resource-level permissions.",
    )


def provided(stack: cdk.Stack, name: str, parameter: cdk.CfnParameter) -> cdk.CfnCondition:
    """`{name}`: the parameter is not empty. Created on the stack so the logical id is exactly `name`."""
    return cdk.CfnCondition(
        stack, name, expression=cdk.Fn.condition_not(cdk.Fn.condition_equals(parameter.value_as_string, ""))
    )


def if_condition(condition: cdk.CfnCondition, when_true: object, when_false: object | None = None) -> cdk.IResolvable:
    """Fn::If on `condition`; `when_false=None` drops the property (AWS::NoValue)."""
    return cdk.Fn.condition_if(condition.logical_id, when_true, cdk.Aws.NO_VALUE if when_false is None else when_false)


OWNER_TAG = "stack-name"
"""The tag every SageMaker resource of a workload blueprint carries, valued with its stack's name: the pipelines'
deploy role may update or delete only resources whose tag names an orchestrator stack (`aws:ResourceTag`)."""


def owner_tag() -> cdk.CfnTag:
    return cdk.CfnTag(key=OWNER_TAG, value=cdk.Aws.STACK_NAME)


def s3_arn(path: str) -> str:
    """The ARN of `path` (bucket/key, may hold ${Parameter} references) in the stack's partition."""
    return cdk.Fn.sub(f"arn:${{AWS::Partition}}:s3:::{path}")
