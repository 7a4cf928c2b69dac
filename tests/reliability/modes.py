"""CI mode (bounded, the default) or long mode (MLOPS_RELIABILITY=long): how many cases each part runs."""

from __future__ import annotations

import os

LONG = os.environ.get("MLOPS_RELIABILITY", "").strip().lower() == "long"


def budget(ci: int, long: int) -> int:
    """The number of cases for the current mode."""
    return long if LONG else ci


MODE_NAME = "long" if LONG else "ci"
