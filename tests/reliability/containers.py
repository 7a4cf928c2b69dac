"""Concurrent Lambda containers, in threads: each has its own boto3 clients and its own Orchestrator.

The handler module itself keeps the current event on a module-level resolver (one request per container, as
in Lambda), so concurrency is exercised one level below it, on the same use cases the handler calls.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import boto3

from mlops_orchestrator.core import aws
from mlops_orchestrator.core.service import Orchestrator
from mlops_orchestrator.orchestrator.runtime.responses import error_body
from tests.support import make_settings


class AtomicCreate:
    """CloudFormation checks a new stack's name atomically; moto does not under threads, so this adds that
    guarantee (the same idea as tests/functional/test_provisioning.py::AtomicCreate)."""

    lock = threading.RLock()  # re-entrant: the race test creates a stack from inside another's CreateStack

    def __init__(self, cloudformation: Any) -> None:
        self._cloudformation = cloudformation

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cloudformation, name)

    def create_stack(self, **arguments: Any) -> Any:
        with self.lock:
            return self._cloudformation.create_stack(**arguments)


_SESSION_LOCK = threading.Lock()


def container() -> Orchestrator:
    """A fresh container: its own clients, with the orchestrator's retry configuration. The clients come from
    one shared session (made under a lock) because a new session per container reloads botocore's data."""
    clients: dict[str, Any] = {}

    def client(service: str) -> Any:
        if service not in clients:
            with _SESSION_LOCK:
                made = _session().client(service, region_name="us-east-1", config=aws._CONFIG)
            clients[service] = AtomicCreate(made) if service == "cloudformation" else made
        return clients[service]

    return Orchestrator(make_settings(), client)


def _session() -> boto3.session.Session:
    global _shared
    if _shared is None:
        _shared = boto3.session.Session()
    return _shared


_shared: boto3.session.Session | None = None


def answer(call: Callable[[], Any]) -> tuple[int, dict[str, Any]]:
    """(status, body) as the handler would answer the use case's result or error."""
    try:
        return 200, call().body
    except Exception as error:
        return error_body(error, True)
