"""The batch Lambda and the custom resource through which CloudFormation starts the transform job."""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_sagemaker as sagemaker
from constructs import Construct

from mlops_orchestrator.infrastructure.nag import acknowledge

from ..job_starter import JobFunction, job_resource, volume_key_grant
from .runtime_package import BATCH_LAMBDA

JOB_RESOURCE_TYPE = "Custom::BatchTransformJob"


def _job_function(params: dict[str, cdk.CfnParameter], kms: cdk.CfnCondition) -> JobFunction:
    create_job = iam.PolicyStatement(
        sid="CreateTransformJob",
        actions=["sagemaker:CreateTransformJob"],
        resources=[
            cdk.Fn.sub(
                "arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:transform-job/*-batch-transform-*"
            )
        ],
    )
    return JobFunction(
        function_id="BatchTransformFunction",
        package=BATCH_LAMBDA,
        handler=BATCH_LAMBDA.handler,
        description="Starts the SageMaker batch transform job when the stack is created or updated",
        role_description="Starts the blueprint's batch transform job",
        policy_name="start-batch-transform-job",
        statements=[create_job.to_statement_json(), *volume_key_grant(kms, params["KmsKeyArn"].value_as_string)],
    )


def batch_transform_job(
    scope: Construct,
    params: dict[str, cdk.CfnParameter],
    model: sagemaker.CfnModel,
    kms: cdk.CfnCondition,
) -> cdk.CustomResource:
    job = job_resource(
        scope,
        "BatchTransformJob",
        _job_function(params, kms),
        blueprint_bucket=params["BlueprintBucket"],
        resource_type=JOB_RESOURCE_TYPE,
        properties={
            "ModelName": model.attr_model_name,
            "InstanceType": params["InferenceInstance"].value_as_string,
            "InstanceCount": params["JobInstanceCount"].value_as_string,
            "ContentType": params["BatchContentType"].value_as_string,
            "InputLocation": params["BatchInferenceData"].value_as_string,
            "OutputLocation": params["BatchOutputLocation"].value_as_string,
            "KmsKeyArn": params["KmsKeyArn"].value_as_string,
        },
    )
    acknowledge(
        job.policy,
        "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sagemaker:<AWS::Region>:<AWS::AccountId>:transform-job/*-batch-transform-*]",
        "Each deployment starts a job with a new random suffix; the pattern admits only this blueprint's names.",
    )
    return job.resource
