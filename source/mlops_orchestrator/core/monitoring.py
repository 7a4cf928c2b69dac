"""The four kinds of model monitor, as SageMaker names them, and what each kind implies.

Standard library only: the baseline Lambda ships this module beside its runtime, so the orchestrator, the
blueprints and that Lambda read the kinds from here.
"""

from __future__ import annotations

import enum

PROBLEM_TYPES: tuple[str, ...] = ("Regression", "BinaryClassification", "MulticlassClassification")
"""The problem types SageMaker's model-quality, bias and explainability monitors (and Autopilot) take."""


class MonitoringType(enum.StrEnum):
    """SageMaker's `MonitoringType` of a schedule (and the prefix of its job definition's resource type)."""

    DATA_QUALITY = "DataQuality"
    MODEL_QUALITY = "ModelQuality"
    MODEL_BIAS = "ModelBias"
    MODEL_EXPLAINABILITY = "ModelExplainability"

    @property
    def clarify(self) -> bool:
        """Run by SageMaker Clarify (bias, explainability) rather than the model-monitor analyzer."""
        return self in (MonitoringType.MODEL_BIAS, MonitoringType.MODEL_EXPLAINABILITY)

    @property
    def ground_truth(self) -> bool:
        """Compares predictions with ground-truth labels that users deliver."""
        return self in (MonitoringType.MODEL_QUALITY, MonitoringType.MODEL_BIAS)

    @property
    def image_framework(self) -> str:
        """The SageMaker image that runs the kind's jobs."""
        return "clarify" if self.clarify else "model-monitor"

    @property
    def snake(self) -> str:
        """data_quality, model_quality, ... (local paths inside the monitoring jobs)."""
        return "".join(f"_{c.lower()}" if c.isupper() else c for c in self.value).lstrip("_")

    @property
    def arn_type(self) -> str:
        """data-quality, model-quality, ... (as in `arn:...:data-quality-job-definition/<name>`)."""
        return self.snake.replace("_", "-")
