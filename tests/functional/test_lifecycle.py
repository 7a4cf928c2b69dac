"""Deprovisioning, listing and failure reasons against moto, through the handler."""

from __future__ import annotations

import base64
import json
from typing import Any
from unittest import mock

import pytest
from botocore.exceptions import ClientError
from botocore.parsers import ResponseParserError

from mlops_orchestrator.core import aws
from mlops_orchestrator.core.errors import RequestValidationError
from mlops_orchestrator.core.listing import PipelineLister
from mlops_orchestrator.core.status import StatusReader
from tests.functional.api_events import api, body_of, stack_names
from tests.support import example

ZIP = "mlops_provisioned_pipelines/mlops-pipeline-churn-batch-byompipelinebatchbuiltin/template.zip"


def zip_versions(clients: dict[str, Any]) -> list[Any]:
    listed = clients["s3"].list_object_versions(Bucket="testassetsbucket", Prefix=ZIP)
    return [*listed.get("Versions", []), *listed.get("DeleteMarkers", [])]


def test_deprovision_by_pipeline_id_removes_stack_and_every_zip_version(environment: dict[str, Any]) -> None:
    pipeline_id = body_of(api("/provisionpipeline", example("byom_batch_builtin")))["pipeline_id"]
    changed = {**example("byom_batch_builtin"), "inference_instance": "ml.c5.xlarge"}
    api("/provisionpipeline", changed)
    assert len(zip_versions(environment)) == 2
    dry = body_of(api("/deprovisionpipeline", {"pipeline_id": pipeline_id, "dry_run": True}))
    assert dry["status"] == "dry_run" and any(item.startswith("stack:") for item in dry["would_delete"])
    assert stack_names(environment)
    response = api("/deprovisionpipeline", {"pipeline_id": pipeline_id})
    assert response["statusCode"] == 200
    body = body_of(response)
    assert body["status"] == "deleted"
    assert body["deleted"] == [
        f"s3://testassetsbucket/{ZIP.replace('template.zip', 'releases.json')}",
        f"s3://testassetsbucket/{ZIP}",
        "stack:mlops-pipeline-churn-batch-byompipelinebatchbuiltin-codepipeline",
    ]
    assert stack_names(environment) == []
    assert zip_versions(environment) == []
    folder = environment["s3"].list_object_versions(Bucket="testassetsbucket", Prefix=ZIP.rpartition("/")[0])
    assert not folder.get("Versions") and not folder.get("DeleteMarkers")
    again = api("/deprovisionpipeline", {"pipeline_id": pipeline_id})
    assert again["statusCode"] == 404


def test_deprovision_by_the_provisioning_body(environment: dict[str, Any]) -> None:
    api("/provisionpipeline", example("byom_batch_builtin"))
    body = body_of(api("/deprovisionpipeline", example("byom_batch_builtin")))
    assert body["status"] == "deleted"
    assert stack_names(environment) == []


def test_deprovision_deletes_the_deployed_blueprint_stack_first(environment: dict[str, Any]) -> None:
    api("/provisionpipeline", example("byom_batch_builtin"))
    environment["cloudformation"].create_stack(
        StackName="mlops-pipeline-churn-batch-byompipelinebatchbuiltin",
        TemplateBody=json.dumps({"Resources": {"Queue": {"Type": "AWS::SQS::Queue"}}}),
    )
    body = body_of(api("/deprovisionpipeline", example("byom_batch_builtin")))
    assert body["deleted"][0] == "stack:mlops-pipeline-churn-batch-byompipelinebatchbuiltin"
    assert stack_names(environment) == []


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "pipeline_id"), ({"pipeline_id": ""}, "pipeline_id"), ({"pipeline_id": "x", "dry_run": 1}, "dry_run")],
)
def test_deprovision_bad_requests(environment: dict[str, Any], body: dict[str, Any], field: str) -> None:
    response = api("/deprovisionpipeline", body)
    assert response["statusCode"] == 400
    assert body_of(response)["errors"][0]["field"] == field


def test_deprovision_of_nothing_is_404(environment: dict[str, Any]) -> None:
    assert api("/deprovisionpipeline", {"pipeline_id": "mlops-pipeline-ghost-codepipeline"})["statusCode"] == 404


def test_list_pipelines_pages_through_every_pipeline(environment: dict[str, Any]) -> None:
    for index in range(5):
        api("/provisionpipeline", {**example("byom_realtime_custom"), "model_name": f"model-{index}"})
    api("/provisionpipeline", example("byom_image_builder"))
    seen: list[dict[str, Any]] = []
    token = None
    while True:
        request: dict[str, Any] = {"max_results": 2, **({"next_token": token} if token else {})}
        page = body_of(api("/listpipelines", request))
        assert len(page["pipelines"]) <= 2
        seen += page["pipelines"]
        token = page.get("next_token")
        if not token:
            break
    assert len(seen) == 6 and len({item["pipeline_id"] for item in seen}) == 6
    kinds = {item["name"]: item["pipeline_type"] for item in seen}
    assert kinds["model-3"] == "byom_realtime_custom" and kinds["churn-1"] == "byom_image_builder"
    assert {item["stack_status"] for item in seen} == {"CREATE_COMPLETE"}


