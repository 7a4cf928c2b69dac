"""The monitoring job definition of the type, and the schedule that runs it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from constructs import Construct

from mlops_orchestrator.core.monitoring import MonitoringType

from ..workload_support import OWNER_TAG, if_condition
from .kinds import MonitorKind
from .roles import JobRole, clarify_shadow_endpoint, read_prefix, write_prefix


@dataclass(frozen=True)
class MonitorConditions:
    kms: cdk.CfnCondition
    inference: cdk.CfnCondition | None = None
    probability: cdk.CfnCondition | None = None
    threshold: cdk.CfnCondition | None = None
    features: cdk.CfnCondition | None = None


def monitor_role(scope: Construct, kind: MonitorKind, kms: cdk.CfnCondition) -> JobRole:
    statements: list[iam.PolicyStatement] = [
        *read_prefix("DataCapture", "${DataCaptureBucket}", "${DataCaptureLocation}/*"),
        *read_prefix("Baseline", "${BaselineOutputBucket}", "${BaselineJobOutputLocation}/*"),
        write_prefix("WriteMonitoringReports", "${MonitoringOutputLocation}"),
    ]
    if kind.ground_truth:
        statements += read_prefix("GroundTruth", "${GroundTruthBucket}", "${MonitorGroundTruthInput}/*")
    if kind.clarify:
        statements.append(clarify_shadow_endpoint())
    return JobRole(
        scope,
        "MonitorExecution",
        description=f"Assumed by SageMaker to run the {kind.monitoring_type} monitoring jobs",
        statements=statements,
        kms=kms,
        kms_key_arn=cdk.Fn.ref("KmsKeyArn"),
    )


def _when(condition: cdk.CfnCondition | None, value: Any) -> Any:
    return value if condition is None else if_condition(condition, value)


def _endpoint_input(kind: MonitorKind, conditions: MonitorConditions) -> dict[str, Any]:
    endpoint: dict[str, Any] = {
        "EndpointName": cdk.Fn.ref("EndpointName"),
        "LocalPath": f"/opt/ml/processing/input/{kind.snake}_input",
        "S3InputMode": "File",
        "S3DataDistributionType": "FullyReplicated",
    }
    if kind.type is MonitoringType.DATA_QUALITY:
        return endpoint
    if conditions.features is not None:
        endpoint["FeaturesAttribute"] = _when(conditions.features, cdk.Fn.ref("FeaturesAttribute"))
    endpoint["InferenceAttribute"] = _when(conditions.inference, cdk.Fn.ref("MonitorInferenceAttribute"))
    endpoint["ProbabilityAttribute"] = _when(conditions.probability, cdk.Fn.ref("MonitorProbabilityAttribute"))
    if kind.type is not MonitoringType.MODEL_EXPLAINABILITY:
        endpoint["ProbabilityThresholdAttribute"] = _when(
            conditions.threshold, cdk.Fn.ref("ProbabilityThresholdAttribute")
        )
    return endpoint


def _type_properties(kind: MonitorKind, conditions: MonitorConditions) -> dict[str, Any]:
    """The app specification, baseline and job input of the type."""
    t = kind.monitoring_type
    baseline = "s3://${BaselineJobOutputLocation}"
    app: dict[str, Any] = {"ImageUri": cdk.Fn.ref("ImageUri")}
    job_input: dict[str, Any] = {"EndpointInput": _endpoint_input(kind, conditions)}
    if kind.ground_truth:
        job_input["GroundTruthS3Input"] = {"S3Uri": cdk.Fn.sub("s3://${MonitorGroundTruthInput}")}
    if kind.clarify:
        app["ConfigUri"] = cdk.Fn.sub(f"{baseline}/monitor/analysis_config.json")
        baseline_config: dict[str, Any] = {"ConstraintsResource": {"S3Uri": cdk.Fn.sub(f"{baseline}/analysis.json")}}
    else:
        baseline_config = {"ConstraintsResource": {"S3Uri": cdk.Fn.sub(f"{baseline}/constraints.json")}}
    if t == MonitoringType.DATA_QUALITY:
        baseline_config["StatisticsResource"] = {"S3Uri": cdk.Fn.sub(f"{baseline}/statistics.json")}
    if t == MonitoringType.MODEL_QUALITY:
        app["ProblemType"] = cdk.Fn.ref("ProblemType")
    return {f"{t}AppSpecification": app, f"{t}BaselineConfig": baseline_config, f"{t}JobInput": job_input}


def job_definition(
    scope: Construct, kind: MonitorKind, conditions: MonitorConditions, role: JobRole, baseline: cdk.CustomResource
) -> cdk.CfnResource:
    t = kind.monitoring_type
    definition = cdk.CfnResource(
        scope,
        f"{t}JobDefinition",
        type=f"AWS::SageMaker::{t}JobDefinition",
        properties={
            **_type_properties(kind, conditions),
            f"{t}JobOutputConfig": {
                "MonitoringOutputs": [
                    {
                        "S3Output": {
                            "S3Uri": cdk.Fn.sub("s3://${MonitoringOutputLocation}"),
                            "LocalPath": f"/opt/ml/processing/output/{kind.snake}_output",
                            "S3UploadMode": "EndOfJob",
                        }
                    }
                ],
                "KmsKeyId": if_condition(conditions.kms, cdk.Fn.ref("KmsKeyArn")),
            },
            "JobResources": {
                "ClusterConfig": {
                    "InstanceCount": cdk.Fn.ref("JobInstanceCount"),
                    "InstanceType": cdk.Fn.ref("InstanceType"),
                    "VolumeSizeInGB": cdk.Fn.ref("InstanceVolumeSize"),
                    "VolumeKmsKeyId": if_condition(conditions.kms, cdk.Fn.ref("KmsKeyArn")),
                }
            },
            "RoleArn": role.role.role_arn,
            "StoppingCondition": {"MaxRuntimeInSeconds": cdk.Fn.ref("MonitorMaxRuntimeSeconds")},
            "Tags": [{"Key": OWNER_TAG, "Value": cdk.Aws.STACK_NAME}],
        },
    )
    # The baseline job has been accepted and the role may read and write before a run can be scheduled.
    definition.add_resource_dependency(role.policy)
    baseline_resource = baseline.node.default_child
    assert isinstance(baseline_resource, cdk.CfnResource)
    definition.add_resource_dependency(baseline_resource)
    if conditions.threshold is not None:
        # CDK's validator reads the threshold as its default '' although the Fn::If drops it when empty.
        cdk.Validations.of(definition).acknowledge(
            cdk.Acknowledgment(
                id="CloudFormation-Validate::F3012",
                reason="ProbabilityThresholdAttribute is set only when given (Fn::If), never as ''.",
            )
        )
    return definition


def monitoring_schedule(scope: Construct, kind: MonitorKind, definition: cdk.CfnResource) -> cdk.CfnResource:
    return cdk.CfnResource(
        scope,
        f"{kind.monitoring_type}MonitorSchedule",
        type="AWS::SageMaker::MonitoringSchedule",
        properties={
            "MonitoringScheduleName": cdk.Fn.ref("MonitoringScheduleName"),
            "MonitoringScheduleConfig": {
                "ScheduleConfig": {"ScheduleExpression": cdk.Fn.ref("ScheduleExpression")},
                "MonitoringJobDefinitionName": definition.get_att("JobDefinitionName"),
                "MonitoringType": kind.monitoring_type,
            },
            "Tags": [{"Key": OWNER_TAG, "Value": cdk.Aws.STACK_NAME}],
        },
    )
