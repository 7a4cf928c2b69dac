"""What differs between the four monitor blueprints beyond their monitoring type: names, and which template
parameters feed the baseline."""

from __future__ import annotations

from dataclasses import dataclass

from mlops_orchestrator.core.catalog.declaration import Blueprint
from mlops_orchestrator.core.catalog.monitors import MONITORS
from mlops_orchestrator.core.monitoring import MonitoringType


@dataclass(frozen=True)
class MonitorKind:
    type: MonitoringType
    tag: str
    """The short form in the stack description, as in the original (mlops-byom-dq, ...)."""
    baseline_attributes: tuple[tuple[str, str], ...] = ()
    """(custom resource property, template parameter) of the type's own baseline inputs."""

    @property
    def monitoring_type(self) -> str:
        """DataQuality, ModelQuality, ModelBias or ModelExplainability (the schedule's MonitoringType)."""
        return self.type.value

    @property
    def blueprint(self) -> Blueprint:
        return MONITORS[self.type].blueprint

    @property
    def stack_id(self) -> str:
        """The original's stack id, e.g. DataQualityModelMonitorStack."""
        return f"{self.type.value}ModelMonitorStack"

    @property
    def clarify(self) -> bool:
        return self.type.clarify

    @property
    def ground_truth(self) -> bool:
        return self.type.ground_truth

    @property
    def snake(self) -> str:
        return self.type.snake


KINDS = (
    MonitorKind(MonitoringType.DATA_QUALITY, "mlops-byom-dq"),
    MonitorKind(
        MonitoringType.MODEL_QUALITY,
        "mlops-byom-mq",
        (
            ("ProblemType", "ProblemType"),
            ("InferenceAttribute", "BaselineInferenceAttribute"),
            ("ProbabilityAttribute", "BaselineProbabilityAttribute"),
            ("GroundTruthAttribute", "BaselineGroundTruthAttribute"),
            ("ProbabilityThresholdAttribute", "ProbabilityThresholdAttribute"),
        ),
    ),
    MonitorKind(
        MonitoringType.MODEL_BIAS,
        "mlops-byom-mb",
        (("BiasConfig", "BiasConfig"), ("ModelPredictedLabelConfig", "ModelPredictedLabelConfig")),
    ),
    MonitorKind(
        MonitoringType.MODEL_EXPLAINABILITY,
        "mlops-byom-me",
        (
            ("SHAPConfig", "SHAPConfig"),
            ("ModelScores", "ExplainabilityModelScores"),
            # Not read by Clarify's explainability analysis; kept so any change to them re-runs the baseline.
            ("ProblemType", "ProblemType"),
            ("ProbabilityThresholdAttribute", "ProbabilityThresholdAttribute"),
        ),
    ),
)
