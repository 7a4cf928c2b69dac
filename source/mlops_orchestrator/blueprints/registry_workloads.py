"""The workload blueprints: real-time inference, batch transform and the custom image builder.

Stacks are imported when built, so importing the registry (local mode, the contract tests) loads no CDK.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .lambdas import CUSTOM_RESOURCE_RUNTIME, BlueprintLambda

INFERENCE_LAMBDA = BlueprintLambda("inference", ("mlops_orchestrator.blueprints.realtime_inference.runtime",))
BATCH_LAMBDA = BlueprintLambda(
    "batch_transform", ("mlops_orchestrator.blueprints.batch_transform.runtime", CUSTOM_RESOURCE_RUNTIME)
)


def build_realtime(app: Any) -> Any:
    from mlops_orchestrator.infrastructure.synthesizer import synthesizer

    from .realtime_inference.stack import BYOMRealtimePipelineStack

    return BYOMRealtimePipelineStack(app, "BYOMRealtimePipelineStack", synthesizer=synthesizer())


def build_batch(app: Any) -> Any:
    from mlops_orchestrator.infrastructure.synthesizer import synthesizer

    from .batch_transform.stack import BYOMBatchStack

    return BYOMBatchStack(app, "BYOMBatchStack", synthesizer=synthesizer())


def build_image_builder(app: Any) -> Any:
    from mlops_orchestrator.infrastructure.synthesizer import synthesizer

    from .image_builder.stack import BYOMCustomAlgorithmImageBuilderStack

    return BYOMCustomAlgorithmImageBuilderStack(app, "BYOMCustomAlgorithmImageBuilderStack", synthesizer=synthesizer())


WORKLOAD_BLUEPRINTS: dict[str, Callable[[Any], Any]] = {
    "byom_realtime_inference_pipeline.yaml": build_realtime,
    "byom_batch_pipeline.yaml": build_batch,
    "byom_custom_algorithm_image_builder.yaml": build_image_builder,
}
WORKLOAD_LAMBDAS: tuple[BlueprintLambda, ...] = (INFERENCE_LAMBDA, BATCH_LAMBDA)
