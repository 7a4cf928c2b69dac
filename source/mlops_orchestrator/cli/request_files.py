"""Read a request file (a provisioning body, the same document as mlops-config.json); `-` reads stdin."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from .exit_codes import EXIT_INVALID, CliError


def load_request(path: Path) -> dict[str, Any]:
    try:
        text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
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
