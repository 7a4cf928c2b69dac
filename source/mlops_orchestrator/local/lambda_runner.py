"""Runs a blueprint's Lambda function in this process: the handler its moto record names, with its environment.

moto stores the functions the blueprint templates declare but can only run them in Docker. Local mode runs
the same handler code in-process instead (the blueprints' runtime packages are importable here), with the
function's environment variables and a Lambda-like context. Its boto3 calls reach the emulator through the
process's `AWS_ENDPOINT_URL`, as the orchestrator's handler does (see `local.invoker`).

Only the blueprints' own runtimes are run: a handler outside `mlops_orchestrator.blueprints.*.runtime` is
refused, so a template cannot make local mode import arbitrary code.

A function acts in its own account, as on AWS: a blueprint deployed by a StackSet into a stage account calls
that account's emulated services. Every request a handler makes from its thread carries the emulator's
`x-moto-account-id` header (added by a hook on boto3's default session, which the handlers' clients use).
"""

from __future__ import annotations

import importlib
import os
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from .invoker import LambdaContext

_RUNTIME_PREFIX = "mlops_orchestrator.blueprints."
# Environment variables are process-wide. Functions that declare some run one at a time; functions that
# declare none (the custom-resource Lambdas) never wait, so a StackSet Lambda (CALL_AS) can wait for the
# stack instances it creates, whose custom resources run their own Lambdas in other threads.
_environment_lock = threading.Lock()
_acting = threading.local()
_HOOK_ID = "mlops-local-lambda-account"


class FunctionError(Exception):
    """The function cannot run here, or does not exist; the message says which."""


@dataclass(frozen=True)
class Function:
    """What running a function needs, read from its moto record."""

    name: str
    arn: str
    account_id: str
    handler: str
    memory_mb: int
    variables: Mapping[str, str]


def function(account_id: str, region: str, name_or_arn: str) -> Function:
    from moto.awslambda.models import lambda_backends

    try:
        record = lambda_backends[account_id][region].get_function(name_or_arn)
    except Exception as error:
        raise FunctionError(f"Function not found: {name_or_arn}") from error
    return Function(
        name=str(record.function_name),
        arn=str(record.function_arn),
        account_id=account_id,
        handler=str(record.handler),
        memory_mb=int(record.memory_size or 128),
        variables={str(key): str(value) for key, value in (record.environment_vars or {}).items()},
    )


def invoke(account_id: str, region: str, name_or_arn: str, event: Mapping[str, Any]) -> Any:
    """Call the function's handler with `event`, as Lambda would, and return what it returns."""
    return run(function(account_id, region, name_or_arn), event)


def run(target: Function, event: Mapping[str, Any]) -> Any:
    handler = _handler(target.handler)
    context = LambdaContext(
        function_name=target.name,
        invoked_function_arn=target.arn,
        memory_limit_in_mb=target.memory_mb,
        log_group_name=f"/aws/lambda/{target.name}",
    )
    _hook_default_session()
    previous = getattr(_acting, "account_id", None)
    _acting.account_id = target.account_id
    try:
        with _environment(target.variables):
            return handler(dict(event), context)
    finally:
        _acting.account_id = previous


def _hook_default_session() -> None:
    """Clients made from boto3's default session send the running function's account (idempotent)."""
    import boto3

    session = boto3._get_default_session()
    session.events.register("before-send", _add_account, unique_id=_HOOK_ID)


def _add_account(request: Any, **_: Any) -> None:
    account_id = getattr(_acting, "account_id", None)
    if account_id:
        request.headers["x-moto-account-id"] = account_id


def _handler(path: str) -> Callable[[dict[str, Any], Any], Any]:
    module_name, _, attribute = path.rpartition(".")
    if not module_name.startswith(_RUNTIME_PREFIX) or ".runtime" not in module_name:
        raise FunctionError(f"Local mode runs only the blueprints' own Lambda handlers, not {path!r}")
    try:
        handler: Callable[[dict[str, Any], Any], Any] = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError) as error:
        raise FunctionError(f"Handler {path!r} cannot be loaded: {error}") from error
    return handler


@contextmanager
def _environment(variables: Mapping[str, str]) -> Iterator[None]:
    if not variables:
        yield
        return
    with _environment_lock:
        previous = {name: os.environ.get(name) for name in variables}
        os.environ.update(variables)
        try:
            yield
        finally:
            for name, value in previous.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


def forget_warm_state() -> None:
    """Drop the clients the loaded blueprint runtimes cached, as a new Lambda container would start without them.

    They keep a warm container's boto3 clients in `functools.cache`; a client made for one local mode holds
    that emulator's endpoint, which is gone once it stops.
    """
    for name, module in list(sys.modules.items()):
        if not name.startswith(_RUNTIME_PREFIX) or "runtime" not in name:
            continue
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_clear", None)) and getattr(value, "__module__", None) == name:
                value.cache_clear()
