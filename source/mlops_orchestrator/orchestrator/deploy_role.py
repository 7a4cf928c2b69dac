"""The CloudFormation role the orchestrator passes when it creates a pipeline stack.

It may create exactly the resource types of the stacks the orchestrator creates directly (the single- and
multi-account CodePipeline blueprints and the custom image builder), and only under the names
CloudFormation gives them in an `mlops-pipeline-...` stack. The workload blueprints (endpoints, monitors,
training) are deployed later by the pipelines' own roles, not by this one. No `*` actions, no admin.

`DEPLOYABLE_TYPES` is the contract with those blueprints: a test fails when one of them gains a resource
type this role was not designed for.

Every role it creates or changes must carry the permissions boundary this construct creates
(`infrastructure/permissions_boundary.py`): whoever gets a template deployed through this role can mint only
roles bounded by what the blueprints use. The role and the boundary sit under an IAM path the boundary denies
every write on, so no role created through it can edit either.
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from constructs import Construct

from mlops_orchestrator.core.naming import PIPELINE_STACK_PREFIX
from mlops_orchestrator.infrastructure.nag_wildcards import acknowledge_wildcards
from mlops_orchestrator.infrastructure.permissions_boundary import (
    GUARDED_PATH,
    ROLE_UPKEEP,
    ROLE_WRITES,
    boundary_name,
    ceiling_document,
    only_bounded,
)

PREFIX = f"{PIPELINE_STACK_PREFIX}*"
"""CloudFormation names resources it creates `<stack name>-<logical id>-<random>`: they share this prefix."""

DEPLOYABLE_TYPES: dict[str, str] = {
    "AWS::S3::Bucket": "s3:CreateBucket",
    "AWS::S3::BucketPolicy": "s3:PutBucketPolicy",
    "AWS::IAM::Role": "iam:CreateRole",
    "AWS::IAM::Policy": "iam:PutRolePolicy",
    "AWS::CodePipeline::Pipeline": "codepipeline:CreatePipeline",
    "AWS::CodeBuild::Project": "codebuild:CreateProject",
    "AWS::Lambda::Function": "lambda:CreateFunction",
    "AWS::Lambda::Permission": "lambda:AddPermission",
    "AWS::Lambda::EventInvokeConfig": "lambda:PutFunctionEventInvokeConfig",
    "AWS::Logs::LogGroup": "logs:CreateLogGroup",
    "AWS::Events::Rule": "events:PutRule",
}
"""Resource type -> the action that creates it. Parameters, conditions and outputs need no permission."""

# No AttachRolePolicy/DetachRolePolicy: a pipeline stack cannot attach AWS-managed (or admin) policies to its roles.
_ROLE_WRITES = [action for action in ROLE_WRITES if action not in ("iam:AttachRolePolicy", "iam:DetachRolePolicy")]
_BUCKET_ACTIONS = [
    "s3:CreateBucket",
    "s3:DeleteBucket",
    "s3:ListBucket",
    "s3:GetBucketLocation",
    "s3:GetBucketAcl",
    "s3:PutBucketTagging",
    "s3:GetBucketTagging",
    "s3:PutEncryptionConfiguration",
    "s3:GetEncryptionConfiguration",
    "s3:PutBucketVersioning",
    "s3:GetBucketVersioning",
    "s3:PutBucketPublicAccessBlock",
    "s3:GetBucketPublicAccessBlock",
    "s3:PutBucketOwnershipControls",
    "s3:GetBucketOwnershipControls",
    "s3:PutLifecycleConfiguration",
    "s3:GetLifecycleConfiguration",
    "s3:PutBucketLogging",
    "s3:GetBucketLogging",
    "s3:PutBucketPolicy",
    "s3:GetBucketPolicy",
    "s3:DeleteBucketPolicy",
]
_PIPELINE_ACTIONS = [
    "codepipeline:CreatePipeline",
    "codepipeline:UpdatePipeline",
    "codepipeline:DeletePipeline",
    "codepipeline:GetPipeline",
    "codepipeline:GetPipelineState",
    "codepipeline:DisableStageTransition",
    "codepipeline:EnableStageTransition",
    "codepipeline:TagResource",
    "codepipeline:UntagResource",
    "codepipeline:ListTagsForResource",
]
_PROJECT_ACTIONS = [
    "codebuild:CreateProject",
    "codebuild:UpdateProject",
    "codebuild:DeleteProject",
    "codebuild:BatchGetProjects",
]
_FUNCTION_ACTIONS = [
    "lambda:CreateFunction",
    "lambda:DeleteFunction",
    "lambda:GetFunction",
    "lambda:GetFunctionConfiguration",
    "lambda:GetFunctionCodeSigningConfig",
    "lambda:GetRuntimeManagementConfig",
    "lambda:UpdateFunctionCode",
    "lambda:UpdateFunctionConfiguration",
    "lambda:TagResource",
    "lambda:UntagResource",
    "lambda:ListTags",
    "lambda:AddPermission",
    "lambda:RemovePermission",
    "lambda:PutFunctionEventInvokeConfig",
    "lambda:UpdateFunctionEventInvokeConfig",
    "lambda:GetFunctionEventInvokeConfig",
    "lambda:DeleteFunctionEventInvokeConfig",
]
_RULE_ACTIONS = [
    "events:PutRule",
    "events:DescribeRule",
    "events:DeleteRule",
    "events:PutTargets",
    "events:RemoveTargets",
    "events:ListTargetsByRule",
    "events:TagResource",
    "events:UntagResource",
    "events:ListTagsForResource",
]
_LOG_GROUP_ACTIONS = [
    "logs:CreateLogGroup",
    "logs:DeleteLogGroup",
    "logs:PutRetentionPolicy",
    "logs:DeleteRetentionPolicy",
    "logs:TagResource",
    "logs:UntagResource",
    "logs:ListTagsForResource",
]
_PASSED_TO = ["codepipeline.amazonaws.com", "codebuild.amazonaws.com", "lambda.amazonaws.com"]


class DeployRole(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, blueprints: s3.IBucket) -> None:
        super().__init__(scope, construct_id)
        stack = cdk.Stack.of(self)

        def arn(service: str, resource: str, name: str, sep: cdk.ArnFormat = cdk.ArnFormat.SLASH_RESOURCE_NAME) -> str:
            return stack.format_arn(service=service, resource=resource, resource_name=name, arn_format=sep)

        roles = stack.format_arn(service="iam", region="", resource="role", resource_name=PREFIX)
        # The single-account pipeline's DeployStackRole lives under the guarded path.
        guarded_roles = stack.format_arn(
            service="iam", region="", resource="role", resource_name=f"{GUARDED_PATH.strip('/')}/{PREFIX}"
        )
        log_groups = [
            arn("logs", "log-group", f"{group}:*", cdk.ArnFormat.COLON_RESOURCE_NAME)
            for group in (PREFIX, f"/aws/lambda/{PREFIX}", f"/aws/codebuild/{PREFIX}")
        ]
        statements = [
            iam.PolicyStatement(
                sid="WriteOnlyBoundedPipelineRoles",
                actions=_ROLE_WRITES,
                resources=[roles, guarded_roles],
                conditions=only_bounded(),
            ),
            iam.PolicyStatement(
                sid="MaintainPipelineRoles", actions=list(ROLE_UPKEEP), resources=[roles, guarded_roles]
            ),
            iam.PolicyStatement(
                sid="PassPipelineRolesToTheirServices",
                actions=["iam:PassRole"],
                resources=[roles],
                conditions={"StringEquals": {"iam:PassedToService": _PASSED_TO}},
            ),
            iam.PolicyStatement(
                sid="PipelineArtifactBuckets",
                actions=_BUCKET_ACTIONS,
                resources=[f"arn:{cdk.Aws.PARTITION}:s3:::{PREFIX}"],
            ),
            iam.PolicyStatement(
                sid="Pipelines",
                actions=_PIPELINE_ACTIONS,
                resources=[stack.format_arn(service="codepipeline", resource=PREFIX)],
            ),
            iam.PolicyStatement(
                sid="BuildProjects", actions=_PROJECT_ACTIONS, resources=[arn("codebuild", "project", PREFIX)]
            ),
            iam.PolicyStatement(
                sid="PipelineFunctions",
                actions=_FUNCTION_ACTIONS,
                resources=[arn("lambda", "function", PREFIX, cdk.ArnFormat.COLON_RESOURCE_NAME)],
            ),
            # Blueprint Lambdas load their code from the blueprint bucket with the deployer's permissions.
            iam.PolicyStatement(
                sid="BlueprintCode",
                actions=["s3:GetObject", "s3:GetObjectVersion"],
                resources=[blueprints.arn_for_objects("blueprints/*")],
            ),
            iam.PolicyStatement(sid="PipelineRules", actions=_RULE_ACTIONS, resources=[arn("events", "rule", PREFIX)]),
            iam.PolicyStatement(sid="PipelineLogGroups", actions=_LOG_GROUP_ACTIONS, resources=log_groups),
            # The service authorization reference lists no resource type for DescribeLogGroups (read-only).
            iam.PolicyStatement(sid="DescribeLogGroups", actions=["logs:DescribeLogGroups"], resources=["*"]),
        ]
        self.policy_document = iam.PolicyDocument(statements=statements)
        self.boundary = iam.CfnManagedPolicy(
            self,
            "PermissionsBoundary",
            managed_policy_name=boundary_name(),
            path=GUARDED_PATH,
            description="Permissions boundary of every role deployed through the orchestrator's deploy roles.",
            policy_document=ceiling_document(),
        )
        ceiling = [statement for statement in ceiling_document()["Statement"] if statement["Effect"] == "Allow"]
        acknowledge_wildcards(
            self.boundary,
            "A permissions boundary grants nothing by itself: it is the ceiling of the roles that carry it, made of "
            "the actions the blueprints use; their own policies scope the resources.",
            actions=[action for statement in ceiling for action in _listed(statement["Action"])],
            resources=[resource for statement in ceiling for resource in _listed(statement["Resource"])],
        )
        self.role = iam.Role(
            self,
            "Role",
            path=GUARDED_PATH,
            assumed_by=iam.ServicePrincipal("cloudformation.amazonaws.com"),
            description=f"Deploys the orchestrator's {PIPELINE_STACK_PREFIX}-* CodePipeline stacks (no other resources).",
            inline_policies={"DeployPipelineStacks": self.policy_document},
        )
        acknowledge_wildcards(
            self.role,
            f"Name prefixes: CloudFormation names what it creates in an {PIPELINE_STACK_PREFIX}-* stack after the stack; "
            "blueprint objects under blueprints/; and DescribeLogGroups, which supports no resource type.",
            resources=[resource for statement in statements for resource in statement.resources],
        )


def _listed(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else value
