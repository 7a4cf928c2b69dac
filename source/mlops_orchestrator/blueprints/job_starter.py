"""A Lambda behind a custom resource that starts a SageMaker job whenever CloudFormation creates or updates it.

The resources are made in the caller's scope, so their logical ids are exactly the ids given here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from constructs import Construct

from mlops_orchestrator.infrastructure.python_function import python_function

from .lambdas import BlueprintLambda
from .workload_support import blueprint_code, if_condition, wire_own_role


@dataclass(frozen=True)
class JobFunction:
    """What differs between the job-starting Lambdas; the role, timeout and retries are the same for all."""

    function_id: str
    """The function's logical id, also the prefix of its role's and policy's."""
    package: BlueprintLambda
    handler: str
    description: str
    role_description: str
    policy_name: str
    statements: Sequence[Any]
    """The policy's statements (resolved dicts, may be `Fn::If`): exactly what starting the job needs."""


@dataclass(frozen=True)
class JobResource:
    resource: cdk.CustomResource
    policy: iam.CfnPolicy
    """The job's own policy, for the caller's acknowledgements of its resource patterns."""


def volume_key_grant(kms: cdk.CfnCondition, kms_key_arn: str) -> list[Any]:
    """SageMaker encrypts the job's volumes through a grant made with the caller's permissions, after reading the
    key's metadata. Two statements: `kms:GrantIsForAWSResource` exists only for the grant operations, so under
    that condition DescribeKey would never be allowed."""
    grant = iam.PolicyStatement(
        sid="GrantVolumeKey",
        actions=["kms:CreateGrant"],
        resources=[kms_key_arn],
        conditions={"Bool": {"kms:GrantIsForAWSResource": "true"}},
    )
    describe = iam.PolicyStatement(sid="DescribeVolumeKey", actions=["kms:DescribeKey"], resources=[kms_key_arn])
    return [if_condition(kms, grant.to_statement_json()), if_condition(kms, describe.to_statement_json())]


def job_resource(
    scope: Construct,
    resource_id: str,
    job: JobFunction,
    *,
    blueprint_bucket: cdk.CfnParameter,
    resource_type: str,
    properties: Mapping[str, Any],
    depends_on: Sequence[cdk.CfnResource] = (),
) -> JobResource:
    """`depends_on`: what else the job needs before it starts (e.g. the policy of the role it runs as)."""
    role = iam.Role(
        scope,
        f"{job.function_id}Role",
        assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
        description=job.role_description,
    )
    # One policy, apart from CDK's default one: the job can depend on it whether or not a statement is an Fn::If.
    policy = iam.CfnPolicy(
        scope,
        f"{job.function_id}Policy",
        policy_name=job.policy_name,
        roles=[role.role_name],
        policy_document={"Version": "2012-10-17", "Statement": list(job.statements)},
    )
    function = python_function(
        scope,
        job.function_id,
        code=blueprint_code(scope, blueprint_bucket, job.package),
        handler=job.handler,
        description=job.description,
        memory_size=256,
        # Creating the job takes seconds; the margin covers SDK retries and the answer to CloudFormation
        # (the original had the 3-second default, too short to answer on a slow start).
        timeout=cdk.Duration.minutes(2),
        role=role,
    )
    # A retried invocation would start a second job: CloudFormation gets exactly one answer or times out.
    function.configure_async_invoke(retry_attempts=0)
    wire_own_role(function, role)
    resource = cdk.CustomResource(
        scope, resource_id, service_token=function.function_arn, resource_type=resource_type, properties=properties
    )
    # The job starts only once the function may create it, and whatever the job itself needs is in place.
    cfn_resource = resource.node.default_child
    assert isinstance(cfn_resource, cdk.CfnResource)
    for needed in (policy, *depends_on):
        cfn_resource.add_resource_dependency(needed)
    resource.node.add_dependency(role.node.find_child("DefaultPolicy"))
    return JobResource(resource, policy)
