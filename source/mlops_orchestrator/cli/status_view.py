"""A `/pipelinestatus` answer as text: stages and actions, pending approvals and failure reasons."""

from __future__ import annotations

import enum
from typing import Any

from .tables import fields, table

# Stack states after which nothing more happens without a new request.
_STACK_DEAD_ENDS = ("_FAILED", "ROLLBACK_COMPLETE", "DELETE_COMPLETE")


class Outcome(enum.Enum):
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    AWAITING_APPROVAL = "awaiting approval"
    FAILED = "failed"


def outcome(answer: dict[str, Any]) -> Outcome:
    """Where the pipeline stands; everything but RUNNING ends `status --watch`."""
    summary = answer.get("summary") or {}
    status = summary.get("pipeline_status")
    if status == "Succeeded":
        return Outcome.SUCCEEDED
    if status == "Failed":
        return Outcome.FAILED
    if status == "AwaitingApproval":
        return Outcome.AWAITING_APPROVAL  # a person has to act; watching longer changes nothing
    if str(summary.get("stack_status", "")).endswith(_STACK_DEAD_ENDS):
        return Outcome.FAILED
    return Outcome.RUNNING


def progress_line(answer: dict[str, Any]) -> str:
    """One line for `--watch`: the overall status, each stage's, and the action that is running now."""
    summary = answer.get("summary") or {}
    overall = summary.get("pipeline_status") or f"stack {summary.get('stack_status', '?')}"
    stages = " ".join(f"{stage.get('name')}={stage.get('status')}" for stage in summary.get("stages", []))
    running = current_actions(answer)
    now = f"  now: {', '.join(running)}" if running else ""
    return f"{overall}  {stages}".rstrip() + now


def current_actions(answer: dict[str, Any]) -> list[str]:
    """`Stage/Action` of every action in progress (an approval waiting for a person is one too)."""
    return [
        f"{stage.get('stageName')}/{action.get('actionName')}"
        for stage in answer.get("stageStates") or []
        for action in stage.get("actionStates") or []
        if (action.get("latestExecution") or {}).get("status") == "InProgress"
    ]


def render_status(answer: dict[str, Any]) -> str:
    summary = answer.get("summary") or {}
    head: list[tuple[str, Any]] = [
        ("pipeline stack", summary.get("stack_name")),
        ("stack status", summary.get("stack_status")),
    ]
    if summary.get("stack_status_reason"):
        head.append(("stack reason", summary["stack_status_reason"]))
    if summary.get("pipeline_name"):
        head += [("pipeline", summary["pipeline_name"]), ("pipeline status", summary.get("pipeline_status"))]
    elif answer.get("message"):
        head.append(("pipeline", answer["message"]))
    sections = [fields(head)]
    if answer.get("stageStates"):
        sections.append(_stages_table(answer, summary))
    approvals = _approvals(answer, summary)
    if approvals:
        sections.append(approvals)
    failures = summary.get("failures") or []
    if failures:
        sections.append("Failures:\n" + _failures_list(failures))
    return "\n\n".join(sections)


def _stages_table(answer: dict[str, Any], summary: dict[str, Any]) -> str:
    stage_status = {stage.get("name"): stage.get("status") for stage in summary.get("stages", [])}
    rows = []
    for stage in answer.get("stageStates", []):
        name = stage.get("stageName")
        actions = stage.get("actionStates") or [{}]
        for index, action in enumerate(actions):
            execution = action.get("latestExecution") or {}
            detail = (execution.get("errorDetails") or {}).get("message") or execution.get("summary") or ""
            rows.append(
                [
                    name if index == 0 else "",
                    stage_status.get(name, "NotStarted") if index == 0 else "",
                    action.get("actionName", "-"),
                    execution.get("status", "NotStarted") if action else "-",
                    detail,
                ]
            )
    return table(["stage", "status", "action", "action status", "detail"], rows, wrap=70)


def _approvals(answer: dict[str, Any], summary: dict[str, Any]) -> str:
    pending = summary.get("pending_approvals") or []
    if not pending:
        return ""
    lines = ["Waiting for approval (approve in the CodePipeline console, or with the AWS CLI):"]
    for approval in pending:
        token = _approval_token(answer, approval.get("stage"), approval.get("action"))
        lines.append(f"  {approval.get('stage')} / {approval.get('action')}")
        lines.append(
            f"    aws codepipeline put-approval-result --pipeline-name {summary.get('pipeline_name')} "
            f"--stage-name {approval.get('stage')} --action-name {approval.get('action')} "
            f"--result summary=approved,status=Approved --token {token or '<token>'}"
        )
    return "\n".join(lines)


def _approval_token(answer: dict[str, Any], stage_name: Any, action_name: Any) -> str | None:
    for stage in answer.get("stageStates", []):
        if stage.get("stageName") != stage_name:
            continue
        for action in stage.get("actionStates", []):
            if action.get("actionName") == action_name:
                token: str | None = (action.get("latestExecution") or {}).get("token")
                return token
    return None


def _failures_list(failures: list[dict[str, Any]]) -> str:
    """Where, then the reason on its own line: reasons are long sentences that a table would squeeze."""
    lines = []
    for failure in failures:
        if "stack" in failure:
            lines.append(
                f"  stack {failure.get('stack')}: {failure.get('resource')} ({failure.get('resource_type')}) "
                f"{failure.get('status')}"
            )
        else:
            lines.append(f"  stage {failure.get('stage')} / action {failure.get('action')}: Failed")
        lines.append(f"    {failure.get('reason')}")
    return "\n".join(lines)
