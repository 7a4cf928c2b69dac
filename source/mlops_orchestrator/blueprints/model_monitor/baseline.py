"""The baseline Lambda, its role, and the custom resource that runs it whenever a baseline input changes."""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from constructs import Construct

from mlops_orchestrator.infrastructure.nag import acknowledge
from mlops_orchestrator.infrastructure.python_function import python_function
from mlops_orchestrator.orchestrator.nag_wildcards import acknowledge_wildcards

from ..registry_monitors import BASELINE_LAMBDA
from ..sagemaker_model.conditions import if_condition
from ..sagemaker_model.model import s3_arn
from ..workload_support import blueprint_code, ignore_redundant_role_dependency
from .kinds import MonitorKind
from .roles import sagemaker_arn

HANDLER = "mlops_orchestrator.blueprints.model_monitor.runtime.handler.lambda_handler"
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


def _role(
    scope: Construct, kind: MonitorKind, job_role: iam.IRole, kms: cdk.CfnCondition
) -> tuple[iam.Role, iam.CfnPolicy]:
    role = iam.Role(
        scope,
        "BaselineFunctionRole",
        assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
        description="Starts the monitor's baseline processing job",
    )
    statements = _statements(kind, job_role)
    key = iam.PolicyStatement(
        sid="UseKmsKey",
        # CreateGrant: SageMaker encrypts the job's volume through a grant made with the caller's rights;
        # GenerateDataKey: the analysis configs are uploaded encrypted with the key.
        actions=["kms:CreateGrant", "kms:DescribeKey", "kms:GenerateDataKey"],
        resources=[cdk.Fn.ref("KmsKeyArn")],
    )
    policy = iam.CfnPolicy(
        scope,
        "BaselineFunctionPolicy",
        policy_name="start-baseline-job",
        roles=[role.role_name],
        policy_document={
            "Version": "2012-10-17",
            "Statement": [*(s.to_statement_json() for s in statements), if_condition(kms, key.to_statement_json())],
        },
    )
    acknowledge_wildcards(
        policy,
        "The baseline job's name gets a random suffix on updates; the endpoint's config is named by another stack.",
        resources=[r for statement in statements for r in statement.resources],
    )
    return role, policy


def baseline_job(
    scope: Construct,
    kind: MonitorKind,
    params: dict[str, cdk.CfnParameter],
    job_role: iam.IRole,
    kms: cdk.CfnCondition,
) -> cdk.CustomResource:
    function_role, policy = _role(scope, kind, job_role, kms)
    function = python_function(
        scope,
        "BaselineFunction",
        code=blueprint_code(scope, params["BlueprintBucket"], BASELINE_LAMBDA),
        handler=HANDLER,
        description=f"Starts the {kind.monitoring_type} baseline job when its inputs change",
        memory_size=256,
        timeout=cdk.Duration.minutes(2),
        role=function_role,
    )
    # A retry would start a second job: CloudFormation gets exactly one answer or times out.
    function.configure_async_invoke(retry_attempts=0)
    function.log_group.grant_write(function_role)
    ignore_redundant_role_dependency(function)
    default_policy = function_role.node.find_child("DefaultPolicy")
    acknowledge(
        default_policy,
        "AwsSolutions-IAM5[Resource::*]",
        "X-Ray's PutTraceSegments and PutTelemetryRecords have no resource-level permissions.",
    )
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
        **{prop: value[param] for prop, param in kind.baseline_attributes},
    }
    job = cdk.CustomResource(
        scope, "BaselineJob", service_token=function.function_arn, resource_type=RESOURCE_TYPE, properties=properties
    )
    resource = job.node.default_child
    assert isinstance(resource, cdk.CfnResource)
    resource.add_resource_dependency(policy)
    job.node.add_dependency(default_policy)
    return job
