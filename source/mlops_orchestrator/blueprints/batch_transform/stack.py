"""BYOMBatchStack: the model, and a batch transform job started on every create and update of the stack."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from constructs import Construct

from mlops_orchestrator.core.catalog import Blueprint
from mlops_orchestrator.infrastructure.nag import acknowledge
from mlops_orchestrator.infrastructure.parameters import blueprint_parameters

from ..sagemaker_model.conditions import model_conditions
from ..sagemaker_model.model import ModelExecution, sagemaker_model
from ..workload_support import s3_arn
from .job import batch_transform_job


def _data_access() -> list[iam.PolicyStatement]:
    return [
        iam.PolicyStatement(sid="ListBatchInput", actions=["s3:ListBucket"], resources=[s3_arn("${BatchInputBucket}")]),
        iam.PolicyStatement(
            sid="ReadBatchInput", actions=["s3:GetObject"], resources=[s3_arn("${BatchInferenceData}*")]
        ),
        iam.PolicyStatement(
            sid="WriteBatchOutput",
            actions=["s3:AbortMultipartUpload", "s3:PutObject"],
            resources=[s3_arn("${BatchOutputLocation}/*")],
        ),
    ]


class BYOMBatchStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, *, blueprint: Blueprint, **kwargs: Any) -> None:
        super().__init__(scope, construct_id, description=f"{blueprint.description} (mlops-byom-bt)", **kwargs)
        params = blueprint_parameters(self, blueprint)
        conditions = model_conditions(self, params)
        execution = ModelExecution(
            self,
            "MLOpsSagemakerBatchRole",
            params=params,
            conditions=conditions,
            log_group_prefix="/aws/sagemaker/TransformJobs",
            metric_namespace="/aws/sagemaker/TransformJobs",
            statements=_data_access(),
        )
        acknowledge(
            execution.policy,
            "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::<BatchInferenceData>*]",
            "The job reads every object below the input prefix (S3Prefix data source).",
        )
        acknowledge(
            execution.policy,
            "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::<BatchOutputLocation>/*]",
            "The job writes one output object per input object, named by SageMaker, below the output location.",
        )
        model = sagemaker_model(self, "MLOpsSagemakerModel", params=params, conditions=conditions, execution=execution)
        job = batch_transform_job(self, params, model, conditions.kms)

        cdk.CfnOutput(self, "SageMakerModelName", value=model.attr_model_name)
        cdk.CfnOutput(self, "BatchTransformJobName", value=job.get_att_string("JobName"))
        cdk.CfnOutput(
            self,
            "BatchTransformOutputLocation",
            value=cdk.Fn.sub("https://s3.console.aws.amazon.com/s3/buckets/${BatchOutputLocation}/"),
            description="Output location of the batch transform job",
        )
