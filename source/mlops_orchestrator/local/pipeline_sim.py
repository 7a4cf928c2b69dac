"""A stand-in for CodePipeline's runs, which moto does not have: what a pipeline does, simulated in-process.

moto stores pipelines but never runs them, and has no GetPipelineState. `PipelineSimulator` runs a
pipeline's declaration (the stages and actions stored in moto's CodePipeline backend) against the
emulator's other services, synchronously, and keeps each pipeline's latest run so that
GetPipelineState can report it. Nothing here is used on AWS.

- **Triggers.** A run starts when the pipeline is created or updated (CodePipeline starts one on
  creation), and when its state is read and an S3 source object has changed since the last run (the
  S3 trigger, checked lazily instead of by polling).
- **Order.** Stages in turn, actions by runOrder within a stage; a group that fails or waits for an
  approval stops the run there, as on AWS.
- **Approvals.** PutApprovalResult approves (the run continues from where it stopped) or rejects (the
  run fails) a pending manual approval.

The modules beside this one do the rest: `pipeline_sim_runs` (run records and GetPipelineState's
shape), `pipeline_sim_actions` (each action type) and `pipeline_sim_deploys` (the deploy actions).
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from .pipeline_sim_actions import run_action, source_revisions
from .pipeline_sim_runs import (
    FAILED,
    IN_PROGRESS,
    SUCCEEDED,
    ActionRun,
    PipelineRef,
    Run,
    by_run_order,
    new_execution,
    pipeline_state,
    record_execution,
    stored_declaration,
)

log = logging.getLogger(__name__)


class ApprovalError(Exception):
    """A PutApprovalResult that does not match a pending approval. `code` is CodePipeline's error code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class PipelineSimulator:
    """The latest run of every pipeline in the emulator. Thread-safe; runs are synchronous and short."""

    def __init__(self) -> None:
        self._runs: dict[PipelineRef, Run] = {}
        self._lock = threading.RLock()

    def reset(self) -> None:
        with self._lock:
            self._runs.clear()

    def forget(self, account_id: str, region: str, pipeline: str) -> None:
        with self._lock:
            self._runs.pop(PipelineRef(account_id, region, pipeline), None)

    def start(self, account_id: str, region: str, pipeline: str) -> None:
        """Start a new run now (the pipeline was created or changed). Never raises."""
        ref = PipelineRef(account_id, region, pipeline)
        with self._lock:
            try:
                declaration = stored_declaration(ref)
                self._runs[ref] = run = Run(new_execution(ref), source_revisions(ref, declaration))
                self._execute(ref, declaration, run)
            except Exception:
                log.exception("simulated run of pipeline %s could not start", pipeline)

    def refresh(self, account_id: str, region: str, pipeline: str) -> None:
        """Start a run if a source object changed since the last run (CodePipeline's S3 trigger)."""
        ref = PipelineRef(account_id, region, pipeline)
        with self._lock:
            run = self._runs.get(ref)
            if run is None or run.revisions != source_revisions(ref, stored_declaration(ref)):
                self.start(account_id, region, pipeline)

    def state(self, account_id: str, region: str, pipeline: str) -> dict[str, Any]:
        """GetPipelineState's answer for the pipeline's latest run."""
        ref = PipelineRef(account_id, region, pipeline)
        with self._lock:
            self.refresh(account_id, region, pipeline)
            return pipeline_state(ref, self._runs.get(ref))

    def put_approval_result(
        self,
        account_id: str,
        region: str,
        pipeline: str,
        stage: str,
        action: str,
        token: str,
        status: str,
        summary: str,
    ) -> float:
        """Approve or reject a pending approval; an approved run continues at once."""
        ref = PipelineRef(account_id, region, pipeline)
        with self._lock:
            run = self._runs.get(ref)
            result = run.actions.get((stage, action)) if run else None
            if run is None or result is None:
                raise ApprovalError("ActionNotFoundException", f"No pending approval {stage}/{action} in {pipeline}")
            if result.status != IN_PROGRESS or not result.token:
                raise ApprovalError(
                    "ApprovalAlreadyCompletedException", f"The approval {stage}/{action} is not pending"
                )
            if token != result.token:
                raise ApprovalError("InvalidApprovalTokenException", "The approval token is not valid")
            if status == "Approved":
                run.actions[(stage, action)] = ActionRun(
                    SUCCEEDED, summary or "Approved", execution_id=result.execution_id
                )
                self._execute(ref, stored_declaration(ref), run)
            else:
                run.actions[(stage, action)] = ActionRun(
                    FAILED, summary or "Rejected", error_code="Rejected", execution_id=result.execution_id
                )
                run.status = FAILED
                record_execution(ref, run)
            return time.time()

    def _execute(self, ref: PipelineRef, declaration: dict[str, Any], run: Run) -> None:
        """Run (or continue) `run` until it fails, waits for an approval or completes."""
        for stage in declaration["stages"]:
            for _order, group in by_run_order(stage["actions"]):
                for action in group:
                    key = (stage["name"], action["name"])
                    if key in run.actions and run.actions[key].status == SUCCEEDED:
                        continue  # done before an approval paused the run
                    run.actions[key] = run_action(ref, run, action)
                statuses = {run.actions[(stage["name"], action["name"])].status for action in group}
                if FAILED in statuses or IN_PROGRESS in statuses:
                    run.status = FAILED if FAILED in statuses else IN_PROGRESS
                    record_execution(ref, run)
                    return
        run.status = SUCCEEDED
        record_execution(ref, run)


SIMULATOR = PipelineSimulator()
"""The process's simulator: moto's backends are process-wide, and so are the pipelines' runs."""
