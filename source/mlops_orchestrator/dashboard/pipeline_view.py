"""A `/pipelinestatus` answer shaped for the pages: steps with a status word, the last change, the failure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mlops_orchestrator.cli.approval_stages import stage_opened_by
from mlops_orchestrator.cli.status_view import Outcome, outcome

STATUS_SYMBOLS = {"Succeeded": "✓", "Failed": "✗", "InProgress": "…", "Stopped": "■", "Stopping": "■"}
"""Shown next to the status word, so a step is told apart without seeing its colour."""
OUTCOME_CHOICES = [item.value for item in Outcome]


@dataclass(frozen=True)
class Step:
    name: str
    status: str

    @property
    def symbol(self) -> str:
        return STATUS_SYMBOLS.get(self.status, "○")

    @property
    def css(self) -> str:
        return self.status.lower()


@dataclass(frozen=True)
class Approval:
    stage: str
    action: str
    opens: str | None


@dataclass(frozen=True)
class PipelineRow:
    pipeline_id: str
    stack_name: str
    name: str | None
    pipeline_type: str | None
    stack_status: str | None
    outcome: str | None
    steps: tuple[Step, ...]
    last_change: str | None
    failure: str | None
    approvals: tuple[Approval, ...]
    error: str | None = None

    @property
    def key(self) -> str:
        """How the pages address the pipeline: the stack name (the API accepts it wherever it takes an id)."""
        return self.stack_name or self.pipeline_id


def pipeline_row(listed: dict[str, Any], answer: dict[str, Any] | Exception) -> PipelineRow:
    common: dict[str, Any] = {
        "pipeline_id": str(listed.get("pipeline_id") or ""),
        "stack_name": str(listed.get("stack_name") or ""),
        "name": listed.get("name"),
        "pipeline_type": listed.get("pipeline_type"),
        "stack_status": listed.get("stack_status"),
    }
    if isinstance(answer, Exception):
        return PipelineRow(
            **common, outcome=None, steps=(), last_change=None, failure=None, approvals=(), error=str(answer)
        )
    return PipelineRow(
        **common,
        outcome=outcome(answer).value,
        steps=steps(answer),
        last_change=last_change(answer),
        failure=first_failure(answer),
        approvals=approvals(answer),
    )


def steps(answer: dict[str, Any]) -> tuple[Step, ...]:
    summary = answer.get("summary") or {}
    return tuple(Step(str(stage.get("name")), str(stage.get("status"))) for stage in summary.get("stages") or [])


def last_change(answer: dict[str, Any]) -> str | None:
    """The latest `lastStatusChange` of any action (ISO-8601 sorts as time), without its fraction of a second."""
    times = [
        str(execution["lastStatusChange"])
        for stage in answer.get("stageStates") or []
        for action in stage.get("actionStates") or []
        if (execution := action.get("latestExecution") or {}).get("lastStatusChange")
    ]
    return short_time(max(times)) if times else None


def short_time(value: object) -> str | None:
    return str(value)[:19].replace("T", " ") if value else None


def failures(answer: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = (answer.get("summary") or {}).get("failures") or []
    return found


def first_failure(answer: dict[str, Any]) -> str | None:
    found = failures(answer)
    if found:
        return str(found[0].get("reason") or "failed")
    if outcome(answer) is Outcome.FAILED:
        summary = answer.get("summary") or {}
        return str(summary.get("stack_status_reason") or f"stack {summary.get('stack_status')}")
    return None


def approvals(answer: dict[str, Any]) -> tuple[Approval, ...]:
    pending = (answer.get("summary") or {}).get("pending_approvals") or []
    return tuple(
        Approval(str(item.get("stage")), str(item.get("action")), stage_opened_by(item.get("action")))
        for item in pending
    )


def matches(row: PipelineRow, pipeline_type: str, status: str) -> bool:
    return (not pipeline_type or row.pipeline_type == pipeline_type) and (not status or row.outcome == status)


def deployments(answer: dict[str, Any]) -> list[dict[str, Any]]:
    """Per stage what the pipeline deployed (`/pipelinestatus` summary, as `show` prints it)."""
    found: list[dict[str, Any]] = (answer.get("summary") or {}).get("deployments") or []
    return found


def request_of(answer: dict[str, Any]) -> dict[str, Any] | None:
    found = (answer.get("summary") or {}).get("request")
    return found if isinstance(found, dict) else None


def failure_where(failure: dict[str, Any]) -> str:
    """Where a failure happened: a stack's resource, a StackSet instance in an account, or a pipeline action."""
    if failure.get("stackset"):
        return f"StackSet {failure.get('stackset')} in account {failure.get('account')} ({failure.get('region')})"
    if failure.get("stack"):
        return f"Stack {failure.get('stack')}: {failure.get('resource')} ({failure.get('resource_type')})"
    return f"Stage {failure.get('stage')} / action {failure.get('action')}"


def parameters_by_stage(plan: dict[str, Any]) -> tuple[list[str], list[tuple[str, list[Any]]]]:
    """(stage names, one row per blueprint parameter with its value in each stage) from a dry run's plan."""
    stages: dict[str, dict[str, Any]] = plan.get("stages") or {}
    if not stages:  # the image builder: its blueprint is the pipeline stack
        parameters: dict[str, Any] = plan.get("pipeline_parameters") or {}
        return ["pipeline stack"], [(name, [value]) for name, value in parameters.items()]
    names: list[str] = []
    for detail in stages.values():
        names += [name for name in detail.get("parameters") or {} if name not in names]
    rows = [(name, [(detail.get("parameters") or {}).get(name) for detail in stages.values()]) for name in names]
    return list(stages), rows
