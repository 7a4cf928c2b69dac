"""cdk-nag acknowledgements for the wildcards in CDK's own pipeline grants, each on the policy that has it."""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_codebuild as codebuild
from aws_cdk import aws_codepipeline as codepipeline
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from constructs import IConstruct

from mlops_orchestrator.core.catalog.pipeline_stages import SOURCE_ACTION, SOURCE_STAGE
from mlops_orchestrator.infrastructure.nag import acknowledge

_READ = ("s3:GetBucket*", "s3:GetObject*", "s3:List*")
_WRITE = ("s3:Abort*", "s3:DeleteObject*")


def _default_policy(role: IConstruct | None) -> IConstruct:
    assert isinstance(role, iam.Role)
    return role.node.find_child("DefaultPolicy")


def _action_role(pipeline: codepipeline.Pipeline, stage: str, action: str) -> IConstruct:
    """The role CDK creates for an action when the pipeline binds it (the action does not expose it)."""
    return pipeline.node.find_child(stage).node.find_child(action).node.find_child("CodePipelineActionRole")


def _logical_id(construct: IConstruct) -> str:
    resource = construct.node.default_child
    assert isinstance(resource, cdk.CfnElement)
    return cdk.Stack.of(construct).get_logical_id(resource)


def _bucket_grants(policy: IConstruct, artifacts: s3.Bucket, actions: tuple[str, ...]) -> None:
    reason = "CDK's grant set for pipeline artifacts, limited to this pipeline's own artifact bucket."
    for action in actions:
        acknowledge(policy, f"AwsSolutions-IAM5[Action::{action}]", reason)
    acknowledge(policy, f"AwsSolutions-IAM5[Resource::<{_logical_id(artifacts)}.Arn>/*]", reason)


def acknowledge_pipeline_grants(pipeline: codepipeline.Pipeline, project: codebuild.PipelineProject) -> None:
    artifacts = pipeline.artifact_bucket
    assert isinstance(artifacts, s3.Bucket)
    _bucket_grants(_default_policy(pipeline.role), artifacts, _READ + _WRITE)
    source_policy = _default_policy(_action_role(pipeline, SOURCE_STAGE, SOURCE_ACTION))
    _bucket_grants(source_policy, artifacts, _READ + _WRITE)
    build_policy = _default_policy(project.role)
    _bucket_grants(build_policy, artifacts, _READ)
    project_id = _logical_id(project)
    acknowledge(
        build_policy,
        f"AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws/codebuild/<{project_id}>:*]",
        "The build's log streams are named per build inside the project's own log group.",
    )
    acknowledge(
        build_policy,
        f"AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:codebuild:<AWS::Region>:<AWS::AccountId>:report-group/<{project_id}>-*]",
        "CDK's default test-report grant, limited to report groups named after this project.",
    )
    acknowledge(
        build_policy,
        "AwsSolutions-IAM5[Resource::*]",
        "ecr:GetAuthorizationToken has no resource-level permissions; pushes are limited to one repository.",
    )
