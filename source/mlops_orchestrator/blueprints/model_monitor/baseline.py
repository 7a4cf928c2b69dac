"""The baseline Lambda, its role, and the custom resource that runs it whenever a baseline input changes."""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from constructs import Construct

from mlops_orchestrator.infrastructure.nag_wildcards import acknowledge_wildcards

from ..job_starter import JobFunction, job_resource
from ..workload_support import if_condition, s3_arn
from .kinds import MonitorKind
from .roles import sagemaker_arn
from .runtime_package import BASELINE_LAMBDA

RESOURCE_TYPE = "Custom::MonitorBaselineJob"


def _statements(kind: MonitorKind, job_role: iam.IRole) -> list[iam.PolicyStatement]:
    found = [
        iam.PolicyStatement(
            sid="CreateBaselineJob",
            actions=["sagemaker:AddTags", "sagemaker:CreateProcessingJob"],
            # An update adds a random suffix to the name: the job name is unique forever.
            resources=[sagemaker_arn("processing-job/${BaselineJobName}*")],
        ),
        iam.PolicyStatement(
            sid="PassJobRole",
            actions=["iam:PassRole"],
            resources=[job_role.role_arn],
            conditions={"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}},
        ),
    ]
    if kind.clarify:
        found += [
            iam.PolicyStatement(
                sid="ReadDatasetHeader", actions=["s3:GetObject"], resources=[s3_arn("${AssetsBucket}/${BaselineData}")]
            ),
            iam.PolicyStatement(
                sid="WriteAnalysisConfigs",
                actions=["s3:PutObject"],
                resources=[
                    s3_arn("${BaselineJobOutputLocation}/analysis_config.json"),
                    s3_arn("${BaselineJobOutputLocation}/monitor/analysis_config.json"),
                ],
            ),
            iam.PolicyStatement(
                sid="FindEndpointModel",
                actions=["sagemaker:DescribeEndpoint", "sagemaker:DescribeEndpointConfig"],
                # The endpoint's config is named at its deployment, by another stack.
                resources=[sagemaker_arn("endpoint/${EndpointName}"), sagemaker_arn("endpoint-config/*")],
            ),
        ]
    return found


def _job_function(kind: MonitorKind, statements: list[iam.PolicyStatement], kms: cdk.CfnCondition) -> JobFunction:
    key = iam.PolicyStatement(
        sid="UseKmsKey",
        # CreateGrant: SageMaker encrypts the job's volume through a grant made with the caller's rights;
        # GenerateDataKey: the analysis configs are uploaded encrypted with the key.
        actions=["kms:CreateGrant", "kms:DescribeKey", "kms:GenerateDataKey"],
        resources=[cdk.Fn.ref("KmsKeyArn")],
    )
    return JobFunction(
        function_id="BaselineFunction",
        package=BASELINE_LAMBDA,
        handler=BASELINE_LAMBDA.handler,
        description=f"Starts the {kind.monitoring_type} baseline job when its inputs change",
        role_description="Starts the monitor's baseline processing job",
        policy_name="start-baseline-job",
        statements=[
            *(statement.to_statement_json() for statement in statements),
            if_condition(kms, key.to_statement_json()),
        ],
    )


def baseline_job(
    scope: Construct,
    kind: MonitorKind,
    params: dict[str, cdk.CfnParameter],
    job_role: iam.IRole,
    kms: cdk.CfnCondition,
    *,
    model_name: str | None = None,
) -> cdk.CustomResource:
    """`model_name`: Clarify kinds only, the model made from ModelPackageName, or "" (the endpoint's model)."""
    value = {name: param.value_as_string for name, param in params.items()}
    properties = {
        "MonitoringType": kind.monitoring_type,
        "BaselineJobName": value["BaselineJobName"],
        "AssetsBucket": value["AssetsBucket"],
        "BaselineData": value["BaselineData"],
        "BaselineJobOutputLocation": value["BaselineJobOutputLocation"],
        "ImageUri": value["ImageUri"],
        "RoleArn": job_role.role_arn,
        "InstanceType": value["InstanceType"],
        "InstanceCount": value["JobInstanceCount"],
        "InstanceVolumeSize": value["InstanceVolumeSize"],
        "MaxRuntimeSeconds": value["BaselineMaxRuntimeSeconds"],
        "KmsKeyArn": value["KmsKeyArn"],
        "EndpointName": value["EndpointName"],
        "StackName": cdk.Aws.STACK_NAME,
        # A new version changes the properties, so the Update starts a baseline of that version.
        "ModelPackageName": value["ModelPackageName"],
        **({} if model_name is None else {"ModelName": model_name}),
        **{prop: value[param] for prop, param in kind.baseline_attributes},
    }
    statements = _statements(kind, job_role)
    job = job_resource(
        scope,
        "BaselineJob",
        _job_function(kind, statements, kms),
        blueprint_bucket=params["BlueprintBucket"],
        resource_type=RESOURCE_TYPE,
        properties=properties,
    )
    acknowledge_wildcards(
        job.policy,
        "The baseline job's name gets a random suffix on updates; the endpoint's config is named by another stack.",
        resources=[resource for statement in statements for resource in statement.resources],
    )
    return job.resource
