"""The Autopilot Lambda's package: s3://<blueprint bucket>/blueprints/lambdas/create_sagemaker_autopilot_job.zip."""

from __future__ import annotations

from ..lambdas import CUSTOM_RESOURCE_RUNTIME, RUNTIME_LIBRARIES, BlueprintLambda

AUTOPILOT_LAMBDA = BlueprintLambda(
    "create_sagemaker_autopilot_job",
    (f"{__package__}.runtime", CUSTOM_RESOURCE_RUNTIME),
    requirements=RUNTIME_LIBRARIES,
)
