"""Local mode's CloudFormation providers on moto in-process: a custom resource runs the blueprint's own handler
with CloudFormation's protocol (create, update, delete, failure), and unsupported types become emulator objects."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from mlops_orchestrator.blueprints.batch_transform.runtime_package import BATCH_LAMBDA
from mlops_orchestrator.core import aws
from mlops_orchestrator.local import standins
from mlops_orchestrator.local.providers.custom_resources import CustomResourceFailed

REGION = "us-east-1"
ROLE = "arn:aws:iam::123456789012:role/any"


@pytest.fixture
def cloud() -> Iterator[dict[str, Any]]:
    with mock_aws():
        aws.reset_clients()
        standins.install()
        try:
            sagemaker = boto3.client("sagemaker", region_name=REGION)
            sagemaker.create_model(
                ModelName="churn",
                ExecutionRoleArn=ROLE,
                PrimaryContainer={"Image": "image", "ModelDataUrl": "s3://b/m"},
            )
            boto3.client("s3", region_name=REGION).create_bucket(Bucket="code")
            boto3.client("iam", region_name=REGION).create_role(RoleName="any", AssumeRolePolicyDocument="{}")
            yield {"cloudformation": boto3.client("cloudformation", region_name=REGION), "sagemaker": sagemaker}
        finally:
            standins.uninstall()
            aws.reset_clients()


def _batch_stack(**job: Any) -> str:
    """A function running the batch blueprint's real handler, and the custom resource that calls it."""
    properties = {
        "ServiceToken": {"Fn::GetAtt": ["Starter", "Arn"]},
        "ModelName": "churn",
        "InstanceType": "ml.m5.large",
        "InstanceCount": 1,
        "InputLocation": "data/input",
        "OutputLocation": "data/output",
        **job,
    }
    return json.dumps(
        {
            "Resources": {
                "Starter": {
                    "Type": "AWS::Lambda::Function",
                    "Properties": {
                        "Handler": BATCH_LAMBDA.handler,
                        "Runtime": "python3.12",
                        "Role": ROLE,
                        "Code": {"S3Bucket": "code", "S3Key": "none.zip"},
                    },
                },
                "Job": {"Type": "Custom::BatchTransformJob", "Properties": properties},
            },
            "Outputs": {"JobName": {"Value": {"Fn::GetAtt": ["Job", "JobName"]}}},
        }
    )


def _jobs(cloud: dict[str, Any]) -> list[str]:
    return sorted(job["TransformJobName"] for job in cloud["sagemaker"].list_transform_jobs()["TransformJobSummaries"])


def test_create_runs_the_handler_and_its_answer_becomes_the_resource(cloud: dict[str, Any]) -> None:
    cloud["cloudformation"].create_stack(StackName="batch", TemplateBody=_batch_stack())

    [job] = _jobs(cloud)
    [output] = cloud["cloudformation"].describe_stacks(StackName="batch")["Stacks"][0]["Outputs"]
    assert output["OutputValue"] == job
    resources = cloud["cloudformation"].list_stack_resources(StackName="batch")["StackResourceSummaries"]
    assert {item["LogicalResourceId"]: item["PhysicalResourceId"] for item in resources}["Job"] == job


def test_update_sends_the_old_properties_and_a_new_job_replaces_the_old_one(cloud: dict[str, Any]) -> None:
    cloud["cloudformation"].create_stack(StackName="batch", TemplateBody=_batch_stack())
    [first] = _jobs(cloud)

    cloud["cloudformation"].update_stack(StackName="batch", TemplateBody=_batch_stack(InstanceCount=2))

    jobs = _jobs(cloud)
    assert len(jobs) == 2 and first in jobs
    [second] = [job for job in jobs if job != first]
    assert (
        cloud["sagemaker"].describe_transform_job(TransformJobName=second)["TransformResources"]["InstanceCount"] == 2
    )


