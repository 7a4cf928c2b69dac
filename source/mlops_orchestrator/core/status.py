"""/pipelinestatus: the raw CodePipeline state (as the original returned it) plus a short summary."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from .aws import is_stack_missing, service_error
from .errors import NotFoundError
from .jsonable import jsonable

if TYPE_CHECKING:
    from types_boto3_cloudformation import CloudFormationClient
    from types_boto3_cloudformation.type_defs import StackTypeDef
    from types_boto3_codepipeline import CodePipelineClient
    from types_boto3_codepipeline.type_defs import GetPipelineStateOutputTypeDef

NOT_PROVISIONED = "pipeline cloudformation stack has not provisioned the pipeline yet."
_PIPELINE_TYPE = "AWS::CodePipeline::Pipeline"
_STARTS = {"CREATE_IN_PROGRESS", "UPDATE_IN_PROGRESS", "DELETE_IN_PROGRESS", "IMPORT_IN_PROGRESS"}


class StatusReader:
    def __init__(self, cloudformation: CloudFormationClient, codepipeline: CodePipelineClient) -> None:
        self._cfn = cloudformation
        self._codepipeline = codepipeline

    def status(self, pipeline_id: str) -> dict[str, Any]:
        stack = self._stack(pipeline_id)
        pipeline_name = self._pipeline_name(pipeline_id)
        summary: dict[str, object] = {
            "stack_name": stack.get("StackName"),
            "stack_status": stack.get("StackStatus"),
        }
        if stack.get("StackStatusReason"):
            summary["stack_status_reason"] = stack["StackStatusReason"]
        failures = self._stack_failures(stack)
        if pipeline_name is None:
            if failures:
                summary["failures"] = failures
            return {"message": NOT_PROVISIONED, "summary": summary}
        try:
            state = self._codepipeline.get_pipeline_state(name=pipeline_name)
        except ClientError as error:
            raise service_error("GetPipelineState", error) from error
        summary.update(summarize_pipeline(state))
        failures += action_failures(state)
        blueprint = _parameter(stack, "StackName")
        if blueprint and summary.get("pipeline_status") == "Failed":
            failures += self._stack_failures(self._optional_stack(blueprint))
        if failures:
            summary["failures"] = failures
        # ResponseMetadata is transport detail (request id, retries), not the pipeline's state.
        body: dict[str, Any] = {key: jsonable(value) for key, value in state.items() if key != "ResponseMetadata"}
        body["summary"] = summary
        return body

    def _optional_stack(self, name: str) -> StackTypeDef | None:
        try:
            stacks = self._cfn.describe_stacks(StackName=name)["Stacks"]
        except ClientError:
            return None
        return stacks[0] if stacks else None

    def _stack_failures(self, stack: StackTypeDef | None) -> list[dict[str, str | None]]:
        """The first failing resource of the stack's latest operation, with CloudFormation's reason."""
        if stack is None:
            return []
        status = str(stack.get("StackStatus", ""))
        if "FAILED" not in status and "ROLLBACK" not in status:
            return []
        try:
            events = self._cfn.describe_stack_events(StackName=stack["StackId"]).get("StackEvents", [])
        except ClientError:
            return []
        failed = []
        for event in events:  # newest first, back to the start of the latest operation
            if str(event.get("ResourceStatus", "")).endswith("_FAILED") and event.get("ResourceStatusReason"):
                failed.append(event)
            if event.get("LogicalResourceId") == stack.get("StackName") and event.get("ResourceStatus") in _STARTS:
                break
        if not failed:
            return []
        first = failed[-1]
        return [
            {
                "stack": stack.get("StackName"),
                "resource": first.get("LogicalResourceId"),
                "resource_type": first.get("ResourceType"),
                "status": first.get("ResourceStatus"),
                "reason": first.get("ResourceStatusReason"),
            }
        ]

    def _stack(self, pipeline_id: str) -> StackTypeDef:
        try:
            stacks = self._cfn.describe_stacks(StackName=pipeline_id)["Stacks"]
        except ClientError as error:
            if is_stack_missing(error):
                raise NotFoundError(f"No pipeline with id {pipeline_id} was found.") from error
            raise service_error("DescribeStacks", error) from error
        if not stacks:
            raise NotFoundError(f"No pipeline with id {pipeline_id} was found.")
        return stacks[0]

    def _pipeline_name(self, pipeline_id: str) -> str | None:
        name = None
        try:
            for page in self._cfn.get_paginator("list_stack_resources").paginate(StackName=pipeline_id):
                for resource in page.get("StackResourceSummaries", []):
                    if resource.get("ResourceType") == _PIPELINE_TYPE and resource.get("PhysicalResourceId"):
                        name = resource["PhysicalResourceId"]
        except ClientError as error:
            raise service_error("ListStackResources", error) from error
        return name


def action_failures(state: GetPipelineStateOutputTypeDef) -> list[dict[str, str | None]]:
    """Each failed action of the pipeline's latest run, with the error message it reported."""
    failures = []
    for stage in state.get("stageStates", []):
        for action in stage.get("actionStates", []):
            execution = action.get("latestExecution") or {}
            if execution.get("status") == "Failed":
                details = execution.get("errorDetails") or {}
                failures.append(
                    {
                        "stage": stage.get("stageName"),
                        "action": action.get("actionName"),
                        "reason": details.get("message") or execution.get("summary") or "failed",
                    }
                )
    return failures


def _parameter(stack: StackTypeDef, key: str) -> str | None:
    for parameter in stack.get("Parameters", []):
        if parameter.get("ParameterKey") == key:
            return parameter.get("ParameterValue")
    return None


def summarize_pipeline(state: GetPipelineStateOutputTypeDef) -> dict[str, object]:
    """Each stage's latest status, pending approvals and an overall status a person can read."""
    stages = []
    approvals = []
    for stage in state.get("stageStates", []):
        latest = stage.get("latestExecution")
        stages.append(
            {"name": stage.get("stageName"), "status": latest.get("status", "NotStarted") if latest else "NotStarted"}
        )
        for action in stage.get("actionStates", []):
            execution = action.get("latestExecution") or {}
            if execution.get("status") == "InProgress" and execution.get("token"):
                approvals.append({"stage": stage.get("stageName"), "action": action.get("actionName")})
    statuses = [stage["status"] for stage in stages]
    if any(status == "Failed" for status in statuses):
        overall = "Failed"
    elif approvals:
        overall = "AwaitingApproval"
    elif any(status == "InProgress" for status in statuses):
        overall = "InProgress"
    elif statuses and all(status == "Succeeded" for status in statuses):
        overall = "Succeeded"
    else:
        overall = "NotStarted" if not statuses or all(s == "NotStarted" for s in statuses) else "InProgress"
    return {
        "pipeline_name": state.get("pipelineName"),
        "pipeline_status": overall,
        "stages": stages,
        "pending_approvals": approvals,
    }
