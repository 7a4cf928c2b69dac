"""A request as the provision page shows it while it is typed: JSON syntax, the API's field errors, or the plan.

The check is the API's own dry run (`"dry_run": true` validates, plans and creates nothing), so the page shows
exactly the errors a submit would get, for the mode (single- or multi-account, registry) the API runs in.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from mlops_orchestrator.cli.api_errors import ApiError
from mlops_orchestrator.cli.exit_codes import CliError
from mlops_orchestrator.cli.plan_view import render_plan

from .backend import Backend

MAX_REQUEST_BYTES = 256 * 1024
"""Far above any real request; a larger paste is refused before it is parsed or sent."""


@dataclass
class Check:
    empty: bool = False
    syntax: str | None = None
    message: str | None = None
    problems: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    plan: str | None = None
    failure: str | None = None
    details: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.plan is not None


def parse(text: str) -> tuple[dict[str, Any] | None, Check | None]:
    """The request as a JSON object, or the Check that says why it is not one."""
    if not text.strip():
        return None, Check(empty=True)
    if len(text.encode()) > MAX_REQUEST_BYTES:
        return None, Check(syntax=f"the request is larger than {MAX_REQUEST_BYTES // 1024} KiB")
    try:
        body = json.loads(text)
    except ValueError as error:
        where = f"line {error.lineno}, column {error.colno}: " if isinstance(error, json.JSONDecodeError) else ""
        return None, Check(syntax=f"not valid JSON: {where}{getattr(error, 'msg', error)}")
    if not isinstance(body, dict):
        return None, Check(syntax="the request must be one JSON object ({...}), as in mlops-config.json")
    return body, None


def check(backend: Backend, text: str) -> Check:
    body, refused = parse(text)
    if refused is not None or body is None:
        return refused or Check(empty=True)
    try:
        answer = backend.provision(body, dry_run=True)
    except ApiError as error:
        if error.status != 400:
            return Check(failure=str(error), details=error.details)
        return refused_by_api(error)
    except CliError as error:
        return Check(failure=str(error), details=error.details)
    return Check(
        message=str(answer.get("message") or ""),
        warnings=_pairs(answer.get("warnings")),
        plan=render_plan(answer.get("plan") or {}, None),
    )


def refused_by_api(error: ApiError) -> Check:
    return Check(
        message=str(error.body.get("message") or error),
        problems=_pairs(error.body.get("errors")),
        warnings=_pairs(error.body.get("warnings")),
    )


def _pairs(items: Any) -> list[tuple[str, str]]:
    return [
        (str(item.get("field", "?")), str(item.get("message", ""))) for item in items or [] if isinstance(item, dict)
    ]
