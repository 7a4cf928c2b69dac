"""The four model monitor blueprints (one stack class) and their baseline Lambda.

Stacks are imported when built, so that reading the registry loads no CDK.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .lambdas import CUSTOM_RESOURCE_RUNTIME, BlueprintLambda

BASELINE_LAMBDA = BlueprintLambda(
    "create_baseline_job", ("mlops_orchestrator.blueprints.model_monitor.runtime", CUSTOM_RESOURCE_RUNTIME)
)

STACK_IDS = {
    "DataQuality": "DataQualityModelMonitorStack",
    "ModelQuality": "ModelQualityModelMonitorStack",
    "ModelBias": "ModelBiasModelMonitorStack",
    "ModelExplainability": "ModelExplainabilityModelMonitorStack",
}


def build_monitor(monitoring_type: str) -> Callable[[Any], Any]:
    def build(app: Any) -> Any:
        from mlops_orchestrator.infrastructure.synthesizer import synthesizer

        from .model_monitor.kinds import KINDS
        from .model_monitor.stack import ModelMonitorStack

        kind = next(kind for kind in KINDS if kind.monitoring_type == monitoring_type)
        return ModelMonitorStack(app, STACK_IDS[monitoring_type], kind=kind, synthesizer=synthesizer())

    return build


MONITOR_BLUEPRINTS: dict[str, Callable[[Any], Any]] = {
    "byom_data_quality_monitor.yaml": build_monitor("DataQuality"),
    "byom_model_quality_monitor.yaml": build_monitor("ModelQuality"),
    "byom_model_bias_monitor.yaml": build_monitor("ModelBias"),
    "byom_model_explainability_monitor.yaml": build_monitor("ModelExplainability"),
}
MONITOR_LAMBDAS: tuple[BlueprintLambda, ...] = (BASELINE_LAMBDA,)
