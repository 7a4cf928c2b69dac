"""The baseline Lambda's package: s3://<blueprint bucket>/blueprints/lambdas/create_baseline_job.zip.

It carries `core.monitoring` (standard library only), where the monitoring types are declared.
"""

from __future__ import annotations

from ..lambdas import CUSTOM_RESOURCE_RUNTIME, RUNTIME_LIBRARIES, BlueprintLambda

BASELINE_LAMBDA = BlueprintLambda(
    "create_baseline_job",
    (f"{__package__}.runtime", CUSTOM_RESOURCE_RUNTIME, "mlops_orchestrator.core.monitoring"),
    requirements=RUNTIME_LIBRARIES,
)
