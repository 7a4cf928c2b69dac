"""The URL custom-resource Lambdas answer CloudFormation on: a small HTTP receiver on 127.0.0.1.

CloudFormation hands a custom resource's Lambda a presigned `ResponseURL`; the Lambda PUTs its result there
(SUCCESS or FAILED, physical id, reason, data). Local mode gives each request its own URL on this receiver and
reads the answer once the handler has returned, so the handlers' own answering code is what is exercised.
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

log = logging.getLogger(__name__)

_MAX_BODY = 64 * 1024


class ResponseReceiver:
    """Collects the PUT bodies sent to `url_for(token)`, by token."""

    def __init__(self) -> None:
        self._answers: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._request_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="mlops-local-cfn-responses", daemon=True
        )
        self._thread.start()

    def new_url(self) -> tuple[str, str]:
        """(token, URL) for one request."""
        token = uuid.uuid4().hex
        return token, f"http://127.0.0.1:{self._server.server_address[1]}/cfn-response/{token}"

    def take(self, token: str) -> dict[str, Any] | None:
        with self._lock:
            return self._answers.pop(token, None)

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _store(self, token: str, body: bytes) -> bool:
        try:
            answer = json.loads(body)
        except ValueError:
            return False
        if not isinstance(answer, dict):
            return False
        with self._lock:
            self._answers[token] = answer
        return True

    def _request_class(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Answer(BaseHTTPRequestHandler):
            def do_PUT(self) -> None:
                length = min(int(self.headers.get("Content-Length") or 0), _MAX_BODY)
                token = self.path.rstrip("/").rpartition("/")[2]
                stored = receiver._store(token, self.rfile.read(length))
                self.send_response(200 if stored else 400)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                log.debug("cfn response: " + format, *args)

        return Answer


_receiver: ResponseReceiver | None = None
_receiver_lock = threading.Lock()


def receiver() -> ResponseReceiver:
    """The process's receiver, started on first use."""
    global _receiver
    with _receiver_lock:
        if _receiver is None:
            _receiver = ResponseReceiver()
        return _receiver


def stop() -> None:
    global _receiver
    with _receiver_lock:
        if _receiver is not None:
            _receiver.stop()
            _receiver = None
