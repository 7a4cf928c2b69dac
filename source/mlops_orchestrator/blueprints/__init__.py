"""Blueprint stacks, one folder each with its Lambda runtime beside it.

`SYNTHESIZED_BLUEPRINTS` maps a blueprint file name to a function that builds its CDK stack in an app.
The contract tests, app.py and local mode use the real template for every file listed here, and fall back
to the catalog's parameter declarations for the others. `BLUEPRINT_LAMBDAS` lists the Lambda packages the
blueprints load from `s3://<blueprint bucket>/blueprints/lambdas/<name>.zip`; the orchestrator stack
publishes them there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .lambdas import BlueprintLambda
from .registry_deploy import DEPLOY_BLUEPRINTS, DEPLOY_LAMBDAS
from .registry_monitors import MONITOR_BLUEPRINTS, MONITOR_LAMBDAS
from .registry_training import TRAINING_BLUEPRINTS, TRAINING_LAMBDAS
from .registry_workloads import WORKLOAD_BLUEPRINTS, WORKLOAD_LAMBDAS

SYNTHESIZED_BLUEPRINTS: dict[str, Callable[[Any], Any]] = {
    **DEPLOY_BLUEPRINTS,
    **WORKLOAD_BLUEPRINTS,
    **TRAINING_BLUEPRINTS,
    **MONITOR_BLUEPRINTS,
}
BLUEPRINT_LAMBDAS: tuple[BlueprintLambda, ...] = (
    *DEPLOY_LAMBDAS,
    *WORKLOAD_LAMBDAS,
    *TRAINING_LAMBDAS,
    *MONITOR_LAMBDAS,
)
