"""The batch Lambda and the custom resource through which CloudFormation starts the transform job."""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_sagemaker as sagemaker
from constructs import Construct

from mlops_orchestrator.infrastructure.nag import acknowledge
from mlops_orchestrator.infrastructure.python_function import python_function

from ..registry_workloads import BATCH_LAMBDA
from ..sagemaker_model.conditions import if_condition
from ..workload_support import blueprint_code, ignore_redundant_role_dependency

HANDLER = "mlops_orchestrator.blueprints.batch_transform.runtime.handler.lambda_handler"
JOB_RESOURCE_TYPE = "Custom::BatchTransformJob"


def _role(
    scope: Construct, params: dict[str, cdk.CfnParameter], kms: cdk.CfnCondition
) -> tuple[iam.Role, iam.CfnPolicy]:
    """The function's role and its job policy (CDK adds logging and tracing to the role's default policy)."""
    role = iam.Role(
        scope,
        "BatchTransformFunctionRole",
        assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
        description="Starts the blueprint's batch transform job",
    )
    create_job = iam.PolicyStatement(
        sid="CreateTransformJob",
        actions=["sagemaker:CreateTransformJob"],
        resources=[
            cdk.Fn.sub(
                "arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:transform-job/*-batch-transform-*"
            )
        ],
    )
    # SageMaker encrypts the job's volume through a grant made with the caller's permissions.
    volume_key = iam.PolicyStatement(
        sid="GrantVolumeKey",
        actions=["kms:CreateGrant", "kms:DescribeKey"],
        resources=[params["KmsKeyArn"].value_as_string],
        conditions={"Bool": {"kms:GrantIsForAWSResource": "true"}},
    )
    # One policy with an Fn::If statement: the job can depend on it whether or not a key is given.
    policy = iam.CfnPolicy(
        scope,
        "BatchTransformFunctionPolicy",
        policy_name="start-batch-transform-job",
        roles=[role.role_name],
        policy_document={
            "Version": "2012-10-17",
            "Statement": [create_job.to_statement_json(), if_condition(kms, volume_key.to_statement_json())],
        },
    )
    acknowledge(
        policy,
        "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sagemaker:<AWS::Region>:<AWS::AccountId>:transform-job/*-batch-transform-*]",
        "Each deployment starts a job with a new random suffix; the pattern admits only this blueprint's names.",
    )
    return role, policy


def batch_transform_job(
    scope: Construct,
    params: dict[str, cdk.CfnParameter],
    model: sagemaker.CfnModel,
    kms: cdk.CfnCondition,
) -> cdk.CustomResource:
    role, job_policy = _role(scope, params, kms)
    function = python_function(
        scope,
        "BatchTransformFunction",
        code=blueprint_code(scope, params["BlueprintBucket"], BATCH_LAMBDA),
        handler=HANDLER,
        description="Starts the SageMaker batch transform job when the stack is created or updated",
        memory_size=256,
        # Creating the job takes seconds; the margin covers SDK retries and the answer to CloudFormation
        # (the original had the 3-second default, too short to answer on a slow start).
        timeout=cdk.Duration.minutes(2),
        role=role,
    )
    # A retried invocation would start a second job: CloudFormation gets exactly one answer or times out.
    function.configure_async_invoke(retry_attempts=0)
    function.log_group.grant_write(role)
    ignore_redundant_role_dependency(function)
    default_policy = role.node.find_child("DefaultPolicy")
    acknowledge(
        default_policy,
        "AwsSolutions-IAM5[Resource::*]",
        "X-Ray's PutTraceSegments and PutTelemetryRecords have no resource-level permissions.",
    )
    job = cdk.CustomResource(
        scope,
        "BatchTransformJob",
        service_token=function.function_arn,
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
    # The job starts only once the function may create it and use the key.
    job_resource = job.node.default_child
    assert isinstance(job_resource, cdk.CfnResource)
    job_resource.add_resource_dependency(job_policy)
    job.node.add_dependency(default_policy)
    return job
