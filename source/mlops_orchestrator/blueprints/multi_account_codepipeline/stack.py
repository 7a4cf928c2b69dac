"""`multi_account_codepipeline.yaml`: template.zip promoted to dev, staging and prod through StackSets.

Stages: `Source`; `DeployDev` (`DeployDevStackSet`, then approval `DeployStaging`); `DeployStaging`
(`DeployStagingStackSet`, then approval `DeployProd`); `DeployProd` (`DeployProdStackSet`). Each StackSet is
named `{StackName}-{stage}-{first 8 characters of this stack's id}` and targets the stage's organizational
unit. Approval requests, each stage's deployment result and the pipeline's result go to the topic.
"""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_codepipeline as codepipeline
from aws_cdk import aws_codepipeline_actions as cpactions
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sns as sns
from constructs import Construct

from mlops_orchestrator.core.catalog import Blueprint
from mlops_orchestrator.core.catalog.pipeline_stages import (
    SOURCE_ACTION,
    SOURCE_ARTIFACT,
    SOURCE_STAGE,
    STAGED_DEPLOYS,
    StagedDeploy,
)
from mlops_orchestrator.infrastructure.nag import acknowledge
from mlops_orchestrator.infrastructure.parameters import blueprint_parameters

from ..pipeline_parts import (
    FINISHED_STATES,
    acknowledge_artifact_grants,
    action_role,
    add_source_stage,
    nag_resource,
    new_pipeline,
    notifications_topic,
    notify_on_completion,
    pipelines_output,
)
from .stackset_function import USE_DELEGATED_ADMIN, stackset_function


class MultiAccountCodePipelineStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, *, blueprint: Blueprint, **kwargs: Any) -> None:
        super().__init__(scope, construct_id, description=blueprint.description, **kwargs)
        self.params = blueprint_parameters(self, blueprint)
        delegated_admin = cdk.CfnCondition(
            self,
            USE_DELEGATED_ADMIN,
            expression=cdk.Fn.condition_equals(self.params["DelegatedAdminAccount"].value_as_string, "Yes"),
        )
        # The uuid of this stack's id keeps StackSet names unique when a pipeline is deleted and recreated.
        unique_id = cdk.Fn.select(0, cdk.Fn.split("-", cdk.Fn.select(2, cdk.Fn.split("/", cdk.Aws.STACK_ID))))
        names = {stage.stage: f"{self._value('StackName')}-{stage.stage}-{unique_id}" for stage in STAGED_DEPLOYS}

        function = stackset_function(
            self,
            blueprint_bucket=self._value("BlueprintBucket"),
            stackset_names=list(names.values()),
            delegated_admin=delegated_admin,
        )
        topic = notifications_topic(self, self._value("NotificationsSNSTopicArn"))
        pipeline = new_pipeline(self, "MultiAccountPipeline")
        source = add_source_stage(self, pipeline, self._value("AssetsBucket"), self._value("TemplateZipFileName"))
        for stage in STAGED_DEPLOYS:
            pipeline.add_stage(
                stage_name=stage.stage_name,
                actions=self._stage_actions(stage, names[stage.stage], function, source, topic),
            )
            self._notify_deployment(stage, pipeline, topic)
        notify_on_completion(self, pipeline, topic)
        pipelines_output(self, pipeline)
        self._acknowledge_cdk_grants(pipeline, function)

    def _value(self, name: str) -> str:
        return self.params[name].value_as_string

    def _stage_actions(
        self,
        stage: StagedDeploy,
        stackset_name: str,
        function: lambda_.IFunction,
        source: codepipeline.Artifact,
        topic: sns.ITopic,
    ) -> list[codepipeline.IAction]:
        deploy = cpactions.LambdaInvokeAction(
            action_name=stage.action_name,
            lambda_=function,
            inputs=[source],
            run_order=1,
            variables_namespace=f"{stage.action_name}-namespace",
            # The original's keys; the Lambda reads them (runtime/job.py).
            user_parameters={
                "stackset_name": stackset_name,
                "artifact": SOURCE_ARTIFACT,
                "template_file": self._value("TemplateFileName"),
                "stage_params_file": self._value(f"{stage.title}ParamsName"),
                "account_ids": [self._value(f"{stage.title}AccountId")],
                "org_ids": [self._value(f"{stage.title}OrgId")],
                "regions": [cdk.Aws.REGION],
            },
        )
        if stage.approval is None:
            return [deploy]
        approve = cpactions.ManualApprovalAction(
            action_name=stage.approval,
            run_order=2,
            notification_topic=topic,
            additional_information=f"Please approve to deploy to {stage.next_account} account",
        )
        return [deploy, approve]

    def _notify_deployment(self, stage: StagedDeploy, pipeline: codepipeline.Pipeline, topic: sns.ITopic) -> None:
        """`NotifyUser{Stage}Deployment`: the StackSet action's result, which may precede an approval request."""
        message = events.RuleTargetInput.from_text(
            f"Pipeline {events.EventField.from_path('$.detail.pipeline')}: {stage.action_name} "
            f"(deployment to the {stage.stage} accounts) finished with state "
            f"{events.EventField.from_path('$.detail.state')}"
        )
        events.Rule(
            self,
            f"NotifyUser{stage.title}Deployment",
            description=f"Notify the user of the result of the {stage.stage} deployment.",
            event_pattern=events.EventPattern(
                source=["aws.codepipeline"],
                detail_type=["CodePipeline Action Execution State Change"],
                resources=[pipeline.pipeline_arn],
                detail={"stage": [stage.stage_name], "action": [stage.action_name], "state": FINISHED_STATES},
            ),
            targets=[targets.SnsTopic(topic, message=message)],
        )

    @staticmethod
    def _acknowledge_cdk_grants(pipeline: codepipeline.Pipeline, function: lambda_.IFunction) -> None:
        bucket = pipeline.artifact_bucket
        acknowledge_artifact_grants(pipeline.role, bucket, write=True)
        acknowledge_artifact_grants(action_role(pipeline, SOURCE_STAGE, SOURCE_ACTION), bucket, write=True)
        for stage in STAGED_DEPLOYS:
            role = action_role(pipeline, stage.stage_name, stage.action_name)
            acknowledge_artifact_grants(role, bucket, write=False)
            policy = role.node.find_child("DefaultPolicy")
            acknowledge(
                policy,
                "AwsSolutions-IAM5[Resource::*]",
                "CDK's Lambda invoke action grants lambda:ListFunctions, which has no resource-level permissions.",
            )
            acknowledge(
                policy,
                f"AwsSolutions-IAM5[Resource::{nag_resource(pipeline, function.function_arn)}:*]",
                "CDK's invoke grant covers the StackSet function's versions and aliases; it has no others.",
            )
