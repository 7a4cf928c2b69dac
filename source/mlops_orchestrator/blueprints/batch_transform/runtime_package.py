"""The batch transform Lambda's package: s3://<blueprint bucket>/blueprints/lambdas/batch_transform.zip."""

from __future__ import annotations

from ..lambdas import CUSTOM_RESOURCE_RUNTIME, RUNTIME_LIBRARIES, BlueprintLambda

BATCH_LAMBDA = BlueprintLambda(
    "batch_transform", (f"{__package__}.runtime", CUSTOM_RESOURCE_RUNTIME), requirements=RUNTIME_LIBRARIES
)
