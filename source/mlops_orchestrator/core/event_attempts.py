"""Which attempt at an asynchronous event this is, so that its failure is notified once, after the last attempt.

EventBridge (model package state changes) and S3 (`mlops-config.json` uploads) invoke the orchestrator
asynchronously. Lambda retries an event whose invocation fails (`settings.MAXIMUM_RETRY_ATTEMPTS` times), then
sends it to the function's on-failure destination (the failed-events queue). Lambda does not tell the function
which attempt it runs, so each attempt counts itself in a small JSON object in the assets bucket (encrypted, TLS
only), under the prefix the orchestrator already writes (`EventAttempts.KEY_PREFIX`):

- The count is keyed by a digest of the whole event. Lambda retries with the same payload, and every event
  carries what tells it apart from any other (EventBridge's `id`; per S3 record, the upload's request id and
  sequencer), so the attempts at one event share a count and two events never do. A duplicate delivery of the
  same event shares it too: at most one notification per event.
- An attempt is counted when it starts, not when it fails, so an attempt that Lambda stops (timeout, out of
  memory) still counts and the next one is not mistaken for an earlier one.
- The count is deleted (every version of it: the assets bucket is versioned) when the event succeeds and after
  the last attempt, so an event sent again later starts over.
- When the count cannot be read or written, the attempt counts as the last: its failure is notified, perhaps
  more than once, rather than never.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from .aws import TRANSPORT_ERRORS
from .catalog.codepipeline import PROVISIONED_PREFIX

if TYPE_CHECKING:
    from types_boto3_s3 import S3Client

Notify = Callable[[str, str], None]
"""Publishes (subject, message) on the notifications topic."""

_AWS_FAILED: tuple[type[Exception], ...] = (ClientError, *TRANSPORT_ERRORS)
_UNCOUNTABLE: tuple[type[Exception], ...] = (*_AWS_FAILED, ValueError)


@dataclass(frozen=True)
class Attempt:
    number: int | None
    """1 for the first attempt; None when it could not be counted."""
    of: int

    @property
    def last(self) -> bool:
        return self.number is None or self.number >= self.of

    def footnote(self) -> str:
        if self.number is None:
            return (
                "This attempt could not be counted, so its failure is notified now; a retry that fails again may be "
                "notified again."
            )
        return (
            f"Attempt {self.number} of {self.of} failed. Lambda does not retry it again: it has sent the event to "
            "the orchestrator's failed-events queue."
        )


class EventAttempts:
    KEY_PREFIX = f"{PROVISIONED_PREFIX}/event-attempts/"

    def __init__(self, s3: S3Client, bucket: str, retries: int, notify: Notify) -> None:
        self._s3 = s3
        self._bucket = bucket
        self._attempts = retries + 1
        self._notify = notify

    @contextlib.contextmanager
    def attempt(self, event: Mapping[str, Any], subject: str) -> Iterator[Attempt]:
        """Count an attempt at `event` around its handling. An exception raised inside is raised again (so that
        Lambda retries) and, on the last attempt only, notified under `subject` with its text and the count."""
        key = self.key(event)
        attempt = self._start(key)
        try:
            yield attempt
        except Exception as error:
            if attempt.last:
                self._notify(subject, f"{error}\n\n{attempt.footnote()}")
                self._forget(key)
            raise
        self._forget(key)

    @classmethod
    def key(cls, event: Mapping[str, Any]) -> str:
        canonical = json.dumps(event, sort_keys=True, separators=(",", ":"), default=str)
        return f"{cls.KEY_PREFIX}{hashlib.sha256(canonical.encode()).hexdigest()}.json"

    def _start(self, key: str) -> Attempt:
        try:
            number = self._counted(key) + 1
            self._s3.put_object(
                Bucket=self._bucket,
                Key=key,
                Body=json.dumps({"attempt": number, "of": self._attempts}).encode(),
                ContentType="application/json",
            )
        except _UNCOUNTABLE:
            return Attempt(None, self._attempts)
        return Attempt(number, self._attempts)

    def _counted(self, key: str) -> int:
        try:
            raw = self._s3.get_object(Bucket=self._bucket, Key=key)["Body"].read()
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                return 0
            raise
        recorded = json.loads(raw)
        number = recorded.get("attempt") if isinstance(recorded, dict) else None
        if not isinstance(number, int) or isinstance(number, bool) or number < 0:
            raise ValueError(f"unreadable attempt record {key}")
        return number

    def _forget(self, key: str) -> None:
        # Best effort: a record left behind can only make a later identical event notify early, never not at all.
        with contextlib.suppress(*_AWS_FAILED):
            listed = self._s3.list_object_versions(Bucket=self._bucket, Prefix=key)
            versions = [*listed.get("Versions", []), *listed.get("DeleteMarkers", [])]
            for version in versions:
                if version.get("Key") == key:
                    self._s3.delete_object(Bucket=self._bucket, Key=key, VersionId=version.get("VersionId", "null"))
