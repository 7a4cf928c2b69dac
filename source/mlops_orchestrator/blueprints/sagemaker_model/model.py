"""The SageMaker model and the role SageMaker assumes to serve it, scoped to what serving needs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_sagemaker as sagemaker
from constructs import Construct

from mlops_orchestrator.infrastructure.nag import acknowledge, acknowledge_template_check

from ..workload_support import if_condition, owner_tag, provided, s3_arn
from .conditions import ModelConditions
from .package_grants import ECR_PULL, group_arn, read_model_package


def _statement(**kwargs: Any) -> Any:
    return iam.PolicyStatement(**kwargs).to_statement_json()


class ModelExecution(Construct):
    """The model's execution role and its one policy.

    Grants for optional inputs (KMS key, custom ECR repository, model registry) are `Fn::If` statements of
    that policy, so an empty parameter never reaches IAM, and the model can depend on one resource that
    always exists (a DependsOn on a conditional resource is invalid).
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        params: dict[str, cdk.CfnParameter],
        conditions: ModelConditions,
        log_group_prefix: str,
        metric_namespace: str,
        statements: Sequence[iam.PolicyStatement],
    ) -> None:
        super().__init__(scope, construct_id)
        self.role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("sagemaker.amazonaws.com"),
            description="Assumed by SageMaker to serve the blueprint's model",
        )
        document = [
            _statement(
                sid="ReadModelArtifact",
                actions=["s3:GetObject"],
                # In registry mode the key is empty: the registry statement below grants the read.
                resources=[s3_arn("${AssetsBucket}/${ModelArtifactLocation}")],
            ),
            _statement(
                sid="WriteLogs",
                actions=["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
                resources=[
                    cdk.Fn.sub(
                        f"arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:{log_group_prefix}*"
                    )
                ],
            ),
            _statement(
                sid="PublishInstanceMetrics",
                actions=["cloudwatch:PutMetricData"],
                # PutMetricData has no resource-level permissions: limited to SageMaker's namespace instead.
                resources=["*"],
                conditions={"StringEquals": {"cloudwatch:namespace": metric_namespace}},
            ),
            *(statement.to_statement_json() for statement in statements),
            if_condition(conditions.kms, self._kms(params)),
            if_condition(conditions.custom_ecr, self._custom_ecr_pull(params)),
            # GetAuthorizationToken has no resource-level permissions: the token alone grants no image.
            if_condition(
                conditions.custom_ecr,
                _statement(sid="EcrLogin", actions=["ecr:GetAuthorizationToken"], resources=["*"]),
            ),
            if_condition(conditions.registry, self._registry(params)),
            if_condition(
                conditions.registry,
                _statement(
                    sid="ReadRegisteredArtifacts", actions=["s3:GetObject"], resources=[s3_arn("${AssetsBucket}/*")]
                ),
            ),
        ]
        self.policy = iam.CfnPolicy(
            self,
            "Policy",
            policy_name="sagemaker-model-execution",
            roles=[self.role.role_name],
            policy_document={"Version": "2012-10-17", "Statement": document},
        )
        self._acknowledge(log_group_prefix)

    @staticmethod
    def _kms(params: dict[str, cdk.CfnParameter]) -> Any:
        return _statement(
            sid="UseKmsKey",
            actions=["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
            resources=[params["KmsKeyArn"].value_as_string],
        )

    @staticmethod
    def _custom_ecr_pull(params: dict[str, cdk.CfnParameter]) -> Any:
        return _statement(
            sid="PullCustomImage", actions=ECR_PULL, resources=[params["CustomAlgorithmsECRRepoArn"].value_as_string]
        )

    @staticmethod
    def _registry(params: dict[str, cdk.CfnParameter]) -> Any:
        package = params["ModelPackageName"].value_as_string
        return read_model_package(package, group_arn(package, params["ModelPackageGroupName"].value_as_string))

    def _acknowledge(self, log_group_prefix: str) -> None:
        reasons = {
            "Resource::*": "PutMetricData (one namespace) and ecr:GetAuthorizationToken have no resource-level "
            "permissions.",
            f"Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:{log_group_prefix}*": (
                "SageMaker names the log groups and streams after resources CloudFormation names at deploy time."
            ),
            "Resource::arn:<AWS::Partition>:s3:::<AssetsBucket>/*": (
                "Registry mode only: a model package names its artifact itself, in the orchestrator's assets bucket."
            ),
        }
        for finding, reason in reasons.items():
            acknowledge(self.policy, f"AwsSolutions-IAM5[{finding}]", reason)


def sagemaker_model(
    scope: Construct,
    construct_id: str,
    *,
    params: dict[str, cdk.CfnParameter],
    conditions: ModelConditions,
    execution: ModelExecution,
) -> sagemaker.CfnModel:
    """The model: the image and artifact, or the model package in registry mode (the original's rule)."""
    stack = cdk.Stack.of(scope)
    image_given = provided(stack, "ImageUriProvided", params["ImageUri"])
    # Checked before any resource is created, instead of a SageMaker error after the role already exists.
    cdk.CfnRule(
        stack,
        "ImageOrModelPackage",
        rule_condition=cdk.Fn.condition_equals(params["ModelPackageName"].value_as_string, ""),
        assertions=[
            cdk.CfnRuleAssertion(
                assert_=cdk.Fn.condition_not(cdk.Fn.condition_equals(params["ImageUri"].value_as_string, "")),
                assert_description="ImageUri is required unless ModelPackageName (registry mode) is given.",
            )
        ],
    )
    model = sagemaker.CfnModel(
        scope,
        construct_id,
        execution_role_arn=execution.role.role_arn,
        primary_container=if_condition(
            conditions.registry,
            {"ModelPackageName": params["ModelPackageName"].value_as_string},
            {
                # Always given here (the rule above); the Fn::If keeps the empty default away from lint checks.
                "Image": if_condition(image_given, params["ImageUri"].value_as_string),
                "ModelDataUrl": cdk.Fn.sub("s3://${AssetsBucket}/${ModelArtifactLocation}"),
            },
        ),
        tags=[cdk.CfnTag(key="model_name", value=params["ModelName"].value_as_string), owner_tag()],
    )
    # SageMaker checks the image and the artifact with the role when it creates the model: grants first.
    model.add_resource_dependency(execution.policy)
    for rule in ("F3031", "F3033", "W1028"):
        acknowledge_template_check(
            model,
            rule,
            "ImageUri and ModelPackageName default to '' because either one is given: the validator checks the "
            "defaults, but registry mode (ModelRegistryProvided) picks ModelPackageName, and the rule "
            "ImageOrModelPackage refuses an empty ImageUri otherwise (so the inner Fn::If never drops the image).",
        )
    return model
