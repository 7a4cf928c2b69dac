"""What differs between the four monitor types: blueprint, names, and which parameters feed the baseline."""

from __future__ import annotations

from dataclasses import dataclass

from mlops_orchestrator.core.catalog import blueprints
from mlops_orchestrator.core.catalog.declaration import Blueprint


@dataclass(frozen=True)
class MonitorKind:
    monitoring_type: str
    """DataQuality, ModelQuality, ModelBias or ModelExplainability (the schedule's MonitoringType)."""
    blueprint: Blueprint
    tag: str
    """The short form in the stack description, as in the original (mlops-byom-dq, ...)."""
    baseline_attributes: tuple[tuple[str, str], ...] = ()
    """(custom resource property, template parameter) of the type's own baseline inputs."""

    @property
    def clarify(self) -> bool:
        return self.monitoring_type in ("ModelBias", "ModelExplainability")

    @property
    def ground_truth(self) -> bool:
        return self.monitoring_type in ("ModelQuality", "ModelBias")

    @property
    def snake(self) -> str:
        """data_quality, model_quality, ... (the job definition's local paths)."""
        return "".join(f"_{c.lower()}" if c.isupper() else c for c in self.monitoring_type).lstrip("_")


DATA_QUALITY = MonitorKind("DataQuality", blueprints.DATA_QUALITY_MONITOR, "mlops-byom-dq")
MODEL_QUALITY = MonitorKind(
    "ModelQuality",
    blueprints.MODEL_QUALITY_MONITOR,
    "mlops-byom-mq",
    (
        ("ProblemType", "ProblemType"),
        ("InferenceAttribute", "BaselineInferenceAttribute"),
        ("ProbabilityAttribute", "BaselineProbabilityAttribute"),
        ("GroundTruthAttribute", "BaselineGroundTruthAttribute"),
        ("ProbabilityThresholdAttribute", "ProbabilityThresholdAttribute"),
    ),
)
MODEL_BIAS = MonitorKind(
    "ModelBias",
    blueprints.MODEL_BIAS_MONITOR,
    "mlops-byom-mb",
    (("BiasConfig", "BiasConfig"), ("ModelPredictedLabelConfig", "ModelPredictedLabelConfig")),
)
MODEL_EXPLAINABILITY = MonitorKind(
    "ModelExplainability",
    blueprints.MODEL_EXPLAINABILITY_MONITOR,
    "mlops-byom-me",
    (
        ("SHAPConfig", "SHAPConfig"),
        ("ModelScores", "ExplainabilityModelScores"),
        # Not read by Clarify's explainability analysis; kept so any change to them re-runs the baseline.
        ("ProblemType", "ProblemType"),
        ("ProbabilityThresholdAttribute", "ProbabilityThresholdAttribute"),
    ),
)
KINDS = (DATA_QUALITY, MODEL_QUALITY, MODEL_BIAS, MODEL_EXPLAINABILITY)
