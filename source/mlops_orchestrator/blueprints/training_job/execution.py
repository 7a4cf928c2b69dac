"""The role SageMaker assumes to run a training, tuning or Autopilot job, scoped to the job's data."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from constructs import Construct

from mlops_orchestrator.infrastructure.nag import acknowledge

from ..workload_support import if_condition, s3_arn

OUTPUT_OBJECTS = "${AssetsBucket}/${JobOutputLocation}/*"


def statement(**kwargs: Any) -> Any:
    return iam.PolicyStatement(**kwargs).to_statement_json()


def log_group_arn(prefix: str) -> str:
    return cdk.Fn.sub(f"arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:{prefix}*")


class JobExecution(Construct):
    """The execution role and its one policy: read the input data, read and write the output prefix
    (checkpoints and intermediate results live there), logs and metrics, and the KMS key when one is given.

    `reads` are S3 paths (bucket/key with ${Parameter} references) below which the job reads its input;
    `extra` are statements dicts (already resolved, may be `Fn::If`) of the caller; `pass_to_own_jobs` lets the
    role pass itself to the jobs the job starts.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        kms_key: cdk.CfnParameter,
        kms: cdk.CfnCondition,
        reads: Sequence[Any],
        log_group_prefixes: Sequence[str],
        extra: Sequence[Any] = (),
        pass_to_own_jobs: bool = False,
    ) -> None:
        super().__init__(scope, construct_id)
        self.role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("sagemaker.amazonaws.com"),
            description="Assumed by SageMaker to run the blueprint's job",
        )
        document = [
            statement(sid="ListAssets", actions=["s3:ListBucket"], resources=[s3_arn("${AssetsBucket}")]),
            {"Sid": "ReadInputData", "Effect": "Allow", "Action": "s3:GetObject", "Resource": list(reads)},
            statement(
                sid="ReadWriteOutput",
                actions=["s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject", "s3:PutObject"],
                resources=[s3_arn(OUTPUT_OBJECTS)],
            ),
            statement(
                sid="WriteLogs",
                actions=["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
                resources=[log_group_arn(prefix) for prefix in log_group_prefixes],
            ),
            statement(
                sid="PublishMetrics",
                actions=["cloudwatch:PutMetricData"],
                # PutMetricData has no resource-level permissions: limited to SageMaker's namespaces instead.
                resources=["*"],
                conditions={"StringLike": {"cloudwatch:namespace": ["/aws/sagemaker/*", "aws/sagemaker/*"]}},
            ),
            *extra,
            *([self._pass_self()] if pass_to_own_jobs else []),
            if_condition(
                kms,
                statement(
                    sid="UseKmsKey",
                    actions=["kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"],
                    resources=[kms_key.value_as_string],
                ),
            ),
        ]
        self.policy = iam.CfnPolicy(
            self,
            "Policy",
            policy_name="sagemaker-job-execution",
            roles=[self.role.role_name],
            policy_document={"Version": "2012-10-17", "Statement": document},
        )
        acknowledge(self.policy, "AwsSolutions-IAM5[Resource::*]", "PutMetricData has no resource-level permissions.")
        acknowledge(
            self.policy,
            "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::<AssetsBucket>/<JobOutputLocation>/*]",
            "SageMaker names the model artifacts, checkpoints and intermediate results below the output prefix.",
        )
        for prefix in log_group_prefixes:
            acknowledge(
                self.policy,
                f"AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:{prefix}*]",
                "SageMaker names the log streams after the job and its instances.",
            )

    def _pass_self(self) -> Any:
        """For jobs that start jobs of their own with this role (Autopilot), to SageMaker only."""
        return statement(
            sid="PassRoleToOwnJobs",
            actions=["iam:PassRole"],
            resources=[self.role.role_arn],
            conditions={"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}},
        )
