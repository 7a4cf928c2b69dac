"""The StackSet Lambda's package (one per stage of the pipeline):
s3://<blueprint bucket>/blueprints/lambdas/create_update_cf_stackset.zip."""

from __future__ import annotations

from ..lambdas import RUNTIME_LIBRARIES, BlueprintLambda

STACKSET_LAMBDA = BlueprintLambda(
    "create_update_cf_stackset",
    (f"{__package__}.runtime",),
    requirements=RUNTIME_LIBRARIES,
    entry_point="stackset.lambda_handler",
)
