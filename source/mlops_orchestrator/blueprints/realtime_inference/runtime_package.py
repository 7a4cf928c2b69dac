"""The inference Lambda's package (behind POST /inference): s3://<blueprint bucket>/blueprints/lambdas/inference.zip."""

from __future__ import annotations

from ..lambdas import BlueprintLambda

INFERENCE_LAMBDA = BlueprintLambda("inference", (f"{__package__}.runtime",))
