"""The jobs of simulated Lambda Invoke actions, and the results their functions report for them.

CodePipeline gives an Invoke action's function a job; the function reports its outcome with
PutJobSuccessResult (optionally with a continuation token: call me again) or PutJobFailureResult. moto has
neither call; local mode serves both from this table (see `standins`), and the action reads the result once
the function has returned (see `pipeline_sim_deploys`).
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass
from typing import Any


@dataclass
class JobResult:
    succeeded: bool
    message: str
    continuation_token: str | None = None
    external_id: str | None = None


class JobTable:
    def __init__(self) -> None:
        self._open: dict[str, JobResult | None] = {}
        self._lock = threading.Lock()

    def new(self) -> str:
        job_id = str(uuid.uuid4())
        with self._lock:
            self._open[job_id] = None
        return job_id

    def succeed(self, job_id: str, continuation_token: str | None, details: dict[str, Any]) -> bool:
        result = JobResult(
            True, str(details.get("summary") or ""), continuation_token or None, details.get("externalExecutionId")
        )
        return self._report(job_id, result)

    def fail(self, job_id: str, details: dict[str, Any]) -> bool:
        result = JobResult(False, str(details.get("message") or "The function reported a failure."))
        return self._report(job_id, result, details.get("externalExecutionId"))

    def take(self, job_id: str) -> JobResult | None:
        """The job's result, if reported; the job is closed either way."""
        with self._lock:
            return self._open.pop(job_id, None)

    def reset(self) -> None:
        with self._lock:
            self._open.clear()

    def _report(self, job_id: str, result: JobResult, external_id: str | None = None) -> bool:
        """False when no such job is open (CodePipeline's JobNotFoundException)."""
        if external_id:
            result.external_id = external_id
        with self._lock:
            if job_id not in self._open or self._open[job_id] is not None:
                return False
            self._open[job_id] = result
            return True


JOBS = JobTable()
"""The process's job table: jobs belong to the simulated runs, which are process-wide."""
