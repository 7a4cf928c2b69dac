"""The clock of simulated SageMaker jobs: each job walks through its phases, then completes or fails.

A job registered here shows its first phase at once, the phase its elapsed time reaches whenever someone
reads it (the moto patches advance every job before a Describe or List call), and its end when its time is
up: a timer completes it even if nobody asks, so its outputs appear in S3 on time.

Failures: a job fails when its inputs are missing (as on AWS, with a ClientError reason), when a test asked
for it with `fail_next`, or when `MLOPS_LOCAL_FAIL_JOBS` names its kind (comma-separated; every job of those
kinds fails, for trying failure paths from the command line).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

KINDS = ("training", "tuning", "automl", "transform", "processing")
DURATION_ENV = "MLOPS_LOCAL_JOB_SECONDS"
FAIL_ENV = "MLOPS_LOCAL_FAIL_JOBS"
DEFAULT_DURATION = 2.0
INJECTED_REASON = "AlgorithmError: the job failed as requested (failure injected in local mode)"


@dataclass(frozen=True)
class Phase:
    status: str
    secondary: str = ""
    message: str = ""


class JobFailed(Exception):
    """Raised by a behaviour's `complete` with the FailureReason SageMaker would show."""


class Behaviour:
    """What one kind of job does: its phases, how moto's record shows them, and its outputs."""

    kind = ""
    phases: tuple[Phase, ...] = (Phase("InProgress"),)
    status_attribute = ""
    """The attribute of moto's record that holds the job's status (a job stopped through the API ends)."""

    def phases_for(self, job: Job) -> tuple[Phase, ...]:
        return self.phases

    def begin(self, job: Job) -> None:
        """Called once when the job is registered (tuning starts its training jobs here)."""

    def show(self, job: Job, phase: Phase) -> None:
        raise NotImplementedError

    def complete(self, job: Job) -> None:
        """Write the outputs and show the job Completed; raise JobFailed to fail it instead."""
        raise NotImplementedError

    def fail(self, job: Job, reason: str) -> None:
        raise NotImplementedError

    def stopped(self, job: Job) -> bool:
        return getattr(job.record, self.status_attribute, "") in ("Stopping", "Stopped")


@dataclass(eq=False)
class Job:
    behaviour: Behaviour
    name: str
    account_id: str
    region: str
    record: Any
    """moto's own object for the job (FakeTrainingJob, AutoMLJob, ...), whose attributes Describe reads."""
    started: float
    duration: float
    failure: str = ""
    """Set when the job is to fail at its end (injected)."""
    finished: bool = False
    shown: int = -1
    children: list[Job] = field(default_factory=list)
    notes: dict[str, Any] = field(default_factory=dict)
    """What a behaviour keeps between calls (a trial's objective metric, the status transitions)."""


@dataclass(frozen=True)
class JobState:
    kind: str
    name: str
    account_id: str
    status: str
    failure_reason: str
    finished: bool


