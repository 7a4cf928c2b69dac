"""The config trigger: an `mlops-config.json` upload to the config bucket provisions, as on AWS.

On AWS the config bucket's S3 event notification invokes the orchestrator Lambda, which retries a failed
invocation `MAXIMUM_RETRY_ATTEMPTS` times. Here moto delivers the bucket's notifications to an SQS queue (see
`bootstrap`) and a poller thread hands each S3 event to the same handler. An invocation that fails (an AWS
failure the handler raises, so that a retry may succeed) is left in the queue to be tried again after its
visibility timeout, at most `MAX_ATTEMPTS` times in all: as many as on AWS, so that the handler's last attempt
(the one that notifies) is the trigger's last too. A request the orchestrator refused (invalid JSON, an invalid
request) is answered, not raised: it is `rejected` at once and never retried. Each outcome is reported once, on
`report` (local mode's event lines): a provisioning, or a failure when it is final.
Nothing a message contains can stop the poller.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mlops_orchestrator.core.settings import MAXIMUM_RETRY_ATTEMPTS

log = logging.getLogger(__name__)

MAX_ATTEMPTS = MAXIMUM_RETRY_ATTEMPTS + 1
POLL_INTERVAL_SECONDS = 0.1

HANDLED = "handled"
REJECTED = "rejected"
FAILED = "failed"
GAVE_UP = "gave_up"
IGNORED = "ignored"


@dataclass(frozen=True)
class ConfigEvent:
    """What became of one delivery of one queued S3 event."""

    message_id: str
    outcome: str
    """handled, rejected (an invalid request; not retried), failed (will be retried), gave_up (failed for the last
    time) or ignored (no S3 records)."""
    keys: tuple[str, ...] = ()
    detail: Any = None
    attempt: int = 1
    at: float = field(default_factory=time.time)


class ConfigTrigger:
    def __init__(
        self,
        sqs: Any,
        queue_url: str,
        invoke: Callable[[dict[str, Any]], Any],
        report: Callable[[str], None] | None = None,
    ) -> None:
        self._sqs = sqs
        self._queue_url = queue_url
        self._invoke = invoke
        self._report = report or log.warning
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._changed = threading.Condition()
        self.events: list[ConfigEvent] = []

    def start(self) -> ConfigTrigger:
        self._thread = threading.Thread(target=self._poll, name="mlops-local-config-trigger", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None

    def wait_for(self, predicate: Callable[[list[ConfigEvent]], bool], timeout: float = 30.0) -> bool:
        """Wait until `predicate(events)` holds; False on timeout."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not predicate(list(self.events)):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._changed.wait(remaining)
            return True

    def _poll(self) -> None:
        while not self._stop.is_set():
            try:
                messages = self._sqs.receive_message(
                    QueueUrl=self._queue_url,
                    MaxNumberOfMessages=10,
                    WaitTimeSeconds=0,
                    MessageSystemAttributeNames=["ApproximateReceiveCount"],
                ).get("Messages", [])
            except Exception:
                if self._stop.is_set():
                    return
                log.exception("could not read the config event queue")
                self._stop.wait(1.0)
                continue
            for message in messages:
                self._deliver(message)
            if not messages:
                self._stop.wait(POLL_INTERVAL_SECONDS)

    def _deliver(self, message: dict[str, Any]) -> None:
        attempt = int(message.get("Attributes", {}).get("ApproximateReceiveCount", "1"))
        try:
            event = json.loads(message["Body"])
        except ValueError:
            event = None
        if not isinstance(event, dict) or not event.get("Records"):
            # s3:TestEvent (sent when the notification is configured) or anything unreadable.
            self._delete(message)
            self._record(ConfigEvent(message["MessageId"], IGNORED, attempt=attempt))
            return
        keys = tuple(str(record.get("s3", {}).get("object", {}).get("key", "")) for record in event["Records"])
        try:
            result = self._invoke(event)
        except Exception as error:
            final = attempt >= MAX_ATTEMPTS
            log.debug("mlops-config.json event failed (attempt %d of %d): %s", attempt, MAX_ATTEMPTS, error)
            if final:
                self._delete(message)
                self._report(f"mlops-config.json failed after {attempt} attempts: {error}")
            self._record(ConfigEvent(message["MessageId"], GAVE_UP if final else FAILED, keys, str(error), attempt))
            return
        self._delete(message)
        log.debug("mlops-config.json event handled: %s", json.dumps(result, default=str))
        answer = result if isinstance(result, dict) else {}
        for provisioned in answer.get("provisioned") or []:
            self._report(f"mlops-config.json provisioned: {provisioned.get('message')}")
        for failure in answer.get("failed") or []:
            self._report(f"mlops-config.json failed: {failure.get('config_file')}: {failure.get('message')}")
        outcome = REJECTED if answer.get("failed") else HANDLED
        self._record(ConfigEvent(message["MessageId"], outcome, keys, answer.get("failed") or result, attempt))

    def _delete(self, message: dict[str, Any]) -> None:
        try:
            self._sqs.delete_message(QueueUrl=self._queue_url, ReceiptHandle=message["ReceiptHandle"])
        except Exception:
            log.exception("could not delete a config event from the queue")

    def _record(self, event: ConfigEvent) -> None:
        with self._changed:
            self.events.append(event)
            self._changed.notify_all()
