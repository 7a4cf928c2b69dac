"""The workload blueprints: real-time inference, batch transform and the custom image builder."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .lambdas import BlueprintLambda

WORKLOAD_BLUEPRINTS: dict[str, Callable[[Any], Any]] = {}
WORKLOAD_LAMBDAS: tuple[BlueprintLambda, ...] = ()
