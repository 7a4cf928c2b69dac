"""`single_account_codepipeline.yaml`: template.zip from the assets bucket, deployed by CloudFormation.

Stage `Source` (action `S3Source`) fetches template.zip; stage `DeployCloudFormation` (action `deploy_stack`)
creates or updates stack `StackName` from the blueprint and its parameters file inside the zip, with the
least-privilege role of `deploy_role` instead of the original's admin role.
"""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_codepipeline as codepipeline
from aws_cdk import aws_codepipeline_actions as cpactions
from constructs import Construct

from mlops_orchestrator.core.catalog import Blueprint
from mlops_orchestrator.core.catalog.pipeline_stages import DEPLOY_ACTION, DEPLOY_STAGE, SOURCE_ACTION, SOURCE_STAGE
from mlops_orchestrator.core.catalog.template_parameters import PERMISSIONS_BOUNDARY_ARN
from mlops_orchestrator.infrastructure.nag import acknowledge
from mlops_orchestrator.infrastructure.parameters import blueprint_parameters
from mlops_orchestrator.infrastructure.permissions_boundary import boundary_arn

from ..pipeline_parts import (
    acknowledge_artifact_grants,
    action_role,
    add_source_stage,
    new_pipeline,
    notifications_topic,
    notify_on_completion,
    pipelines_output,
)
from .deploy_role import deployment_role


class SingleAccountCodePipelineStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, *, blueprint: Blueprint, **kwargs: Any) -> None:
        super().__init__(scope, construct_id, description=blueprint.description, **kwargs)
        params = blueprint_parameters(self, blueprint)
        stack_name = params["StackName"].value_as_string

        pipeline = new_pipeline(self, "SingleAccountPipeline")
        source = add_source_stage(
            self, pipeline, params["AssetsBucket"].value_as_string, params["TemplateZipFileName"].value_as_string
        )
        deploy = cpactions.CloudFormationCreateUpdateStackAction(
            action_name=DEPLOY_ACTION,
            stack_name=stack_name,
            template_path=source.at_path(params["TemplateFileName"].value_as_string),
            template_configuration=source.at_path(params["TemplateParamsName"].value_as_string),
            # Every workload blueprint declares it; the deploy role creates only roles that carry it.
            parameter_overrides={PERMISSIONS_BOUNDARY_ARN.name: boundary_arn()},
            # A stack left in ROLLBACK_COMPLETE after a failed first deployment is replaced, not stuck.
            replace_on_failure=True,
            # The blueprints name some IAM resources; they use no macros, so CAPABILITY_AUTO_EXPAND is not needed.
            cfn_capabilities=[cdk.CfnCapabilities.NAMED_IAM],
            admin_permissions=False,
            deployment_role=deployment_role(self, "DeployStackRole", stack_name=stack_name),
            variables_namespace=f"{DEPLOY_ACTION}-namespace",
        )
        pipeline.add_stage(stage_name=DEPLOY_STAGE, actions=[deploy])

        notify_on_completion(
            self, pipeline, notifications_topic(self, params["NotificationsSNSTopicArn"].value_as_string)
        )
        pipelines_output(self, pipeline)
        self._acknowledge_cdk_grants(pipeline)

    @staticmethod
    def _acknowledge_cdk_grants(pipeline: codepipeline.Pipeline) -> None:
        bucket = pipeline.artifact_bucket
        acknowledge_artifact_grants(pipeline.role, bucket, write=True)
        acknowledge_artifact_grants(action_role(pipeline, SOURCE_STAGE, SOURCE_ACTION), bucket, write=True)
        deploy_role = action_role(pipeline, DEPLOY_STAGE, DEPLOY_ACTION)
        acknowledge_artifact_grants(deploy_role, bucket, write=False)
        policy = deploy_role.node.find_child("DefaultPolicy")
        reason = "CDK's CloudFormation action grants: read-only describe actions on the deployed stack only."
        for action in ("cloudformation:DescribeStack*", "cloudformation:GetTemplate*"):
            acknowledge(policy, f"AwsSolutions-IAM5[Action::{action}]", reason)
        acknowledge(
            policy,
            "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:cloudformation:<AWS::Region>:<AWS::AccountId>:stack/<StackName>/*]",
            "The deployed stack's id ends in a uuid CloudFormation assigns; the name is exact.",
        )
