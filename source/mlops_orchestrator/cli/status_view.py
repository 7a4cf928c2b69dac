"""A `/pipelinestatus` answer as text: stages and actions, pending approvals and failure reasons."""

from __future__ import annotations

import enum
import shlex
from typing import Any

from .approval_stages import stage_opened_by
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


def render_status(answer: dict[str, Any], connection: list[str] | None = None) -> str:
    """`connection`: the options the command was given, repeated in the approve/reject lines it suggests."""
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
    head += _model_packages(summary)
    sections = [fields(head)]
    if summary.get("resolved_from"):
        sections.append(f"note: {summary['resolved_from']}")
    if answer.get("stageStates"):
        sections.append(_stages_table(answer, summary))
    approvals = _approvals(summary, connection or [])
    if approvals:
        sections.append(approvals)
    failures = summary.get("failures") or []
    if failures:
        sections.append("Failures:\n" + _failures_list(failures))
    if answer.get("last_config_file_failure"):
        sections.append(config_file_failure(answer["last_config_file_failure"]))
    return "\n\n".join(sections)


def _model_packages(summary: dict[str, Any]) -> list[tuple[str, Any]]:
    """Registry mode: the package version each stage runs, and the latest release with its cause."""
    lines: list[tuple[str, Any]] = [
        (f"model package ({entry.get('stage')})", entry["model_package"])
        for entry in summary.get("deployments") or []
        if entry.get("model_package")
    ]
    releases = summary.get("releases") or []
    if releases:
        last = releases[-1]
        lines.append(("last release", f"version {last.get('version')} ({last.get('cause')}, {last.get('time')})"))
    return lines


def config_file_failure(failure: dict[str, Any]) -> str:
    """The API's last failed mlops-config.json upload, as `list` and `status` show it."""
    return f"Last mlops-config.json failure ({failure.get('at')}, {failure.get('config_file')}):\n  {failure.get('message')}"


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


def _approvals(summary: dict[str, Any], connection: list[str]) -> str:
    pending = summary.get("pending_approvals") or []
    if not pending:
        return ""
    pipeline = summary.get("stack_name") or summary.get("pipeline_name")
    lines = ["Waiting for approval (answer with one of these commands, or in the CodePipeline console):"]
    for approval in pending:
        opens = stage_opened_by(approval.get("action"))
        lines.append(f"  {approval.get('stage')} / {approval.get('action')}" + (f" (opens {opens})" if opens else ""))
        stage = ["--stage", opens] if opens else []
        for verb in ("approve", "reject"):
            lines.append("    " + shlex.join(["mlops-orchestrator", verb, str(pipeline), *stage, *connection]))
    return "\n".join(lines)


def _failures_list(failures: list[dict[str, Any]]) -> str:
    """Where, then the reason on its own line: reasons are long sentences that a table would squeeze."""
    lines = []
    for failure in failures:
        stage = f"stage {failure['stage']}, " if failure.get("stage") and "action" not in failure else ""
        if "stack" in failure:
            lines.append(
                f"  {stage}stack {failure.get('stack')}: {failure.get('resource')} ({failure.get('resource_type')}) "
                f"{failure.get('status')}"
            )
        elif "stackset" in failure:
            lines.append(
                f"  {stage}StackSet {failure.get('stackset')}, account {failure.get('account')} "
                f"({failure.get('region')}): {failure.get('status')}"
            )
        else:
            lines.append(f"  stage {failure.get('stage')} / action {failure.get('action')}: Failed")
        lines.append(f"    {failure.get('reason')}")
    return "\n".join(lines)
