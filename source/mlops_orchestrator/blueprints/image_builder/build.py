"""The CodeBuild project: builds the Dockerfile of the source zip and pushes it to one ECR repository."""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_codebuild as codebuild
from aws_cdk import aws_iam as iam
from constructs import Construct

from mlops_orchestrator.infrastructure.nag import acknowledge

REGISTRY = "${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}"
IMAGE_URI = REGISTRY + "/${ECRRepoName}:${ImageTag}"
_PUSH = [
    "ecr:BatchCheckLayerAvailability",
    "ecr:BatchGetImage",
    "ecr:CompleteLayerUpload",
    "ecr:GetDownloadUrlForLayer",
    "ecr:InitiateLayerUpload",
    "ecr:PutImage",
    "ecr:UploadLayerPart",
]
# SageMaker starts containers with `serve` or `train`: they must be executable whatever the zip kept.
_BUILD_SPEC = {
    "version": "0.2",
    "phases": {
        "pre_build": {
            "commands": [
                'aws ecr get-login-password --region "$AWS_DEFAULT_REGION"'
                ' | docker login --username AWS --password-stdin "$REGISTRY"',
            ]
        },
        "build": {
            "commands": [
                r"find . -type f \( -name serve -o -name train \) -exec chmod +x {} +",
                'docker build --tag "$IMAGE_URI" .',
                # Pushed in the build phase: post_build would also run after a failed build.
                'docker push "$IMAGE_URI"',
            ]
        },
    },
}


def image_build_project(scope: Construct, params: dict[str, cdk.CfnParameter]) -> codebuild.PipelineProject:
    project = codebuild.PipelineProject(
        scope,
        "ContainerFactory",
        project_name=cdk.Fn.sub("${AWS::StackName}-image-builder"),
        description="Builds the custom algorithm's Dockerfile and pushes the image to ECR",
        build_spec=codebuild.BuildSpec.from_object(_BUILD_SPEC),
        environment=codebuild.BuildEnvironment(
            build_image=codebuild.LinuxBuildImage.STANDARD_7_0,
            compute_type=codebuild.ComputeType.SMALL,
            # Privileged only because `docker build` needs the Docker daemon; the project runs nothing else.
            privileged=True,
        ),
        environment_variables={
            "REGISTRY": codebuild.BuildEnvironmentVariable(value=cdk.Fn.sub(REGISTRY)),
            "IMAGE_URI": codebuild.BuildEnvironmentVariable(value=cdk.Fn.sub(IMAGE_URI)),
        },
        timeout=cdk.Duration.hours(1),
    )
    project.add_to_role_policy(
        iam.PolicyStatement(
            sid="PushToOneRepository",
            actions=_PUSH,
            resources=[
                cdk.Fn.sub("arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/${ECRRepoName}")
            ],
        )
    )
    # GetAuthorizationToken has no resource-level permissions; the token alone grants no repository.
    project.add_to_role_policy(
        iam.PolicyStatement(sid="EcrLogin", actions=["ecr:GetAuthorizationToken"], resources=["*"])
    )
    acknowledge(
        project,
        "AwsSolutions-CB3",
        "Docker builds need privileged mode (the Docker daemon); the project only builds the user's Dockerfile.",
    )
    acknowledge(
        project,
        "AwsSolutions-CB4",
        "The project produces no artifacts (its output is the pushed image); the pipeline bucket is encrypted.",
    )
    return project
