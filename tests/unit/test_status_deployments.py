"""What /pipelinestatus says each stage deployed, and the failure it names per stage (CloudFormation mocked)."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from botocore.exceptions import ClientError

from mlops_orchestrator.cli.show_view import render_show
from mlops_orchestrator.cli.status_view import render_status
from mlops_orchestrator.core.deployments import NOT_DEPLOYED, DeploymentReader, stackset_name
from mlops_orchestrator.core.errors import BadRequestError, NotFoundError
from mlops_orchestrator.core.naming import NAME_TAG, TYPE_TAG
from mlops_orchestrator.core.pipeline_lookup import PipelineFinder

PIPELINE_ID = "arn:aws:cloudformation:us-east-1:111122223333:stack/mlops-pipeline-m-bp-codepipeline/abcd1234-5678"
MISSING = ClientError({"Error": {"Code": "ValidationError", "Message": "Stack with id x does not exist"}}, "X")


def _pipeline(**parameters: str) -> dict[str, Any]:
    return {
        "StackId": PIPELINE_ID,
        "StackName": "mlops-pipeline-m-bp-codepipeline",
        "StackStatus": "CREATE_COMPLETE",
        "Parameters": [{"ParameterKey": key, "ParameterValue": value} for key, value in parameters.items()],
        "Tags": [{"Key": TYPE_TAG, "Value": "byom_batch_builtin"}, {"Key": NAME_TAG, "Value": "m"}],
    }


def test_a_failed_blueprint_stack_names_its_first_failed_resource_for_its_stage() -> None:
    cloudformation = mock.Mock()
    cloudformation.describe_stacks.return_value = {
        "Stacks": [
            {
                "StackId": "bp-id",
                "StackName": "mlops-pipeline-m-bp",
                "StackStatus": "UPDATE_ROLLBACK_COMPLETE",
                "Outputs": [{"OutputKey": "BatchTransformJobName", "OutputValue": "job-1"}],
            }
        ]
    }
    cloudformation.describe_stack_events.return_value = {
        "StackEvents": [
            {"LogicalResourceId": "mlops-pipeline-m-bp", "ResourceStatus": "UPDATE_ROLLBACK_COMPLETE"},
            {"LogicalResourceId": "Job", "ResourceStatus": "UPDATE_FAILED", "ResourceStatusReason": "echo",
             "ResourceType": "Custom::Job"},
            {"LogicalResourceId": "Model", "ResourceStatus": "UPDATE_FAILED", "ResourceType": "AWS::SageMaker::Model",
             "ResourceStatusReason": "Could not find model data"},
            {"LogicalResourceId": "mlops-pipeline-m-bp", "ResourceStatus": "UPDATE_IN_PROGRESS"},
        ]
    }  # fmt: skip

    [entry] = DeploymentReader(cloudformation, False).read(_pipeline(StackName="mlops-pipeline-m-bp"))

    assert entry["stage"] == "default" and entry["status"] == "UPDATE_ROLLBACK_COMPLETE"
    assert entry["outputs"] == {"BatchTransformJobName": "job-1"}
    assert entry["failure"] == {
        "stage": "default",
        "stack": "mlops-pipeline-m-bp",
        "resource": "Model",
        "resource_type": "AWS::SageMaker::Model",
        "status": "UPDATE_FAILED",
        "reason": "Could not find model data",
    }
    text = render_status({"summary": {"stack_name": "p", "failures": [entry["failure"]]}})
    assert "  stage default, stack mlops-pipeline-m-bp: Model (AWS::SageMaker::Model) UPDATE_FAILED" in text
    assert "\n    Could not find model data" in text


def test_a_blueprint_not_deployed_yet_says_so() -> None:
    cloudformation = mock.Mock()
    cloudformation.describe_stacks.side_effect = MISSING
    [entry] = DeploymentReader(cloudformation, False).read(_pipeline(StackName="mlops-pipeline-m-bp"))
    assert entry == {"stage": "default", "stack": "mlops-pipeline-m-bp", "status": NOT_DEPLOYED, "outputs": {}}


def test_multi_account_stages_report_their_stackset_instances_and_the_failed_one() -> None:
    cloudformation = mock.Mock()
    names = [stackset_name("mlops-pipeline-m-bp", stage, PIPELINE_ID) for stage in ("dev", "staging", "prod")]
    assert names[0] == "mlops-pipeline-m-bp-dev-abcd1234"

    def describe_stack_set(StackSetName: str, CallAs: str) -> dict[str, Any]:
        assert CallAs == "DELEGATED_ADMIN"
        if StackSetName == names[2]:
            raise ClientError({"Error": {"Code": "StackSetNotFoundException", "Message": "no"}}, "DescribeStackSet")
        return {"StackSet": {"Status": "ACTIVE"}}

    def list_stack_instances(StackSetName: str, CallAs: str) -> dict[str, Any]:
        if StackSetName == names[0]:
            return {
                "Summaries": [
                    {
                        "Account": "111",
                        "Region": "us-east-1",
                        "Status": "CURRENT",
                        "StackInstanceStatus": {"DetailedStatus": "SUCCEEDED"},
                    }
                ]
            }
        return {"Summaries": [{"Account": "222", "Region": "us-east-1", "Status": "OUTDATED",
                               "StackInstanceStatus": {"DetailedStatus": "FAILED"},
                               "StatusReason": "ResourceLogicalId:Endpoint, ResourceType:AWS::SageMaker::Endpoint"}]}  # fmt: skip

    cloudformation.describe_stack_set.side_effect = describe_stack_set
    cloudformation.list_stack_instances.side_effect = list_stack_instances
    parameters = {"StackName": "mlops-pipeline-m-bp", "DevParamsName": "dev_template_params.json"}

    dev, staging, prod = DeploymentReader(cloudformation, True).read(_pipeline(**parameters))

    assert (dev["status"], staging["status"], prod["status"]) == ("CURRENT", "FAILED", NOT_DEPLOYED)
    assert "failure" not in dev
    assert staging["failure"] == {
        "stage": "staging",
        "stackset": names[1],
        "account": "222",
        "region": "us-east-1",
        "status": "FAILED",
        "reason": "ResourceLogicalId:Endpoint, ResourceType:AWS::SageMaker::Endpoint",
    }
    text = render_show({"summary": {"stack_name": "p", "deployments": [dev, staging, prod], "request": None}})
    assert f"  staging: StackSet {names[1]} in account 222 (us-east-1) FAILED" in text
    assert "Request: not stored" in text
    status_text = render_status({"summary": {"stack_name": "p", "failures": [staging["failure"]]}})
    assert f"  stage staging, StackSet {names[1]}, account 222 (us-east-1): FAILED" in status_text


def _stack(name: str, **extra: Any) -> dict[str, Any]:
    return {"StackId": f"id-{name}", "StackName": name, "StackStatus": "CREATE_COMPLETE", **extra}


def _finder(stacks: dict[str, dict[str, Any]]) -> PipelineFinder:
    cloudformation = mock.Mock()

    def describe_stacks(StackName: str) -> dict[str, Any]:
        if StackName not in stacks:
            raise MISSING
        return {"Stacks": [stacks[StackName]]}

    cloudformation.describe_stacks.side_effect = describe_stacks
    cloudformation.get_paginator.return_value.paginate.return_value = [{"Stacks": list(stacks.values())}]
    return PipelineFinder(cloudformation, "mlops-pipeline")


def test_names_resolve_to_their_pipeline_stack() -> None:
    tags = [{"Key": TYPE_TAG, "Value": "byom_batch_builtin"}, {"Key": NAME_TAG, "Value": "churn"}]
    pipeline = _stack("mlops-pipeline-churn-bp-codepipeline", Tags=tags)
    finder = _finder({pipeline["StackName"]: pipeline, "mlops-pipeline-churn-bp": _stack("mlops-pipeline-churn-bp")})

    assert finder.find(pipeline["StackName"]).resolved_from is None
    for name in ("mlops-pipeline-churn-bp", "churn"):
        found = finder.find(name)
        assert found.stack is pipeline and found.resolved_from


def test_an_unknown_name_fails_at_once_and_an_ambiguous_one_names_the_candidates() -> None:
    with pytest.raises(NotFoundError, match="Pass the pipeline_id from provisioning"):
        _finder({}).find("mlops-pipeline-ghost")
    tags = [{"Key": NAME_TAG, "Value": "churn"}, {"Key": TYPE_TAG, "Value": "t"}]
    first, second = (
        _stack("mlops-pipeline-churn-a-codepipeline", Tags=tags),
        _stack("mlops-pipeline-churn-b-codepipeline", Tags=tags),
    )
    with pytest.raises(BadRequestError, match="churn names several pipelines"):
        _finder({first["StackName"]: first, second["StackName"]: second}).find("churn")


def test_a_deleted_pipeline_found_by_its_id_is_not_found_rather_than_failed() -> None:
    deleted = _stack("mlops-pipeline-churn-bp-codepipeline", StackStatus="DELETE_COMPLETE")
    with pytest.raises(NotFoundError, match="its stack mlops-pipeline-churn-bp-codepipeline was deleted"):
        _finder({"arn:aws:cloudformation:us-east-1:1:stack/x/y": deleted}).find(
            "arn:aws:cloudformation:us-east-1:1:stack/x/y"
        )
