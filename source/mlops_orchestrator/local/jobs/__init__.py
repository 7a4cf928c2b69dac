"""Simulated SageMaker jobs for local mode: training, tuning, Autopilot, batch transform and processing.

In local mode the jobs the blueprints start move through SageMaker's real status values to Completed (or
Failed) over a short simulated time, and write plausible outputs where their request said: model.tar.gz
for training, the best trial for tuning, candidates for Autopilot, `.out` files for batch transform,
statistics.json and constraints.json (or Clarify's analysis.json) for baselines. Endpoints answer
InvokeEndpoint with one score per CSV record (see `endpoints`).

    from mlops_orchestrator.local import jobs
    jobs.configure(duration=0.2)        # seconds per job (default 2 s, or MLOPS_LOCAL_JOB_SECONDS)
    jobs.fail_next("training", "AlgorithmError: out of memory")

`install()` and `uninstall()` switch the simulator on and off, like `standins`: off, moto behaves exactly as
shipped, which matters to other tests using `mock_aws` in the same process.
"""

from __future__ import annotations

import logging
import threading

from . import endpoints, patches
from .simulator import DURATION_ENV, FAIL_ENV, INJECTED_REASON, KINDS, SIMULATOR, JobState

__all__ = [
    "DURATION_ENV",
    "FAIL_ENV",
    "INJECTED_REASON",
    "KINDS",
    "JobState",
    "configure",
    "fail_next",
    "install",
    "settle",
    "simulated",
    "uninstall",
]

log = logging.getLogger(__name__)
_lock = threading.Lock()
_installed = False


def install() -> None:
    """Patch the simulator into moto (idempotent)."""
    global _installed
    with _lock:
        if _installed:
            return
        patches.install()
        endpoints.install()
        _installed = True
        log.debug("SageMaker job simulator installed")


def uninstall() -> None:
    """Restore moto's SageMaker as shipped and forget every simulated job."""
    global _installed
    with _lock:
        if not _installed:
            return
        patches.uninstall()
        endpoints.uninstall()
        SIMULATOR.reset()
        _installed = False
        log.debug("SageMaker job simulator removed")


def installed() -> bool:
    return _installed


def configure(duration: float | None) -> None:
    """Seconds every job started from now on takes (None: MLOPS_LOCAL_JOB_SECONDS or the default)."""
    SIMULATOR.configure(duration)


def fail_next(kind: str, reason: str = INJECTED_REASON) -> None:
    """Make the next job of `kind` (one of KINDS) fail at its end with `reason` as its FailureReason."""
    SIMULATOR.fail_next(kind, reason)


def simulated() -> list[JobState]:
    """Every simulated job so far (kind, name, account, status, failure reason), advanced to now."""
    return SIMULATOR.snapshot()


def settle(timeout: float) -> bool:
    """Wait until every simulated job has ended; False when `timeout` seconds were not enough."""
    return SIMULATOR.settle(timeout)
