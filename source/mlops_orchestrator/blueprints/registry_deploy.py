"""The deployment blueprints: the single- and multi-account CodePipelines.

Stacks are imported when built, so that reading the registry loads no CDK.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .lambdas import BlueprintLambda

STACKSET_LAMBDA = BlueprintLambda(
    "create_update_cf_stackset", ("mlops_orchestrator.blueprints.multi_account_codepipeline.runtime",)
)


def build_single(app: Any) -> Any:
    from mlops_orchestrator.infrastructure.synthesizer import synthesizer

    from .single_account_codepipeline.stack import SingleAccountCodePipelineStack

    return SingleAccountCodePipelineStack(app, "SingleAccountCodePipelineStack", synthesizer=synthesizer())


def build_multi(app: Any) -> Any:
    from mlops_orchestrator.infrastructure.synthesizer import synthesizer

    from .multi_account_codepipeline.stack import MultiAccountCodePipelineStack

    return MultiAccountCodePipelineStack(app, "MultiAccountCodePipelineStack", synthesizer=synthesizer())


DEPLOY_BLUEPRINTS: dict[str, Callable[[Any], Any]] = {
    "single_account_codepipeline.yaml": build_single,
    "multi_account_codepipeline.yaml": build_multi,
}
DEPLOY_LAMBDAS: tuple[BlueprintLambda, ...] = (STACKSET_LAMBDA,)