def test_list_pipelines_rejects_bad_paging(environment: dict[str, Any]) -> None:
    for body in ({"max_results": 0}, {"max_results": "ten"}, {"next_token": "not-a-token"}):
        assert api("/listpipelines", body)["statusCode"] == 400


def token(*payload: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(payload)).encode()).decode()


@pytest.mark.parametrize("forged", [token("stack-id", 0), token("stack-id", 0, "0123456789abcdef"), token(None, -1)])
def test_a_next_token_the_listing_did_not_issue_is_refused_before_any_aws_call(forged: str) -> None:
    cloudformation = mock.Mock()
    lister = PipelineLister("mlops-pipeline", cloudformation, mock.Mock())
    with pytest.raises(RequestValidationError) as raised:
        lister.list(next_token=forged)
    assert [problem.field for problem in raised.value.problems] == ["next_token"]
    cloudformation.describe_stacks.assert_not_called()


def test_an_expired_next_token_asks_the_caller_to_list_again() -> None:
    def stacks(**arguments: Any) -> dict[str, Any]:
        if arguments.get("NextToken") == "page-2":
            raise ClientError({"Error": {"Code": "ValidationError", "Message": "bad token"}}, "DescribeStacks")
        summary = {"StackName": "mlops-pipeline-a", "StackId": "a", "Tags": [{"Key": "mlops:pipeline-type"}]}
        return {
            "Stacks": [summary, {**summary, "StackId": "b", "StackName": "mlops-pipeline-b"}],
            "NextToken": "page-2",
        }

    cloudformation = mock.Mock(describe_stacks=mock.Mock(side_effect=stacks))
    lister = PipelineLister("mlops-pipeline", cloudformation, mock.Mock())
    with mock.patch.object(lister, "_describe", side_effect=lambda stack: {"pipeline_id": stack["StackId"]}):
        first = lister.list(max_results=2)
        assert first["pipelines"] == [{"pipeline_id": "a"}, {"pipeline_id": "b"}]
        with pytest.raises(RequestValidationError) as raised:
            lister.list(next_token=first["next_token"])
    assert raised.value.problems[0].field == "next_token" and "expired" in raised.value.problems[0].message


def test_a_call_without_a_usable_answer_is_reported_with_its_operation(environment: dict[str, Any]) -> None:
    def unparseable(**_: Any) -> None:
        raise ResponseParserError("the answer was HTML")

    client = aws.client("cloudformation", "us-east-1")
    client.meta.events.register("before-send.cloudformation.DescribeStacks", unparseable)
    try:
        with pytest.raises(ResponseParserError) as raised:
            client.describe_stacks()
    finally:
        client.meta.events.unregister("before-send.cloudformation.DescribeStacks", unparseable)
    error = aws.transport_error(raised.value)
    assert (error.operation, error.code, error.status_code) == ("DescribeStacks", "ResponseParserError", 502)


def test_status_reports_the_first_failing_resource_and_failed_actions() -> None:
    stack_name = "mlops-pipeline-p-codepipeline"
    cloudformation = mock.Mock()
    cloudformation.describe_stacks.return_value = {
        "Stacks": [{"StackId": "id", "StackName": stack_name, "StackStatus": "ROLLBACK_COMPLETE", "Parameters": []}]
    }
    cloudformation.get_paginator.return_value.paginate.return_value = [
        {"StackResourceSummaries": [{"ResourceType": "AWS::CodePipeline::Pipeline", "PhysicalResourceId": "pipe"}]}
    ]
    cloudformation.describe_stack_events.return_value = {
        "StackEvents": [
            {"LogicalResourceId": stack_name, "ResourceStatus": "ROLLBACK_COMPLETE"},
            {"LogicalResourceId": "Role", "ResourceStatus": "DELETE_FAILED", "ResourceStatusReason": "later"},
            {"LogicalResourceId": "Pipeline", "ResourceType": "AWS::CodePipeline::Pipeline",
             "ResourceStatus": "CREATE_FAILED", "ResourceStatusReason": "first cause"},
            {"LogicalResourceId": stack_name, "ResourceStatus": "CREATE_IN_PROGRESS"},
            {"LogicalResourceId": "Old", "ResourceStatus": "CREATE_FAILED", "ResourceStatusReason": "older operation"},
        ]
    }  # fmt: skip
    codepipeline = mock.Mock()
    codepipeline.get_pipeline_state.return_value = {
        "pipelineName": "pipe",
        "stageStates": [
            {
                "stageName": "DeployCloudFormation",
                "latestExecution": {"status": "Failed"},
                "actionStates": [
                    {
                        "actionName": "deploy_stack",
                        "latestExecution": {"status": "Failed", "errorDetails": {"message": "Template error"}},
                    }
                ],
            }
        ],
    }
    summary = StatusReader(cloudformation, codepipeline, "mlops-pipeline").status(stack_name)["summary"]
    assert summary["pipeline_status"] == "Failed"
    assert summary["failures"] == [
        {
            "stack": stack_name,
            "resource": "Pipeline",
            "resource_type": "AWS::CodePipeline::Pipeline",
            "status": "CREATE_FAILED",
            "reason": "first cause",
        },
        {"stage": "DeployCloudFormation", "action": "deploy_stack", "reason": "Template error"},
    ]
