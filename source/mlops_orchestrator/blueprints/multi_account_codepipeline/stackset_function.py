"""The StackSet Lambda and its role: the three StackSets of this pipeline, nothing else.

One function serves the three stages: they share code, the pipeline alone may invoke it, and each action
says which StackSet it deploys. Its code is `blueprints/lambdas/create_update_cf_stackset.zip` in the
blueprint bucket, which the orchestrator stack publishes (see runtime_package.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from constructs import Construct

from mlops_orchestrator.infrastructure.nag import acknowledge
from mlops_orchestrator.infrastructure.python_function import python_function

from ..pipeline_parts import depend_only_on_policy, nag_resource
from .runtime_package import STACKSET_LAMBDA

USE_DELEGATED_ADMIN = "UseDelegatedAdmin"


def stackset_function(
    scope: Construct,
    *,
    blueprint_bucket: str,
    stackset_names: Sequence[str],
    delegated_admin: cdk.CfnCondition,
) -> lambda_.Function:
    role = iam.Role(
        scope,
        "StackSetLambdaRole",
        assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
        description="Creates and updates this pipeline's three StackSets.",
    )
    function = python_function(
        scope,
        "StackSetLambda",
        code=lambda_.Code.from_bucket(
            s3.Bucket.from_bucket_name(scope, "BlueprintBucketRef", blueprint_bucket), STACKSET_LAMBDA.key
        ),
        handler=STACKSET_LAMBDA.handler,
        description="Deploys one stage of the multi-account pipeline through a service-managed StackSet.",
        memory_size=256,
        # One short step per invocation (CodePipeline calls back with the continuation token): download, one call.
        timeout=cdk.Duration.minutes(2),
        role=role,
        environment={"CALL_AS": cdk.Fn.condition_if(delegated_admin.logical_id, "DELEGATED_ADMIN", "SELF").to_string()},
    )
    # CodePipeline invokes asynchronously; a retry would repeat a step of a job that already failed.
    function.configure_async_invoke(retry_attempts=0)
    _grant_logs(role, function)
    _grant_stacksets(scope, role, stackset_names, delegated_admin)
    depend_only_on_policy(function.node.default_child, role)  # type: ignore[arg-type]
    return function


def _grant_logs(role: iam.Role, function: lambda_.Function) -> None:
    role.add_to_policy(
        iam.PolicyStatement(
            actions=["logs:CreateLogStream", "logs:PutLogEvents"],
            resources=[function.log_group.log_group_arn],
        )
    )


def _grant_stacksets(scope: Construct, role: iam.Role, names: Sequence[str], delegated_admin: cdk.CfnCondition) -> None:
    # Called as a delegated administrator, the StackSet's ARN may name another account of the organization, so the
    # account is left open there (as the original did); the StackSet names stay exact.
    owner = cdk.Fn.condition_if(delegated_admin.logical_id, "*", cdk.Aws.ACCOUNT_ID).to_string()
    stacksets = [f"arn:{cdk.Aws.PARTITION}:cloudformation:{cdk.Aws.REGION}:{owner}:stackset/{name}:*" for name in names]
    # Service-managed operations also authorize their organizational-unit targets and the template's types.
    targets = [
        f"arn:{cdk.Aws.PARTITION}:cloudformation:*:*:stackset-target/*",
        f"arn:{cdk.Aws.PARTITION}:cloudformation:{cdk.Aws.REGION}:*:type/resource/*",
    ]
    role.add_to_policy(
        iam.PolicyStatement(
            sid="ReadStackSets",
            actions=[
                "cloudformation:DescribeStackSet",
                "cloudformation:DescribeStackSetOperation",
                "cloudformation:ListStackInstances",
                "cloudformation:ListStackSetOperationResults",
            ],
            resources=stacksets,
        )
    )
    role.add_to_policy(
        iam.PolicyStatement(
            sid="DeployStackSets",
            actions=["cloudformation:UpdateStackSet", "cloudformation:CreateStackInstances"],
            resources=[*stacksets, *targets],
        )
    )
    # The service authorization reference lists no resource type for CreateStackSet (a StackSet's ARN ends in an id
    # CloudFormation assigns on creation), so a StackSet ARN never matches it; what the StackSet then does is
    # limited by the scoped UpdateStackSet and CreateStackInstances above and by the permissions boundary.
    role.add_to_policy(
        iam.PolicyStatement(sid="CreateStackSets", actions=["cloudformation:CreateStackSet"], resources=["*"])
    )
    # CloudFormation checks that the caller is a delegated administrator with this call.
    admin_check = iam.Policy(
        scope,
        "DelegatedAdminCheckPolicy",
        roles=[role],
        statements=[iam.PolicyStatement(actions=["organizations:ListDelegatedAdministrators"], resources=["*"])],
    )
    admin_check.node.default_child.cfn_options.condition = delegated_admin  # type: ignore[union-attr]
    acknowledge(
        admin_check,
        "AwsSolutions-IAM5[Resource::*]",
        "organizations:ListDelegatedAdministrators has no resource-level permissions.",
    )
    policy = role.node.find_child("DefaultPolicy")
    for stackset in stacksets:
        acknowledge(
            policy,
            f"AwsSolutions-IAM5[Resource::{nag_resource(scope, stackset)}]",
            "A StackSet's ARN ends in an id CloudFormation assigns; the StackSet name is exact.",
        )
    for target in targets:
        acknowledge(
            policy,
            f"AwsSolutions-IAM5[Resource::{nag_resource(scope, target)}]",
            "Service-managed StackSet operations also authorize their organizational-unit targets and the "
            "template's resource types; the StackSet itself is named exactly in the same statement.",
        )
    acknowledge(
        policy,
        "AwsSolutions-IAM5[Resource::*]",
        "codepipeline:PutJobSuccessResult/PutJobFailureResult (granted by CDK's Lambda invoke action), "
        "X-Ray's PutTraceSegments/PutTelemetryRecords and cloudformation:CreateStackSet have no resource-level "
        "permissions.",
    )
