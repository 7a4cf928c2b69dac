"""The Autopilot Lambda's package: s3://<blueprint bucket>/blueprints/lambdas/create_sagemaker_autopilot_job.zip."""

from __future__ import annotations

from ..lambdas import CUSTOM_RESOURCE_RUNTIME, BlueprintLambda

# Autopilot reads its properties with the training runtime's helpers.
AUTOPILOT_LAMBDA = BlueprintLambda(
    "create_sagemaker_autopilot_job",
    (f"{__package__}.runtime", "mlops_orchestrator.blueprints.model_training.runtime", CUSTOM_RESOURCE_RUNTIME),
)
