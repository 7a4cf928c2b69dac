"""Read a request file (a provisioning body, the same document as mlops-config.json); `-` reads stdin."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from mlops_orchestrator.core.body_limit import MAX_BODY_TEXT, too_large

from .exit_codes import EXIT_INVALID, CliError


def load_request(path: Path) -> dict[str, Any]:
    try:
        raw = sys.stdin.buffer.read() if str(path) == "-" else path.read_bytes()
        # The API refuses larger bodies before reading them (HTTP 413): a file that big fails offline too.
        if too_large(len(raw)):
            raise CliError(
                f"{path}: {len(raw)} bytes is more than the API accepts in one request body, {MAX_BODY_TEXT}",
                EXIT_INVALID,
            )
        text = raw.decode("utf-8")
    except OSError as error:
        raise CliError(f"{path}: cannot read: {error.strerror or error}", EXIT_INVALID) from None
    except UnicodeDecodeError as error:
        raise CliError(f"{path}: cannot read: not UTF-8 text ({error.reason})", EXIT_INVALID) from None
    try:
        body = json.loads(text)
    except json.JSONDecodeError as error:
        raise CliError(
            f"{path}: not valid JSON: {error.msg} at line {error.lineno} column {error.colno}", EXIT_INVALID
        ) from None
    if not isinstance(body, dict):
        raise CliError(f"{path}: must hold a JSON object (one pipeline request)", EXIT_INVALID)
    return body
