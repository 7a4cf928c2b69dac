"""The template's outputs, with the original's logical IDs (created on the stack, so the IDs are exact)."""

from __future__ import annotations

from dataclasses import dataclass

import aws_cdk as cdk

from mlops_orchestrator.infrastructure.nag import acknowledge_template_check

CONSOLE_BUCKET_URL = "https://s3.console.aws.amazon.com/s3/buckets/"


@dataclass(frozen=True)
class OutputValues:
    blueprint_bucket: str
    assets_bucket: str
    ecr_repo_name: str
    ecr_repo_arn: str
    model_registry: str
    topic_arn: str


def add_outputs(stack: cdk.Stack, values: OutputValues) -> None:
    cdk.CfnOutput(
        stack,
        "BlueprintsBucket",
        value=f"{CONSOLE_BUCKET_URL}{values.blueprint_bucket}",
        description="S3 Bucket to upload MLOps Framework Blueprints",
    )
    cdk.CfnOutput(
        stack,
        "AssetsBucket",
        value=f"{CONSOLE_BUCKET_URL}{values.assets_bucket}",
        description="S3 Bucket to upload model artifact",
    )
    cdk.CfnOutput(stack, "ECRRepoName", value=values.ecr_repo_name, description="Amazon ECR repository's name")
    cdk.CfnOutput(stack, "ECRRepoArn", value=values.ecr_repo_arn, description="Amazon ECR repository's arn")
    cdk.CfnOutput(
        stack, "ModelRegistryArn", value=values.model_registry, description="SageMaker model package group arn"
    )
    cdk.CfnOutput(
        stack,
        "MLOpsNotificationsTopicArn",
        value=values.topic_arn,
        description="SNS Topic arn to subscribe to MLOps Framework notifications",
    )
    acknowledge_template_check(
        stack,
        "W1001",
        "Outputs of resources the stack creates only when no existing one is given (assets bucket, ECR "
        "repository, model registry) choose with Fn::If on the complementary condition, so a conditional "
        "resource is referenced only when it exists; the validator does not relate the two conditions.",
    )
