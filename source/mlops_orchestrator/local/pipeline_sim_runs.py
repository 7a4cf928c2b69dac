"""A simulated pipeline run's records, kept in step with moto's CodePipeline, and reported as AWS does.

moto stores pipelines and the executions StartPipelineExecution creates, but never moves an execution
on and has no GetPipelineState. A `Run` holds what moto lacks: each action's latest execution and the
artifacts handed between actions. Its status is copied onto moto's execution record, so that
GetPipelineExecution and ListPipelineExecutions agree with GetPipelineState. `pipeline_state` renders a
run in GetPipelineState's shape, which is what the orchestrator's /pipelinestatus reads.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

SUCCEEDED = "Succeeded"
FAILED = "Failed"
IN_PROGRESS = "InProgress"

log = logging.getLogger(__name__)


class ActionFailed(Exception):
    """An action failed as it would on AWS; `code` becomes the action's errorDetails code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class PipelineRef:
    """Which pipeline: pipeline names are unique per account and region only."""

    account_id: str
    region: str
    pipeline: str


@dataclass
class ActionRun:
    """One action's latest execution, in GetPipelineState's terms."""

    status: str
    summary: str
    token: str | None = None
    error_code: str | None = None
    revision: str | None = None
    external_id: str | None = None
    execution_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    changed: float = field(default_factory=time.time)

    def as_dict(self) -> dict[str, Any]:
        execution: dict[str, Any] = {
            "actionExecutionId": self.execution_id,
            "status": self.status,
            "summary": self.summary,
            "lastStatusChange": self.changed,
        }
        if self.token and self.status == IN_PROGRESS:
            execution["token"] = self.token
        if self.external_id:
            execution["externalExecutionId"] = self.external_id
        if self.status == FAILED:
            execution["errorDetails"] = {"code": self.error_code or "JobFailed", "message": self.summary}
        return execution


@dataclass
class Run:
    """A pipeline's latest run. `revisions` are the S3 source revisions it started from (the trigger's memory)."""

    execution_id: str
    revisions: tuple[str | None, ...]
    actions: dict[tuple[str, str], ActionRun] = field(default_factory=dict)
    artifacts: dict[str, bytes] = field(default_factory=dict)
    status: str = IN_PROGRESS


# -- moto's CodePipeline records ------------------------------------------------------------------
# moto is imported on use: some of its modules create a boto3 session at import time, which must not
# happen before local mode has set up the process environment.


def stored_pipeline(ref: PipelineRef) -> Any:
    from moto.codepipeline.models import codepipeline_backends

    return codepipeline_backends[ref.account_id][ref.region].pipelines[ref.pipeline]


def stored_declaration(ref: PipelineRef) -> dict[str, Any]:
    """The pipeline's stages and actions, as CreatePipeline or the CloudFormation provider stored them."""
    stored: dict[str, Any] = stored_pipeline(ref).pipeline
    return stored


def new_execution(ref: PipelineRef) -> str:
    """A new execution in moto (which records it as Succeeded at once); InProgress until the run says otherwise."""
    from moto.codepipeline.models import codepipeline_backends

    execution_id: str = codepipeline_backends[ref.account_id][ref.region].start_pipeline_execution(ref.pipeline, None)
    stored_pipeline(ref).executions[execution_id].status = IN_PROGRESS
    return execution_id


RUN_OBSERVERS: list[Callable[[PipelineRef, Run], None]] = []
"""Called each time a run stops (fails, waits for an approval, completes): local mode's event lines."""


def record_execution(ref: PipelineRef, run: Run) -> None:
    execution = stored_pipeline(ref).executions.get(run.execution_id)
    if execution is not None:
        execution.status = run.status
    for observer in list(RUN_OBSERVERS):
        try:
            observer(ref, run)
        except Exception:  # what is printed about a run must never change the run
            log.exception("a run observer failed")


def by_run_order(actions: list[dict[str, Any]]) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """A stage's actions in groups that run together: ascending runOrder, as CodePipeline runs them."""
    orders = sorted({int(action.get("runOrder", 1)) for action in actions})
    for order in orders:
        yield order, [action for action in actions if int(action.get("runOrder", 1)) == order]


# -- GetPipelineState -----------------------------------------------------------------------------


def pipeline_state(ref: PipelineRef, run: Run | None) -> dict[str, Any]:
    """GetPipelineState's answer: every stage and action declared, with `run`'s executions where it has any."""
    stored = stored_pipeline(ref)
    stages = []
    for stage in stored.pipeline["stages"]:
        results = [run.actions.get((stage["name"], action["name"])) if run else None for action in stage["actions"]]
        actions = []
        for action, result in zip(stage["actions"], results, strict=True):
            entry: dict[str, Any] = {"actionName": action["name"]}
            if result is not None:
                entry["latestExecution"] = result.as_dict()
                if result.revision:
                    entry["currentRevision"] = {"revisionId": result.revision}
            actions.append(entry)
        stage_state: dict[str, Any] = {
            "stageName": stage["name"],
            "inboundTransitionState": {"enabled": True},
            "actionStates": actions,
        }
        status = _stage_status([result.status for result in results if result is not None])
        if run is not None and status is not None:
            stage_state["latestExecution"] = {"pipelineExecutionId": run.execution_id, "status": status}
        stages.append(stage_state)
    return {
        "pipelineName": ref.pipeline,
        "pipelineVersion": stored.pipeline.get("version", 1),
        "stageStates": stages,
        "created": stored._created.timestamp(),
        "updated": stored._updated.timestamp(),
    }


def _stage_status(statuses: list[str]) -> str | None:
    if not statuses:
        return None
    if FAILED in statuses:
        return FAILED
    if IN_PROGRESS in statuses:
        return IN_PROGRESS
    return SUCCEEDED
