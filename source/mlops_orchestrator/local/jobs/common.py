"""Helpers every simulated job uses: timestamps as moto keeps them, and repeatable "random" numbers."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from moto.core.utils import utcnow

from .simulator import Job


def now() -> datetime:
    return utcnow()


def digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def fraction(*parts: str) -> float:
    """A number in [0, 1) that depends only on `parts` (the same job always scores the same)."""
    return int(digest(*parts)[:12], 16) / float(16**12)


def score(*parts: str, low: float = 0.80, high: float = 0.97) -> float:
    return round(low + (high - low) * fraction(*parts), 4)


def hex_id(length: int, *parts: str) -> str:
    return digest(*parts)[:length]


def json_bytes(document: Any) -> bytes:
    return (json.dumps(document, indent=2, sort_keys=False) + "\n").encode()


def runtime_seconds(job: Job) -> int:
    """The job's simulated runtime, at least a second (SageMaker bills whole seconds)."""
    return max(1, round(job.duration))


SIMULATED_BY = "mlops-orchestrator local mode (simulated SageMaker job; not a real model)"
