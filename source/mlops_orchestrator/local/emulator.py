"""The embedded AWS emulator: a moto server on 127.0.0.1, reached through a `localhost` URL.

Moto keeps its state in process-wide backends, so one process can hold only one emulator's worth of
state. `LocalMode` makes sure only one runs at a time.
"""

from __future__ import annotations

import logging
import socket
import threading
import urllib.request
from typing import Any

import boto3
from botocore.config import Config

from .settings import REGION

log = logging.getLogger(__name__)

DUMMY_CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
_CLIENT_CONFIG = Config(retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=5, read_timeout=60)


class EmulatorError(RuntimeError):
    pass


class Emulator:
    """A moto server thread. `endpoint_url` uses the host name `localhost`.

    CloudFormation in moto reads a TemplateURL's bucket from the host name unless the host contains
    `localhost`; with `localhost` it reads path-style URLs (`http://localhost:PORT/bucket/key`).
    """

    def __init__(self, port: int = 0) -> None:
        self._requested_port = port
        self._server: Any = None
        self.port = 0
        self._session: boto3.session.Session | None = None
        self._clients: dict[tuple[str, str], Any] = {}
        self._clients_lock = threading.Lock()

    @property
    def endpoint_url(self) -> str:
        if not self.port:
            raise EmulatorError("the emulator is not running")
        return f"http://localhost:{self.port}"

    def start(self) -> None:
        from .sdk_models import share_parsed_models

        share_parsed_models()  # before moto loads: it makes sessions (and parses models) as it imports
        from moto.server import ThreadedMotoServer

        if self._requested_port:
            _ensure_free(self._requested_port)
        # werkzeug logs every request at INFO; keep it for problems only, unless the caller chose a level
        # (`local` and `demo` silence it, see `verbosity`).
        werkzeug = logging.getLogger("werkzeug")
        if werkzeug.level == logging.NOTSET:
            werkzeug.setLevel(logging.WARNING)
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=self._requested_port, verbose=False)
        self._server.start()
        self.port = int(self._server.get_host_and_port()[1])
        log.info("AWS emulator listening on %s", self.endpoint_url)

    def reset(self) -> None:
        """Empty every emulated service (moto's own reset endpoint)."""
        request = urllib.request.Request(f"{self.endpoint_url}/moto-api/reset", method="POST", data=b"")
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()

    def client(self, service: str, region: str = REGION) -> Any:
        """A boto3 client bound to the emulator, with dummy credentials, whatever the environment says.

        Clients are cached per service and region (boto3 clients are thread-safe; sessions are not).
        """
        endpoint = self.endpoint_url
        with self._clients_lock:
            cached = self._clients.get((service, region))
            if cached is None:
                if self._session is None:
                    self._session = boto3.session.Session(region_name=region, **DUMMY_CREDENTIALS)
                cached = self._session.client(service, endpoint_url=endpoint, region_name=region, config=_CLIENT_CONFIG)
                self._clients[(service, region)] = cached
            return cached

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None
            log.info("AWS emulator stopped")
        self.port = 0
        with self._clients_lock:
            self._clients.clear()


def _ensure_free(port: int) -> None:
    """Fail fast on a busy port: moto's server thread would otherwise never report that it is ready."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as error:
            raise EmulatorError(f"port {port} on 127.0.0.1 is not available for the AWS emulator: {error}") from error
