"""BYOMCustomAlgorithmImageBuilderStack: S3 source -> CodeBuild (docker build and push) -> notifications."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_codepipeline as codepipeline
from aws_cdk import aws_codepipeline_actions as actions
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sns as sns
from constructs import Construct

from mlops_orchestrator.core.catalog import Blueprint
from mlops_orchestrator.core.catalog.pipeline_stages import (
    BUILD_ACTION,
    BUILD_STAGE,
    SOURCE_ACTION,
    SOURCE_ARTIFACT,
    SOURCE_STAGE,
)
from mlops_orchestrator.infrastructure.nag import acknowledge
from mlops_orchestrator.infrastructure.parameters import blueprint_parameters
from mlops_orchestrator.infrastructure.secure_bucket import secure_bucket

from ..workload_support import ignore_redundant_role_dependency
from .build import IMAGE_URI, image_build_project
from .grants import acknowledge_pipeline_grants


class BYOMCustomAlgorithmImageBuilderStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, *, blueprint: Blueprint, **kwargs: Any) -> None:
        super().__init__(scope, construct_id, description=f"{blueprint.description} (mlops-byom-caib)", **kwargs)
        params = blueprint_parameters(self, blueprint)
        assets = s3.Bucket.from_bucket_name(self, "AssetsBucketRef", params["AssetsBucket"].value_as_string)
        artifacts = secure_bucket(self, "PipelineArtifacts", access_logs=None, access_logs_prefix="")
        # Artifacts matter only while an execution may still use them; old versions would only cost money.
        artifacts.add_lifecycle_rule(
            noncurrent_version_expiration=cdk.Duration.days(30),
            abort_incomplete_multipart_upload_after=cdk.Duration.days(7),
        )
        acknowledge(
            artifacts,
            "AwsSolutions-S1",
            "Holds only the pipeline's copies of the source zip, whose reads are logged in the assets bucket.",
        )
        source = codepipeline.Artifact(SOURCE_ARTIFACT)
        source_action = actions.S3SourceAction(
            action_name=SOURCE_ACTION,
            bucket=assets,
            bucket_key=params["CustomImage"].value_as_string,
            output=source,
            # A new upload of the zip rebuilds the image, as in the original.
            trigger=actions.S3Trigger.POLL,
        )
        project = image_build_project(self, params)
        pipeline = codepipeline.Pipeline(
            self,
            "BYOMPipelineRealtimeBuild",
            artifact_bucket=artifacts,
            cross_account_keys=False,
            stages=[
                codepipeline.StageProps(stage_name=SOURCE_STAGE, actions=[source_action]),
                codepipeline.StageProps(
                    stage_name=BUILD_STAGE,
                    actions=[actions.CodeBuildAction(action_name=BUILD_ACTION, project=project, input=source)],
                ),
            ],
        )
        acknowledge_pipeline_grants(pipeline, project)
        ignore_redundant_role_dependency(pipeline)
        self._notify(pipeline, params["NotificationsSNSTopicArn"])
        cdk.CfnOutput(
            self,
            "Pipelines",
            value=cdk.Fn.sub(
                "https://console.aws.amazon.com/codesuite/codepipeline/pipelines/${Pipeline}/view?region=${AWS::Region}",
                {"Pipeline": pipeline.pipeline_name},
            ),
        )
        cdk.CfnOutput(self, "CustomAlgorithmImageURI", value=cdk.Fn.sub(IMAGE_URI))
        cdk.CfnOutput(self, "PipelineName", value=pipeline.pipeline_name, description="The CodePipeline's name.")

    def _notify(self, pipeline: codepipeline.Pipeline, topic_arn: cdk.CfnParameter) -> None:
        topic = sns.Topic.from_topic_arn(self, "NotificationsTopic", topic_arn.value_as_string)
        message = events.RuleTargetInput.from_text(
            f"Pipeline {events.EventField.from_path('$.detail.pipeline')} finished executing. "
            f"Pipeline execution result is {events.EventField.from_path('$.detail.state')}"
        )
        pipeline.on_state_change(
            "NotifyUser",
            description="Notify the user when the image build pipeline succeeds or fails",
            event_pattern=events.EventPattern(detail={"state": ["SUCCEEDED", "FAILED"]}),
            target=targets.SnsTopic(topic, message=message),
        )
