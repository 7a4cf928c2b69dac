"""What Autopilot needs beyond a training job: it runs processing, training and transform jobs of its own,
named after the Autopilot job, with the execution role."""

from __future__ import annotations

from typing import Any

from aws_cdk import aws_iam as iam

from mlops_orchestrator.infrastructure.nag import acknowledge

from ..training_job.execution import statement
from ..training_job.job_function import sagemaker_arn

_SUB_JOBS = ("processing-job", "training-job", "transform-job")


def create_autopilot_job() -> Any:
    return statement(
        sid="CreateJob", actions=["sagemaker:CreateAutoMLJobV2"], resources=[sagemaker_arn("automl-job/${JobName}")]
    )


def autopilot_job_statements() -> list[Any]:
    return [
        statement(
            sid="RunAutopilotSubJobs",
            actions=[
                "sagemaker:AddTags",
                "sagemaker:CreateProcessingJob",
                "sagemaker:CreateTrainingJob",
                "sagemaker:CreateTransformJob",
                "sagemaker:DescribeProcessingJob",
                "sagemaker:DescribeTrainingJob",
                "sagemaker:DescribeTransformJob",
                "sagemaker:StopProcessingJob",
                "sagemaker:StopTrainingJob",
                "sagemaker:StopTransformJob",
            ],
            resources=[sagemaker_arn(f"{kind}/${{JobName}}*") for kind in _SUB_JOBS],
        ),
        statement(
            sid="DescribeAutopilotJob",
            actions=["sagemaker:DescribeAutoMLJobV2"],
            resources=[sagemaker_arn("automl-job/${JobName}")],
        ),
        # The service authorization reference lists no resource type for this action: a job ARN would never match.
        statement(sid="ListAutopilotCandidates", actions=["sagemaker:ListCandidatesForAutoMLJob"], resources=["*"]),
    ]


def acknowledge_autopilot(policy: iam.CfnPolicy) -> None:
    acknowledge(
        policy,
        "AwsSolutions-IAM5[Resource::*]",
        "PutMetricData and ListCandidatesForAutoMLJob (read-only) have no resource-level permissions.",
    )
    for kind in _SUB_JOBS:
        acknowledge(
            policy,
            f"AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sagemaker:<AWS::Region>:<AWS::AccountId>:{kind}/<JobName>*]",
            "Autopilot names its processing, training and transform jobs after the Autopilot job, with suffixes.",
        )
