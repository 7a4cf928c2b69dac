"""AWS faults injected at the botocore level, so that the clients' real retry logic runs.

A handler registered first on `before-send.<service>.<Operation>` of the orchestrator's own (cached) client
answers before any HTTP request: it returns an error response (or raises a read timeout) for the first `times`
attempts, then lets the call through. `calls` and `injected` count attempts.

botocore calls every before-send handler, and takes the first answer: moto's in-process handler would still
run (and create the stack or the object) after ours answered. So a failed attempt also points the request at
an address no moto backend matches, and moto leaves it alone. The tests check that nothing was created.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from botocore.awsrequest import AWSResponse
from botocore.exceptions import ReadTimeoutError

ALWAYS = 10_000
UNMATCHED_URL = "http://fault-injected.invalid/"


@dataclass(frozen=True)
class Fault:
    """One kind of failure, with what each protocol says for it."""

    name: str
    status: int
    codes: dict[str, str]  # service -> error code
    transient: bool

    def code(self, service: str) -> str:
        return self.codes[service]


THROTTLING = Fault(
    "throttling",
    400,
    {"s3": "SlowDown", "cloudformation": "Throttling", "codepipeline": "ThrottlingException"},
    True,
)
SERVER_ERROR = Fault(
    "server-error",
    500,
    {"s3": "InternalError", "cloudformation": "InternalFailure", "codepipeline": "InternalFailure"},
    True,
)
TIMEOUT = Fault("timeout", 0, {"s3": "timeout", "cloudformation": "timeout", "codepipeline": "timeout"}, True)
ACCESS_DENIED = Fault(
    "access-denied",
    403,
    {"s3": "AccessDenied", "cloudformation": "AccessDenied", "codepipeline": "AccessDeniedException"},
    False,
)
TRANSIENT = [THROTTLING, SERVER_ERROR, TIMEOUT]


def _status(fault: Fault, service: str) -> int:
    # S3 throttles with 503 SlowDown; the others with a 400 and a throttling code.
    return 503 if (fault is THROTTLING and service == "s3") else fault.status


def error_response(fault: Fault, service: str, url: str) -> AWSResponse:
    code = fault.code(service)
    message = f"injected {fault.name}"
    headers: dict[str, str] = {"x-amzn-requestid": "injected"}
    if service == "codepipeline":
        body = f'{{"__type": "{code}", "message": "{message}"}}'.encode()
        headers["Content-Type"] = "application/x-amz-json-1.1"
    elif service == "s3":
        body = f"<Error><Code>{code}</Code><Message>{message}</Message><RequestId>r</RequestId></Error>".encode()
        headers["Content-Type"] = "application/xml"
    else:
        body = (
            "<ErrorResponse><Error><Type>Sender</Type>"
            f"<Code>{code}</Code><Message>{message}</Message></Error><RequestId>r</RequestId></ErrorResponse>"
        ).encode()
        headers["Content-Type"] = "text/xml"
    return AWSResponse(url, _status(fault, service), headers, _Raw(body))


class _Raw:
    """The raw stream botocore reads a response body from."""

    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_: Any) -> Any:
        yield self._body

    def read(self, *_: Any) -> bytes:
        body, self._body = self._body, b""
        return body


@dataclass
class Injection:
    service: str
    operation: str
    fault: Fault
    times: int
    before: Callable[[], None] | None = None
    calls: int = 0
    injected: int = 0
    _hooks: list[tuple[Any, str, Any]] = field(default_factory=list)

    def __call__(self, request: Any, **_: Any) -> AWSResponse | None:
        self.calls += 1
        if self.before is not None and self.calls == 1:
            self.before()
        if self.injected >= self.times:
            return None
        self.injected += 1
        url = request.url
        if self.fault is TIMEOUT:
            raise ReadTimeoutError(endpoint_url=url)
        request.url = UNMATCHED_URL
        return error_response(self.fault, self.service, url)

    def attach(self, client: Any) -> Injection:
        event = f"before-send.{self.service}.{self.operation}"
        client.meta.events.register_first(event, self, unique_id=f"fault-{id(self)}")
        self._hooks.append((client, event, f"fault-{id(self)}"))
        return self

    def detach(self) -> None:
        for client, event, unique_id in self._hooks:
            client.meta.events.unregister(event, unique_id=unique_id)
        self._hooks.clear()


def matrix(steps: list[Any], faults: list[Fault]) -> list[tuple[Any, Fault]]:
    """Long mode: every fault at every step. CI mode: every step once, the faults taking turns across steps
    (each fault still runs at several steps), which keeps the bounded run short."""
    from tests.reliability.modes import LONG

    if LONG:
        return [(step, fault) for step in steps for fault in faults]
    return [(step, faults[index % len(faults)]) for index, step in enumerate(steps)]


def cases(steps: list[Any], faults: list[Fault], known_bug: Callable[[Any], Any] | None = None) -> list[Any]:
    """pytest parameters (step, fault) of `matrix`, with the known bug's strict xfail on the steps it hits."""
    import pytest

    params = []
    for step, fault in matrix(steps, faults):
        mark = known_bug(step) if known_bug else None
        label = "-".join(step) if isinstance(step, tuple) else str(step)
        params.append(pytest.param(step, fault, id=f"{label}-{fault.name}", marks=[mark] if mark else []))
    return params


def operations_called(source: Path, receiver: str, service: str) -> set[str]:
    """The API operations (`GetPipelineState`) that the code under `source` calls on `self.<receiver>`, by
    reading it: `self._codepipeline.get_pipeline_state(...)` and `self._codepipeline.get_paginator("...")`."""
    import ast

    import botocore.session
    from botocore import xform_name

    model = botocore.session.get_session().get_service_model(service)
    by_method = {xform_name(name): name for name in model.operation_names}
    found: set[str] = set()
    for path in sorted(source.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            target = node.func.value
            if not (isinstance(target, ast.Attribute) and target.attr == receiver):
                continue
            method = node.func.attr
            if method == "get_paginator" and node.args and isinstance(node.args[0], ast.Constant):
                method = str(node.args[0].value)
            if method in by_method:
                found.add(by_method[method])
    return found
