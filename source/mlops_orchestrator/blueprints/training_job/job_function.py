"""The Lambda that starts a training, tuning or Autopilot job, allowed to pass the job its execution role."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import aws_cdk as cdk
from constructs import Construct

from ..job_starter import JobFunction, job_resource, volume_key_grant
from ..lambdas import BlueprintLambda
from .execution import JobExecution, statement


def sagemaker_arn(resource: str) -> str:
    return cdk.Fn.sub(f"arn:${{AWS::Partition}}:sagemaker:${{AWS::Region}}:${{AWS::AccountId}}:{resource}")


def start_job(
    scope: Construct,
    construct_id: str,
    *,
    params: Mapping[str, cdk.CfnParameter],
    kms: cdk.CfnCondition,
    package: BlueprintLambda,
    handler: str,
    create_job: Any,
    execution: JobExecution,
    resource_type: str,
    properties: Mapping[str, Any],
) -> cdk.CustomResource:
    """`create_job` is the statement (dict) allowing exactly the job's create action on its ARN."""
    pass_role = statement(
        sid="PassExecutionRole",
        actions=["iam:PassRole"],
        resources=[execution.role.role_arn],
        conditions={"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}},
    )
    function = JobFunction(
        function_id=f"{construct_id}Function",
        package=package,
        handler=handler,
        description="Starts the SageMaker job when the stack is created or updated",
        role_description="Starts the blueprint's SageMaker job",
        policy_name="start-sagemaker-job",
        statements=[create_job, pass_role, *volume_key_grant(kms, params["KmsKeyArn"].value_as_string)],
    )
    return job_resource(
        scope,
        construct_id,
        function,
        blueprint_bucket=params["BlueprintBucket"],
        resource_type=resource_type,
        properties={"RoleArn": execution.role.role_arn, **properties},
        # SageMaker may read, write and log only once the execution role's policy exists.
        depends_on=[execution.policy],
    ).resource
