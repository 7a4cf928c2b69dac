"""What local mode tells its user while it runs: one line per event that matters, nothing else.

- a pipeline run started; a stage succeeded, or failed with its reason; an approval waits;
- a message was published to the notifications topic (its subject and first line), whoever published it:
  the orchestrator (a failed `mlops-config.json`) or a pipeline (its run finished; see
  `pipeline_notifications`);
- an `mlops-config.json` upload failed (once, with the reason; see `config_trigger`).

Pipeline events come from the simulation's runs (`pipeline_sim_runs.RUN_OBSERVERS`); notifications from the
emulator's SNS topics, observed while `install()`ed. Each line goes to one `write` callable (stderr for
`mlops-orchestrator local`, a list in tests).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from . import pipeline_sim_runs
from .pipeline_notifications import FinishedRuns
from .pipeline_sim_runs import FAILED, IN_PROGRESS, SUCCEEDED, PipelineRef, Run, pipeline_state

Write = Callable[[str], None]


class EventLines:
    """Turns runs and notifications into lines, each said once."""

    def __init__(self, write: Write, notifications_topic: str | None = None) -> None:
        self._write = write
        self.topic_arn = notifications_topic
        self._said: set[tuple[str, ...]] = set()
        self._lock = threading.Lock()

    def say(self, *key: str, text: str) -> None:
        """Write `text` unless an event with the same key was written before."""
        with self._lock:
            if key in self._said:
                return
            self._said.add(key)
        self.line(text)

    def line(self, text: str) -> None:
        self._write(f"{time.strftime('%H:%M:%S')} {text}")

    # -- pipeline runs ----------------------------------------------------------------------------

    def run_recorded(self, ref: PipelineRef, run: Run) -> None:
        execution = run.execution_id
        self.say(ref.pipeline, execution, text=f"pipeline {ref.pipeline}: run {execution[:8]} started")
        for stage in pipeline_state(ref, run)["stageStates"]:
            name = stage["stageName"]
            status = (stage.get("latestExecution") or {}).get("status")
            if status == SUCCEEDED:
                self.say(ref.pipeline, execution, name, text=f"pipeline {ref.pipeline}: stage {name} succeeded")
            elif status == FAILED:
                reason = _failure(stage)
                self.say(ref.pipeline, execution, name, text=f"pipeline {ref.pipeline}: stage {name} failed: {reason}")
            for action in stage.get("actionStates", []):
                latest = action.get("latestExecution") or {}
                if latest.get("status") == IN_PROGRESS and latest.get("token"):
                    where = f"{name}/{action['actionName']}"
                    self.say(
                        ref.pipeline,
                        execution,
                        where,
                        latest["token"],
                        text=f"pipeline {ref.pipeline}: approval waiting at {where}",
                    )

    # -- notifications ----------------------------------------------------------------------------

    def published(self, topic_arn: str | None, subject: str | None, message: str) -> None:
        if self.topic_arn and topic_arn != self.topic_arn:
            return
        first_line = next((line.strip() for line in message.splitlines() if line.strip()), "")
        # SNS e-mails a message published without a subject under this one.
        self.line(f"notification: {subject or 'AWS Notification Message'}: {first_line}")


def _failure(stage: dict[str, Any]) -> str:
    for action in stage.get("actionStates", []):
        latest = action.get("latestExecution") or {}
        if latest.get("status") == FAILED:
            details = latest.get("errorDetails") or {}
            return str(details.get("message") or latest.get("summary") or "failed")
    return "failed"


_installed: list[tuple[EventLines, Any]] = []
_install_lock = threading.Lock()


def install(lines: EventLines) -> None:
    """Observe the simulation's runs and the emulator's topics until `uninstall()`."""
    from moto.sns.models import Topic

    with _install_lock:
        if _installed:
            return
        original = Topic.publish

        def publish(topic: Any, message: str, *args: Any, **kwargs: Any) -> Any:
            result = original(topic, message, *args, **kwargs)
            lines.published(topic.arn, kwargs.get("subject"), message)
            return result

        Topic.publish = publish  # type: ignore[method-assign,assignment]
        pipeline_sim_runs.RUN_OBSERVERS.append(lines.run_recorded)
        if lines.topic_arn:
            pipeline_sim_runs.RUN_OBSERVERS.append(FinishedRuns(lines.topic_arn))
        _installed.append((lines, original))


def uninstall() -> None:
    from moto.sns.models import Topic

    with _install_lock:
        for lines, original in _installed:
            Topic.publish = original  # type: ignore[method-assign]
            pipeline_sim_runs.RUN_OBSERVERS[:] = [
                observer
                for observer in pipeline_sim_runs.RUN_OBSERVERS
                if observer != lines.run_recorded and not isinstance(observer, FinishedRuns)
            ]
        _installed.clear()