def test_delete_is_answered_by_the_handler_even_when_moto_removes_the_function_first(cloud: dict[str, Any]) -> None:
    stack_id = cloud["cloudformation"].create_stack(StackName="batch", TemplateBody=_batch_stack())["StackId"]

    cloud["cloudformation"].delete_stack(StackName="batch")

    # A Delete the handler did not answer with SUCCESS would leave the stack DELETE_FAILED.
    stacks = cloud["cloudformation"].describe_stacks(StackName=stack_id)["Stacks"]
    assert stacks[0]["StackStatus"] == "DELETE_COMPLETE"
    assert len(_jobs(cloud)) == 1  # the job outlives its stack, as the blueprint intends


def test_a_failed_handler_fails_the_resource_with_its_reason(cloud: dict[str, Any]) -> None:
    backend_error = None
    from moto.cloudformation.models import cloudformation_backends

    backend = cloudformation_backends["123456789012"][REGION]
    try:
        backend.create_stack(name="bad", template=_batch_stack(InstanceCount=0), parameters={})
    except CustomResourceFailed as error:
        backend_error = error
    assert backend_error is not None
    assert "Received response status [FAILED] from custom resource" in backend_error.message
    assert "instance_count" in backend_error.message.lower() or "InstanceCount" in backend_error.message
    [stack] = [stack for stack in backend.stacks.values() if stack.name == "bad"]
    failed = [event for event in stack.events if event.resource_status == "CREATE_FAILED"]
    assert [event.logical_resource_id for event in failed] == ["Job"]
    assert _jobs(cloud) == []


def test_unsupported_types_become_emulator_objects(cloud: dict[str, Any]) -> None:
    template = {
        "Resources": {
            "Target": {
                "Type": "AWS::ApplicationAutoScaling::ScalableTarget",
                "Properties": {
                    "ServiceNamespace": "sagemaker",
                    "ResourceId": "endpoint/e/variant/AllTraffic",
                    "ScalableDimension": "sagemaker:variant:DesiredInstanceCount",
                    "MinCapacity": 1,
                    "MaxCapacity": 3,
                },
            },
            "Alarm": {
                "Type": "AWS::CloudWatch::Alarm",
                "Properties": {
                    "AlarmName": "errors",
                    "ComparisonOperator": "GreaterThanOrEqualToThreshold",
                    "EvaluationPeriods": 1,
                    "MetricName": "Invocation5XXErrors",
                    "Namespace": "AWS/SageMaker",
                    "Period": 60,
                    "Statistic": "Sum",
                    "Threshold": 1,
                },
            },
            "Schedule": {
                "Type": "AWS::SageMaker::MonitoringSchedule",
                "Properties": {
                    "MonitoringScheduleName": "nightly",
                    "MonitoringScheduleConfig": {"MonitoringJobDefinitionName": "x", "MonitoringType": "DataQuality"},
                },
            },
        }
    }
    cloud["cloudformation"].create_stack(StackName="parts", TemplateBody=json.dumps(template))

    scaling = boto3.client("application-autoscaling", region_name=REGION)
    targets = scaling.describe_scalable_targets(ServiceNamespace="sagemaker")["ScalableTargets"]
    assert [(target["ResourceId"], target["MaxCapacity"]) for target in targets] == [
        ("endpoint/e/variant/AllTraffic", 3)
    ]
    alarms = boto3.client("cloudwatch", region_name=REGION).describe_alarms()["MetricAlarms"]
    assert [alarm["AlarmName"] for alarm in alarms] == ["errors"]
    schedule = cloud["sagemaker"].describe_monitoring_schedule(MonitoringScheduleName="nightly")
    assert schedule["MonitoringScheduleStatus"] == "Scheduled"

    cloud["cloudformation"].delete_stack(StackName="parts")

    assert cloud["sagemaker"].list_monitoring_schedules()["MonitoringScheduleSummaries"] == []
    assert scaling.describe_scalable_targets(ServiceNamespace="sagemaker")["ScalableTargets"] == []
