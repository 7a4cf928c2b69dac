"""/pipelinestatus: the raw CodePipeline state (as the original returned it) plus a summary: stages, approvals,
failures with their reasons, and (for the route) what each stage deployed and the request that produced it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from .aws import service_error
from .deployments import DeploymentReader
from .jsonable import jsonable
from .pipeline_lookup import PipelineFinder
from .release_history import read_releases
from .request_record import read_request
from .stack_events import first_failure

if TYPE_CHECKING:
    from types_boto3_cloudformation import CloudFormationClient
    from types_boto3_cloudformation.type_defs import StackTypeDef
    from types_boto3_codepipeline import CodePipelineClient
    from types_boto3_codepipeline.type_defs import GetPipelineStateOutputTypeDef
    from types_boto3_s3 import S3Client

NOT_PROVISIONED = "pipeline cloudformation stack has not provisioned the pipeline yet."
_PIPELINE_TYPE = "AWS::CodePipeline::Pipeline"


class StatusReader:
    """`status` reads the pipeline; `details=True` (the /pipelinestatus route) adds what it deployed and why."""

    def __init__(
        self,
        cloudformation: CloudFormationClient,
        codepipeline: CodePipelineClient,
        prefix: str,
        s3: S3Client | None = None,
        assets_bucket: str = "",
        delegated_admin: bool = False,
    ) -> None:
        self._cfn = cloudformation
        self._codepipeline = codepipeline
        self._finder = PipelineFinder(cloudformation, prefix)
        self._s3 = s3
        self._assets_bucket = assets_bucket
        self._deployments = DeploymentReader(cloudformation, delegated_admin)

    def status(self, pipeline_id: str, details: bool = False) -> dict[str, Any]:
        found = self._finder.find(pipeline_id)
        stack = found.stack
        summary: dict[str, object] = {
            "pipeline_id": stack.get("StackId"),
            "stack_name": stack.get("StackName"),
            "stack_status": stack.get("StackStatus"),
        }
        if found.resolved_from:
            summary["resolved_from"] = found.resolved_from
        if stack.get("StackStatusReason"):
            summary["stack_status_reason"] = stack["StackStatusReason"]
        failures: list[dict[str, str | None]] = []
        own = first_failure(self._cfn, stack)
        if own is not None:
            failures.append(own)
        pipeline_name = self._pipeline_name(stack["StackId"])
        state = None if pipeline_name is None else self._pipeline_state(pipeline_name)
        # The deployments are read after the pipeline's state, so they are at least as new as the run it shows.
        if details:
            deployments = self._deployments.read(stack)
            summary["deployments"] = deployments
            failures += [entry["failure"] for entry in deployments if "failure" in entry]
            summary["request"] = self._request(stack)
            releases = self._releases(stack)
            if releases:
                summary["releases"] = releases
        if state is None:
            if failures:
                summary["failures"] = failures
            return {"message": NOT_PROVISIONED, "summary": summary}
        summary.update(summarize_pipeline(state))
        failures += action_failures(state)
        if failures:
            summary["failures"] = failures
        # ResponseMetadata is transport detail (request id, retries), not the pipeline's state.
        body: dict[str, Any] = {key: jsonable(value) for key, value in state.items() if key != "ResponseMetadata"}
        body["summary"] = summary
        return body

    def _pipeline_state(self, pipeline_name: str) -> GetPipelineStateOutputTypeDef:
        try:
            return self._codepipeline.get_pipeline_state(name=pipeline_name)
        except ClientError as error:
            raise service_error("GetPipelineState", error) from error

    def _request(self, stack: StackTypeDef) -> dict[str, Any] | None:
        key = _parameter(stack, "TemplateZipFileName")
        if self._s3 is None or not key or not self._assets_bucket:
            return None
        return read_request(self._s3, self._assets_bucket, key)

    def _releases(self, stack: StackTypeDef) -> list[dict[str, Any]]:
        key = _parameter(stack, "TemplateZipFileName")
        if self._s3 is None or not key or not self._assets_bucket:
            return []
        return read_releases(self._s3, self._assets_bucket, key)

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
