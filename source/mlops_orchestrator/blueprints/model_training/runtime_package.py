"""The training and tuning Lambda's package: s3://<blueprint bucket>/blueprints/lambdas/create_model_training_job.zip."""

from __future__ import annotations

from ..lambdas import CUSTOM_RESOURCE_RUNTIME, RUNTIME_LIBRARIES, BlueprintLambda

TRAINING_LAMBDA = BlueprintLambda(
    "create_model_training_job",
    (f"{__package__}.runtime", CUSTOM_RESOURCE_RUNTIME),
    requirements=RUNTIME_LIBRARIES,
)
