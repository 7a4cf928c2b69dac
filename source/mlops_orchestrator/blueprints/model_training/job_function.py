"""The Lambda that starts a job, its scoped role, and the custom resource through which CloudFormation calls it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from constructs import Construct

from mlops_orchestrator.infrastructure.nag import acknowledge
from mlops_orchestrator.infrastructure.python_function import python_function

from ..lambdas import BlueprintLambda
from ..sagemaker_model.conditions import if_condition
from ..workload_support import blueprint_code, ignore_redundant_role_dependency
from .execution import statement


def sagemaker_arn(resource: str) -> str:
    return cdk.Fn.sub(f"arn:${{AWS::Partition}}:sagemaker:${{AWS::Region}}:${{AWS::AccountId}}:{resource}")


def start_job(
    scope: Construct,
    construct_id: str,
    *,
    params: Mapping[str, cdk.CfnParameter],
    kms: cdk.CfnCondition,
    package: BlueprintLambda,
    handler: str,
    create_job: Any,
    execution_role: iam.Role,
    execution_policy: iam.CfnPolicy,
    resource_type: str,
    properties: Mapping[str, Any],
) -> cdk.CustomResource:
    """`create_job` is the statement (dict) allowing exactly the job's create action on its ARN."""
    role = iam.Role(
        scope,
        f"{construct_id}FunctionRole",
        assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
        description="Starts the blueprint's SageMaker job",
    )
    document: Sequence[Any] = [
        create_job,
        statement(
            sid="PassExecutionRole",
            actions=["iam:PassRole"],
            resources=[execution_role.role_arn],
            conditions={"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}},
        ),
        # SageMaker encrypts the job's volumes through a grant made with the caller's permissions.
        if_condition(
            kms,
            statement(
                sid="GrantVolumeKey",
                actions=["kms:CreateGrant", "kms:DescribeKey"],
                resources=[params["KmsKeyArn"].value_as_string],
                conditions={"Bool": {"kms:GrantIsForAWSResource": "true"}},
            ),
        ),
    ]
    # One policy with an Fn::If statement: the job can depend on it whether or not a key is given.
    policy = iam.CfnPolicy(
        scope,
        f"{construct_id}FunctionPolicy",
        policy_name="start-sagemaker-job",
        roles=[role.role_name],
        policy_document={"Version": "2012-10-17", "Statement": list(document)},
    )
    function = python_function(
        scope,
        f"{construct_id}Function",
        code=blueprint_code(scope, params["BlueprintBucket"], package),
        handler=handler,
        description="Starts the SageMaker job when the stack is created or updated",
        memory_size=256,
        # Creating the job takes seconds; the margin covers SDK retries and the answer to CloudFormation.
        timeout=cdk.Duration.minutes(2),
        role=role,
    )
    # A retried invocation would start a second job: CloudFormation gets exactly one answer or times out.
    function.configure_async_invoke(retry_attempts=0)
    function.log_group.grant_write(role)
    ignore_redundant_role_dependency(function)
    default_policy = role.node.find_child("DefaultPolicy")
    acknowledge(
        default_policy,
        "AwsSolutions-IAM5[Resource::*]",
        "X-Ray's PutTraceSegments and PutTelemetryRecords have no resource-level permissions.",
    )
    job = cdk.CustomResource(
        scope,
        construct_id,
        service_token=function.function_arn,
        resource_type=resource_type,
        properties={"RoleArn": execution_role.role_arn, **properties},
    )
    # The job starts only once the function may create it and SageMaker may read, write and log.
    job_resource = job.node.default_child
    assert isinstance(job_resource, cdk.CfnResource)
    job_resource.add_resource_dependency(policy)
    job_resource.add_resource_dependency(execution_policy)
    job.node.add_dependency(default_policy)
    return job
