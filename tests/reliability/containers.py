"""Concurrent Lambda containers, in threads: each has its own boto3 clients and its own Orchestrator.

The handler module itself keeps the current event on a module-level resolver (one request per container, as
in Lambda), so concurrency is exercised one level below it, on the same use cases the handler calls.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any

import boto3
import pytest
from moto.cloudformation import urls as cloudformation_urls

from mlops_orchestrator.core import aws
from mlops_orchestrator.core.service import Orchestrator
from mlops_orchestrator.orchestrator.runtime.responses import error_body
from tests.support import make_settings


class AtomicCloudFormation:
    """Each CloudFormation API call is atomic on AWS; moto's in-process backend is not thread-safe.

    moto's `describe_stacks(StackName=...)` walks its `OrderedDict` of stacks in Python, so a `create_stack` in
    another thread that inserts a stack meanwhile makes it raise `RuntimeError: OrderedDict mutated during
    iteration` (the handler answers 500), and its `create_stack` checks the name and inserts the stack in two
    steps. While installed, every in-process CloudFormation request is served under one lock: the calls of
    concurrent containers still interleave between two calls, as they do on AWS, never inside one.
    """

    lock = threading.RLock()  # re-entrant, should a request be served from inside another

    @classmethod
    def install(cls, monkeypatch: pytest.MonkeyPatch) -> None:
        for path, serve in list(cloudformation_urls.url_paths.items()):
            monkeypatch.setitem(cloudformation_urls.url_paths, path, cls._atomic(serve))

    @classmethod
    def _atomic(cls, serve: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(serve)
        def atomic(*arguments: Any, **keywords: Any) -> Any:
            with cls.lock:
                return serve(*arguments, **keywords)

        return atomic


_SESSION_LOCK = threading.Lock()


def container() -> Orchestrator:
    """A fresh container: its own clients, with the orchestrator's retry configuration. The clients come from
    one shared session (made under a lock) because a new session per container reloads botocore's data."""
    clients: dict[str, Any] = {}

    def client(service: str) -> Any:
        if service not in clients:
            with _SESSION_LOCK:
                made = _session().client(service, region_name="us-east-1", config=aws._CONFIG)
            clients[service] = made
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
