"""The role CloudFormation assumes to deploy a blueprint in single-account mode: least privilege, never admin.

The original gave this role `*:*`, so anyone able to write `template.zip` in the assets bucket could deploy
anything. This role can create, update and delete only what the workload blueprints (real-time and batch
inference, the four model monitors, training, tuning and Autopilot) declare:

| Service | Actions | Resources |
| --- | --- | --- |
| SageMaker | create models, endpoint configs, endpoints, the four monitoring job definitions, monitoring schedules, only with the owner tag `stack-name=mlops-pipeline*`; tags only on create | `model/*`, `endpoint-config/*`, `endpoint/*`, `*-job-definition/*`, `monitoring-schedule/*` |
| SageMaker | update/delete/start/stop and retag only resources whose `stack-name` tag is `mlops-pipeline*`; describe | the same |
| SageMaker | `DescribeModelPackage` (registry mode) | `model-package/*` |
| IAM | create/update/delete roles and their inline policies, only roles carrying the orchestrator's permissions boundary; tags | `role/mlops-pipeline*` |
| IAM | attach/detach two AWS managed policies (Lambda basic execution, API Gateway logging), bounded roles only | `role/mlops-pipeline*` |
| IAM | `PassRole`, only to SageMaker, Lambda and API Gateway | `role/mlops-pipeline*` |
| IAM | `CreateServiceLinkedRole` for SageMaker endpoint autoscaling only | that service-linked role |
| Lambda | create/update/delete functions, permissions, concurrency, async config; invoke (custom resources); tags | `function:mlops-pipeline*` |
| S3 | `GetObject` of Lambda code, only under `blueprints/lambdas/` in this account's buckets | `*/blueprints/lambdas/*` |
| CloudWatch Logs | create/delete log groups, retention, tags | log groups named `{StackName}*`, `/aws/lambda/mlops-pipeline*` |
| API Gateway | manage REST APIs and their tags; the account's CloudWatch logging role (access logs) | `/restapis`, `/restapis/*`, `/tags/*`, `/account` |
| EventBridge | create/update/delete rules and targets; tags | `rule/mlops-pipeline*` |
| Application Auto Scaling | register/deregister targets, scaling policies: SageMaker variants' instance count only | `*` (see below) |
| CloudWatch | create/describe/delete alarms (autoscaling, deployment guardrails) | `alarm:*` in this account and region |
| KMS | `CreateGrant` for AWS resources, `DescribeKey`, only through SageMaker | `key/*` in this region |

Why the names: CloudFormation names the resources it creates `{stack name}-{logical id}-{random}` and
truncates the stack name to fit 64 characters (roles, functions, rules), so only the common prefix of every
provisioned stack, `mlops-pipeline`, is certain. Log groups have room for the whole stack name, so they are
scoped to it. SageMaker resources get generated names without the stack name: the blueprints tag each one
`stack-name=<stack name>`, and the role changes or deletes only resources carrying that tag with an
`mlops-pipeline*` value (it may add tags only while creating). API Gateway and alarms get generated ids
without the stack name, so they are scoped to the resource type in this account and region.

`*` resources, because the API has no resource-level permissions: `application-autoscaling:Describe*`
(listed explicitly), and registering a new scalable target (its ARN does not exist before the call; the
conditions allow SageMaker endpoint variants only, and Application Auto Scaling also checks
`UpdateEndpointWeightsAndCapacities` on the endpoint, which only tagged endpoints allow).

Role minting is bounded: a blueprint may declare a role with any inline policy, but only with the
orchestrator's permissions boundary (`infrastructure/permissions_boundary.py`), so the role can never do more
than the blueprints use, write IAM beyond roles bounded the same way, or edit the boundary or this role (it
sits under the boundary's guarded path, and carries the boundary itself).
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from constructs import Construct

from mlops_orchestrator.infrastructure.nag import acknowledge
from mlops_orchestrator.infrastructure.permissions_boundary import GUARDED_PATH

from .deploy_grants import grants


def _for_cloudformation(pattern: str, stack_name: str) -> str:
    return pattern.format(
        partition=cdk.Aws.PARTITION, region=cdk.Aws.REGION, account=cdk.Aws.ACCOUNT_ID, stack=stack_name
    )


def _as_nag_prints_it(pattern: str) -> str:
    return pattern.format(
        partition="<AWS::Partition>", region="<AWS::Region>", account="<AWS::AccountId>", stack="<StackName>"
    )


def _render(value: object, stack_name: str) -> object:
    if isinstance(value, str):
        return _for_cloudformation(value, stack_name)
    if isinstance(value, list):
        return [_render(item, stack_name) for item in value]
    if isinstance(value, dict):
        return {key: _render(item, stack_name) for key, item in value.items()}
    return value


def deployment_role(scope: Construct, construct_id: str, *, stack_name: str) -> iam.Role:
    """`stack_name`: the deployed stack's name (a parameter token), which scopes its log groups."""
    statements = [
        iam.PolicyStatement(
            sid=grant.sid,
            actions=list(grant.actions),
            resources=[_for_cloudformation(resource, stack_name) for resource in grant.resources],
            conditions=_render(grant.conditions, stack_name) if grant.conditions else None,  # type: ignore[arg-type]
        )
        for grant in grants()
    ]
    role = iam.Role(
        scope,
        construct_id,
        path=GUARDED_PATH,
        assumed_by=iam.ServicePrincipal("cloudformation.amazonaws.com"),
        description="Deploys a workload blueprint's stack: only the resource types the blueprints declare.",
        inline_policies={"DeployBlueprint": iam.PolicyDocument(statements=statements)},
    )
    for grant in grants():
        for resource in grant.resources:
            if "*" in resource:
                acknowledge(role, f"AwsSolutions-IAM5[Resource::{_as_nag_prints_it(resource)}]", grant.reason)
    return role
