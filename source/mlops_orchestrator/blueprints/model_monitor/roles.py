"""The SageMaker execution roles of the baseline and monitoring jobs, one policy each, KMS as an `Fn::If`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from constructs import Construct

from mlops_orchestrator.infrastructure.nag_wildcards import acknowledge_wildcards

from ..workload_support import if_condition, s3_arn

PROCESSING_LOGS = "/aws/sagemaker/ProcessingJobs"
CLARIFY_SHADOW = "sm-clarify-*"


def sagemaker_arn(resource: str) -> str:
    return cdk.Fn.sub(f"arn:${{AWS::Partition}}:sagemaker:${{AWS::Region}}:${{AWS::AccountId}}:{resource}")


def read_prefix(sid: str, bucket: str, objects: str) -> list[iam.PolicyStatement]:
    """List the bucket and read the `objects` pattern (`${Parameter}` references allowed)."""
    return [
        iam.PolicyStatement(sid=f"List{sid}", actions=["s3:ListBucket"], resources=[s3_arn(bucket)]),
        iam.PolicyStatement(sid=f"Read{sid}", actions=["s3:GetObject"], resources=[s3_arn(objects)]),
    ]


def write_prefix(sid: str, prefix: str) -> iam.PolicyStatement:
    return iam.PolicyStatement(
        sid=sid, actions=["s3:AbortMultipartUpload", "s3:PutObject"], resources=[s3_arn(f"{prefix}/*")]
    )


def clarify_shadow_endpoint() -> iam.PolicyStatement:
    """Clarify serves the monitored model from a temporary `sm-clarify-*` endpoint it creates and deletes."""
    return iam.PolicyStatement(
        sid="ClarifyShadowEndpoint",
        actions=[
            "sagemaker:AddTags",
            "sagemaker:CreateEndpoint",
            "sagemaker:CreateEndpointConfig",
            "sagemaker:DeleteEndpoint",
            "sagemaker:DeleteEndpointConfig",
            "sagemaker:DescribeEndpoint",
            "sagemaker:DescribeEndpointConfig",
            "sagemaker:InvokeEndpoint",
        ],
        resources=[sagemaker_arn(f"endpoint/{CLARIFY_SHADOW}"), sagemaker_arn(f"endpoint-config/{CLARIFY_SHADOW}")],
    )


class JobRole(Construct):
    """A role SageMaker assumes for processing jobs, with `statements` plus logs, metrics and the optional key."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        description: str,
        statements: Sequence[iam.PolicyStatement],
        kms: cdk.CfnCondition,
        kms_key_arn: str,
    ) -> None:
        super().__init__(scope, construct_id)
        self.role = iam.Role(
            self, "Role", assumed_by=iam.ServicePrincipal("sagemaker.amazonaws.com"), description=description
        )
        logs = iam.PolicyStatement(
            sid="WriteLogs",
            actions=["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
            resources=[
                cdk.Fn.sub(
                    f"arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:{PROCESSING_LOGS}*"
                )
            ],
        )
        metrics = iam.PolicyStatement(
            sid="PublishMetrics",
            actions=["cloudwatch:PutMetricData"],
            # PutMetricData has no resource-level permissions: limited to SageMaker's namespaces instead.
            resources=["*"],
            conditions={"StringLike": {"cloudwatch:namespace": ["/aws/sagemaker/*", "aws/sagemaker/*"]}},
        )
        key = iam.PolicyStatement(
            sid="UseKmsKey",
            actions=["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
            resources=[kms_key_arn],
        )
        document: list[Any] = [s.to_statement_json() for s in (*statements, logs, metrics)]
        document.append(if_condition(kms, key.to_statement_json()))
        self.policy = iam.CfnPolicy(
            self,
            "Policy",
            policy_name="processing-job-execution",
            roles=[self.role.role_name],
            policy_document={"Version": "2012-10-17", "Statement": document},
        )
        resources = [r for statement in (*statements, logs, metrics) for r in statement.resources]
        acknowledge_wildcards(
            self.policy,
            "SageMaker names log streams, capture files, baseline and report objects at run time below the "
            "prefixes the stack is given; metrics have no resource-level permissions (namespace-limited); Clarify "
            "names its temporary endpoints sm-clarify-*.",
            resources=resources,
        )
