"""The deployment blueprints: the single- and multi-account CodePipelines."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .lambdas import BlueprintLambda

DEPLOY_BLUEPRINTS: dict[str, Callable[[Any], Any]] = {}
DEPLOY_LAMBDAS: tuple[BlueprintLambda, ...] = ()
