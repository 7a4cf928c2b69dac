"""ModelMonitorStack: one class for the four monitor blueprints (data and model quality, bias, explainability)."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from constructs import Construct

from mlops_orchestrator.core.catalog import Blueprint
from mlops_orchestrator.core.monitoring import MonitoringType
from mlops_orchestrator.infrastructure.parameters import blueprint_parameters

from ..workload_support import provided, s3_arn
from .baseline import baseline_job
from .baselined_model import baselined_model
from .kinds import MonitorKind
from .monitor import MonitorConditions, job_definition, monitor_role, monitoring_schedule
from .roles import JobRole, clarify_shadow_endpoint, read_prefix, write_prefix

CONSOLE = "https://s3.console.aws.amazon.com/s3/buckets/"


def _binary_and(stack: cdk.Stack, name: str, parameter: cdk.CfnParameter) -> cdk.CfnCondition:
    """`{name}`: the problem is binary classification and `parameter` is not empty."""
    return cdk.CfnCondition(
        stack,
        name,
        expression=cdk.Fn.condition_and(
            cdk.Fn.condition_equals(cdk.Fn.ref("ProblemType"), "BinaryClassification"),
            cdk.Fn.condition_not(cdk.Fn.condition_equals(parameter.value_as_string, "")),
        ),
    )


def monitor_conditions(stack: cdk.Stack, kind: MonitorKind, params: dict[str, cdk.CfnParameter]) -> MonitorConditions:
    kms = provided(stack, "KmsKeyProvided", params["KmsKeyArn"])
    if kind.type is MonitoringType.DATA_QUALITY:
        return MonitorConditions(kms=kms)
    return MonitorConditions(
        kms=kms,
        inference=provided(stack, "InferenceAttributeProvided", params["MonitorInferenceAttribute"]),
        probability=_binary_and(
            stack, "ProblemTypeBinaryClassificationProbabilityAttributeProvided", params["MonitorProbabilityAttribute"]
        ),
        threshold=(
            None
            if kind.type is MonitoringType.MODEL_EXPLAINABILITY
            else _binary_and(
                stack,
                "ProblemTypeBinaryClassificationProbabilityThresholdProvided",
                params["ProbabilityThresholdAttribute"],
            )
        ),
        features=(provided(stack, "FeaturesAttributeProvided", params["FeaturesAttribute"]) if kind.clarify else None),
    )


def baseline_role(scope: Construct, kind: MonitorKind, kms: cdk.CfnCondition) -> JobRole:
    statements: list[iam.PolicyStatement] = [
        *read_prefix("BaselineData", "${AssetsBucket}", "${AssetsBucket}/${BaselineData}*"),
        write_prefix("WriteBaseline", "${BaselineJobOutputLocation}"),
    ]
    if kind.clarify:
        # Clarify reads its analysis_config.json from the baseline output location.
        statements += read_prefix("AnalysisConfig", "${BaselineOutputBucket}", "${BaselineJobOutputLocation}/*")
        statements.append(clarify_shadow_endpoint())
    if kind.type is MonitoringType.MODEL_EXPLAINABILITY:
        # A SHAP baseline given as a key is read from the assets bucket, as in the original.
        statements.append(
            iam.PolicyStatement(
                sid="ReadShapBaseline", actions=["s3:GetObject"], resources=[s3_arn("${AssetsBucket}/*")]
            )
        )
    return JobRole(
        scope,
        "BaselineExecution",
        description=f"Assumed by SageMaker to run the {kind.monitoring_type} baseline job",
        statements=statements,
        kms=kms,
        kms_key_arn=cdk.Fn.ref("KmsKeyArn"),
    )


class ModelMonitorStack(cdk.Stack):
    def __init__(
        self, scope: Construct, construct_id: str, *, blueprint: Blueprint, kind: MonitorKind, **kwargs: Any
    ) -> None:
        super().__init__(scope, construct_id, description=f"{blueprint.description} ({kind.tag})", **kwargs)
        params = blueprint_parameters(self, blueprint)
        conditions = monitor_conditions(self, kind, params)
        package_given = provided(self, "ModelPackageGiven", params["ModelPackageName"])
        # Only Clarify serves a model; the analyzer kinds only record whose baseline it is.
        model_name = baselined_model(self, given=package_given, kms=conditions.kms) if kind.clarify else None
        baseline_execution = baseline_role(self, kind, conditions.kms)
        baseline = baseline_job(self, kind, params, baseline_execution.role, conditions.kms, model_name=model_name)
        monitor_execution = monitor_role(self, kind, conditions.kms)
        definition = job_definition(self, kind, conditions, monitor_execution, baseline)
        schedule = monitoring_schedule(self, kind, definition)
        schedule.add_resource_dependency(monitor_execution.policy)

        cdk.CfnOutput(self, "BaselineName", value=baseline.get_att_string("JobName"))
        cdk.CfnOutput(
            self,
            # Not "ModelPackageName": that is the parameter's id.
            "BaselineModelPackageName",
            value=params["ModelPackageName"].value_as_string,
            description="The model package version the baseline is made for (registry mode)",
            condition=package_given,
        )
        cdk.CfnOutput(self, "MonitoringScheduleJobName", value=params["MonitoringScheduleName"].value_as_string)
        cdk.CfnOutput(self, "MonitoringScheduleType", value=kind.monitoring_type)
        cdk.CfnOutput(
            self,
            "BaselineJobOutput",
            value=cdk.Fn.sub(f"{CONSOLE}${{BaselineJobOutputLocation}}/"),
            description="Output location of the baseline job (constraints and statistics, or Clarify's analysis)",
        )
        cdk.CfnOutput(
            self,
            "MonitoringScheduleOutput",
            value=cdk.Fn.sub(f"{CONSOLE}${{MonitoringOutputLocation}}/${{EndpointName}}/${{MonitoringScheduleName}}/"),
            description="Where each monitoring run writes its report",
        )
        cdk.CfnOutput(self, "MonitoredSagemakerEndpoint", value=params["EndpointName"].value_as_string)
        cdk.CfnOutput(
            self,
            "DataCaptureS3Location",
            value=cdk.Fn.sub(f"{CONSOLE}${{DataCaptureLocation}}/${{EndpointName}}/"),
            description="Where the endpoint's captured requests and responses are read from",
        )
