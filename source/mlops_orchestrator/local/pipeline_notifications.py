"""The pipelines' own notification, which the emulator cannot deliver: when a run succeeds or fails, each
pipeline's `NotifyUser` rule (EventBridge, see `blueprints/pipeline_parts.py`) sends its message to the
notifications topic. moto's EventBridge has no SNS target, so local mode publishes that message itself, with
the rule's text, when a simulated run finishes.
"""

from __future__ import annotations

import threading
from typing import Any

from .pipeline_sim_runs import FAILED, SUCCEEDED, PipelineRef, Run


class FinishedRuns:
    """A run observer (see `pipeline_sim_runs.RUN_OBSERVERS`) that announces each finished run once."""

    def __init__(self, topic_arn: str) -> None:
        self._topic_arn = topic_arn
        self._announced: set[str] = set()
        self._lock = threading.Lock()

    def __call__(self, ref: PipelineRef, run: Run) -> None:
        if run.status not in (SUCCEEDED, FAILED):
            return
        with self._lock:
            if run.execution_id in self._announced:
                return
            self._announced.add(run.execution_id)
        message = f"Pipeline {ref.pipeline} finished executing. Pipeline execution result is {run.status.upper()}"
        _topics(ref)[self._topic_arn].publish(message)


def _topics(ref: PipelineRef) -> Any:
    from moto.sns.models import sns_backends

    return sns_backends[ref.account_id][ref.region].topics
