"""Registry mode, Clarify kinds: the SageMaker model of the version the baseline is made for (ModelPackageName).

Clarify analyses a model by serving it from a temporary `sm-clarify-*` endpoint. Without a version that is the
monitored endpoint's own model; with one, it is this model, created from the package, so the baseline (and the
explainability monitor, whose analysis config names the same model) runs against that version whatever the
endpoint serves meanwhile, e.g. while its own redeployment to the version is still in progress.
Each resource here exists only when a version is given (condition ModelPackageGiven).
"""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_sagemaker as sagemaker
from constructs import Construct

from mlops_orchestrator.infrastructure.nag_wildcards import acknowledge_wildcards

from ..sagemaker_model.package_grants import (
    ECR_PULL,
    group_arn,
    group_name_of,
    read_model_package,
    repositories_of_account,
)
from ..workload_support import if_condition, owner_tag, s3_arn
from .roles import CLARIFY_SHADOW

ENDPOINT_LOGS = f"/aws/sagemaker/Endpoints/{CLARIFY_SHADOW}"
ENDPOINT_METRICS = "/aws/sagemaker/Endpoints"


def _statement(**kwargs: Any) -> Any:
    return iam.PolicyStatement(**kwargs).to_statement_json()


class BaselinedModelExecution(Construct):
    """The role SageMaker assumes to serve the package from Clarify's shadow endpoints, and its one policy."""

    def __init__(self, scope: Construct, construct_id: str, *, given: cdk.CfnCondition, kms: cdk.CfnCondition) -> None:
        super().__init__(scope, construct_id)
        package = cdk.Fn.ref("ModelPackageName")
        self.role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("sagemaker.amazonaws.com"),
            description="Assumed by SageMaker to serve the baselined model package version to Clarify",
        )
        role_resource = self.role.node.default_child
        assert isinstance(role_resource, iam.CfnRole)
        role_resource.cfn_options.condition = given
        logs = cdk.Fn.sub(
            f"arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:{ENDPOINT_LOGS}"
        )
        repositories = repositories_of_account(package)
        statements = [
            read_model_package(package, group_arn(package, group_name_of(package))),
            # A package names its artifact itself, in the orchestrator's assets bucket (as in the real-time model).
            _statement(
                sid="ReadRegisteredArtifacts", actions=["s3:GetObject"], resources=[s3_arn("${AssetsBucket}/*")]
            ),
            _statement(sid="PullPackageImage", actions=ECR_PULL, resources=[repositories]),
            # GetAuthorizationToken has no resource-level permissions: the token alone grants no image.
            _statement(sid="EcrLogin", actions=["ecr:GetAuthorizationToken"], resources=["*"]),
            _statement(
                sid="WriteLogs",
                actions=["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
                resources=[logs],
            ),
            _statement(
                sid="PublishInstanceMetrics",
                actions=["cloudwatch:PutMetricData"],
                # PutMetricData has no resource-level permissions: limited to SageMaker's endpoint namespace.
                resources=["*"],
                conditions={"StringEquals": {"cloudwatch:namespace": ENDPOINT_METRICS}},
            ),
            if_condition(
                kms,
                _statement(
                    sid="UseKmsKey",
                    actions=["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
                    resources=[cdk.Fn.ref("KmsKeyArn")],
                ),
            ),
        ]
        self.policy = iam.CfnPolicy(
            self,
            "Policy",
            policy_name="baselined-model-execution",
            roles=[self.role.role_name],
            policy_document={"Version": "2012-10-17", "Statement": statements},
        )
        self.policy.cfn_options.condition = given
        acknowledge_wildcards(
            self.policy,
            "A registered package names its own artifact (assets bucket) and image (an ECR repository of the account "
            "that registered it); Clarify names its shadow endpoints, hence their log groups, sm-clarify-*; "
            "PutMetricData (one namespace) and ecr:GetAuthorizationToken have no resource-level permissions.",
            resources=["*", s3_arn("${AssetsBucket}/*"), logs, repositories],
        )


def baselined_model(scope: Construct, *, given: cdk.CfnCondition, kms: cdk.CfnCondition) -> str:
    """The model's name where a version is given, else "" (the baseline then asks the endpoint for its model)."""
    execution = BaselinedModelExecution(scope, "BaselinedModelExecution", given=given, kms=kms)
    model = sagemaker.CfnModel(
        scope,
        "BaselinedModel",
        execution_role_arn=execution.role.role_arn,
        primary_container=sagemaker.CfnModel.ContainerDefinitionProperty(
            model_package_name=cdk.Fn.ref("ModelPackageName")
        ),
        # The owner tag lets the pipeline's deploy role create and delete it, as every model of a pipeline stack.
        tags=[owner_tag()],
    )
    model.cfn_options.condition = given
    # SageMaker checks the package and its image with the role when it creates the model: grants first.
    model.add_resource_dependency(execution.policy)
    return cdk.Token.as_string(if_condition(given, model.attr_model_name, ""))
