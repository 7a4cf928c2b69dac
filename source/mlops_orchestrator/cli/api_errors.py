"""Turn an API error answer into one clear line, the field problems, and a hint for the usual causes."""

from __future__ import annotations

import json
from typing import Any

from .exit_codes import EXIT_INVALID, EXIT_SERVER, CliError

# (text in API Gateway's or the orchestrator's message, what to do about it); first match wins.
_HINTS: tuple[tuple[str, str], ...] = (
    (
        "missing authentication token",
        "API Gateway says this for unsigned requests and for paths that do not exist: check that the URL "
        "ends with the stage (for example .../prod) and that --no-sign is not set",
    ),
    (
        "signature we calculated does not match",
        "the signing region or credentials do not match the API: pass --region with the API's region and "
        "check the system clock",
    ),
    ("signature expired", "the request was signed too long ago: check the system clock"),
    ("security token included in the request is invalid", "the AWS credentials are invalid or expired: refresh them"),
    ("token has expired", "the AWS credentials have expired: refresh them (for example `aws sso login`)"),
    (
        "not authorized to perform: execute-api:invoke",
        "your IAM identity needs execute-api:Invoke on this API (POST on its resources)",
    ),
    ("forbidden", "the API refused this identity: it needs execute-api:Invoke on the API"),
)
_STATUS_HINTS = {
    404: "list the pipelines with `mlops-orchestrator list`; a pipeline id is the pipeline_id or stack name",
    409: "the pipeline is busy with another change: wait for it (`status ID --watch`) and send the request again",
    429: "the API is throttling requests: wait a moment and try again",
}
_SERVER_HINT = (
    "a server-side error: the orchestrator Lambda's CloudWatch logs have the details "
    "(AllowDetailedErrorMessage=Yes puts them in the answer)"
)


class ApiError(CliError):
    """The API answered with an HTTP error. `status` and the decoded `body` stay available to callers."""

    def __init__(self, status: int, body: dict[str, Any], message: str, details: list[str], exit_code: int) -> None:
        super().__init__(message, exit_code, details)
        self.status = status
        self.body = body


def api_error(status: int, raw: bytes, url: str) -> ApiError:
    body = _decode(raw)
    headline = str(body.get("message") or body.get("Message") or "").strip() or "no message"
    detailed = str(body.get("detailedMessage") or "").strip()
    message = f"HTTP {status} from {url}: {headline}"
    if detailed and detailed != headline:
        message += f": {detailed}"
    details = [
        f"{problem.get('field', '?')}: {problem.get('message', '')}"
        for problem in body.get("errors") or []
        if isinstance(problem, dict)
    ]
    details += [
        f"warning: {problem.get('field', '?')}: {problem.get('message', '')}"
        for problem in body.get("warnings") or []
        if isinstance(problem, dict)
    ]
    hint = _hint(status, f"{headline} {detailed}".lower())
    if hint:
        details.append(f"hint: {hint}")
    exit_code = EXIT_SERVER if status >= 500 or status == 429 else EXIT_INVALID
    return ApiError(status, body, message, details, exit_code)


def _hint(status: int, text: str) -> str | None:
    for marker, hint in _HINTS:
        if marker in text:
            return hint
    if status >= 500:
        return _SERVER_HINT
    return _STATUS_HINTS.get(status)


def _decode(raw: bytes) -> dict[str, Any]:
    try:
        body = json.loads(raw)
    except ValueError:
        text = raw.decode("utf-8", errors="replace").strip()
        return {"message": text[:300]}
    return body if isinstance(body, dict) else {"message": str(body)[:300]}