class Simulator:
    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._jobs: list[Job] = []
        self._timers: list[threading.Timer] = []
        self._next_failures: dict[str, deque[str]] = defaultdict(deque)
        self._duration: float | None = None

    # -- settings -------------------------------------------------------------------------------------

    @property
    def duration(self) -> float:
        if self._duration is not None:
            return self._duration
        try:
            return max(0.0, float(os.environ.get(DURATION_ENV, DEFAULT_DURATION)))
        except ValueError:
            return DEFAULT_DURATION

    def configure(self, duration: float | None) -> None:
        """Seconds from start to end of every job from now on (None: the environment's or the default)."""
        self._duration = duration

    def fail_next(self, kind: str, reason: str = INJECTED_REASON) -> None:
        """The next job of `kind` fails at its end with `reason`."""
        if kind not in KINDS:
            raise ValueError(f"unknown job kind {kind!r}; one of {', '.join(KINDS)}")
        with self._lock:
            self._next_failures[kind].append(reason)

    def _injected_failure(self, kind: str) -> str:
        queued = self._next_failures[kind]
        if queued:
            return queued.popleft()
        named = {part.strip() for part in os.environ.get(FAIL_ENV, "").split(",")}
        return INJECTED_REASON if kind in named else ""

    # -- jobs ---------------------------------------------------------------------------------------------

    def start(
        self, behaviour: Behaviour, name: str, account_id: str, region: str, record: Any, parent: Job | None = None
    ) -> Job:
        with self._lock:
            job = Job(
                behaviour,
                name,
                account_id,
                region,
                record,
                started=parent.started if parent else time.monotonic(),
                duration=parent.duration if parent else self.duration,
                failure="" if parent else self._injected_failure(behaviour.kind),
            )
            self._jobs.append(job)
            if parent is not None:
                parent.children.append(job)
            behaviour.begin(job)
            self._advance(job, time.monotonic())
            if not job.finished and parent is None:
                timer = threading.Timer(job.duration, self.advance, args=(job,))
                timer.daemon = True
                timer.start()
                self._timers.append(timer)
        log.debug("%s job %s started (%.1f s)", behaviour.kind, name, job.duration)
        return job

    def advance(self, job: Job) -> None:
        with self._lock:
            self._advance(job, time.monotonic())

    def advance_all(self) -> None:
        with self._lock:
            now = time.monotonic()
            for job in list(self._jobs):
                self._advance(job, now)

    def _advance(self, job: Job, now: float) -> None:
        if job.finished:
            return
        if job.behaviour.stopped(job):
            job.finished = True
            return
        elapsed = now - job.started
        if elapsed >= job.duration:
            self._finish(job)
            return
        phases = job.behaviour.phases_for(job)
        self._show_until(job, min(len(phases) - 1, int(len(phases) * elapsed / job.duration)))

    def _show_until(self, job: Job, index: int) -> None:
        """Show every phase up to `index` in order, so a job nobody read for a while still lists them all."""
        phases = job.behaviour.phases_for(job)
        while job.shown < index:
            job.shown += 1
            job.behaviour.show(job, phases[job.shown])

    def _finish(self, job: Job) -> None:
        self._show_until(job, len(job.behaviour.phases_for(job)) - 1)
        job.finished = True
        for child in job.children:  # a parent ends with its children (trials end when their tuning job does)
            if not child.finished and not child.behaviour.stopped(child):
                self._finish(child)
        try:
            if job.failure:
                raise JobFailed(job.failure)
            job.behaviour.complete(job)
        except JobFailed as failure:
            job.behaviour.fail(job, str(failure))
            log.info("%s job %s failed: %s", job.behaviour.kind, job.name, failure)
            return
        except Exception as error:  # a simulator bug must not leave the job in progress forever
            log.exception("%s job %s could not complete", job.behaviour.kind, job.name)
            job.behaviour.fail(job, f"InternalServerError: the local job simulator failed: {error}")
            return
        log.info("%s job %s completed", job.behaviour.kind, job.name)

    def snapshot(self) -> list[JobState]:
        """Every job so far, advanced to now: what a test or the demo reports."""
        with self._lock:
            self.advance_all()
            return [
                JobState(
                    job.behaviour.kind,
                    job.name,
                    job.account_id,
                    str(getattr(job.record, job.behaviour.status_attribute, "")),
                    str(getattr(job.record, "failure_reason", "") or ""),
                    job.finished,
                )
                for job in self._jobs
            ]

    def settle(self, timeout: float) -> bool:
        """Wait until every job has ended (True) or `timeout` seconds passed (False)."""
        deadline = time.monotonic() + timeout
        while not all(state.finished for state in self.snapshot()):
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)
        return True

    def reset(self) -> None:
        """Forget every job and pending failure; cancel the timers."""
        with self._lock:
            for timer in self._timers:
                timer.cancel()
            self._timers.clear()
            self._jobs.clear()
            self._next_failures.clear()
            self._duration = None


SIMULATOR = Simulator()
