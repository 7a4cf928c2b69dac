"""Invokes the orchestrator Lambda's handler in-process, as Lambda would: one invocation at a time.

The handler's module holds per-invocation state (Powertools' resolver keeps the current event), which
is safe in Lambda because one container serves one request at a time. The API front and the config
trigger share one invoker, so local mode behaves like a single warm container.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import IO, Any

from .settings import ACCOUNT_ID, FUNCTION_NAME, REGION

_TIMEOUT_MS = 15 * 60 * 1000


@dataclass
class LambdaContext:
    """The attributes of Lambda's context object that the handler and Powertools read."""

    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    function_name: str = FUNCTION_NAME
    function_version: str = "$LATEST"
    invoked_function_arn: str = f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:{FUNCTION_NAME}"
    memory_limit_in_mb: int = 512
    log_group_name: str = f"/aws/lambda/{FUNCTION_NAME}"
    log_stream_name: str = "local"
    started: float = field(default_factory=time.monotonic)

    def get_remaining_time_in_millis(self) -> int:
        return max(0, _TIMEOUT_MS - int((time.monotonic() - self.started) * 1000))


class _Stderr:
    """Writes to whatever `sys.stderr` is at the time (pytest swaps it per test)."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


class HandlerInvoker:
    def __init__(self) -> None:
        from mlops_orchestrator.orchestrator.runtime import handler

        self._handler = handler.lambda_handler
        self._lock = threading.Lock()
        self._log_handler: logging.Handler | None = handler.logger.registered_handler
        self._previous_stream: IO[str] | None = None
        # The handler's structured logs go to stdout in Lambda; here stdout belongs to the CLI's output.
        if isinstance(self._log_handler, logging.StreamHandler):
            self._previous_stream = self._log_handler.setStream(_Stderr())

    def __call__(self, event: dict[str, Any]) -> Any:
        with self._lock:
            return self._handler(event, LambdaContext())

    def close(self) -> None:
        if isinstance(self._log_handler, logging.StreamHandler) and self._previous_stream is not None:
            self._log_handler.setStream(self._previous_stream)
            self._previous_stream = None
