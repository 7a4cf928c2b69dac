"""The custom resource's properties, checked and typed: every input of a baseline job."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Self

from pydantic import Field, model_validator

from mlops_orchestrator.blueprints.custom_resource_runtime.properties import (
    ResourceProperties,
    Text,
    one_of,
    refuse,
    whole,
)
from mlops_orchestrator.core.monitoring import PROBLEM_TYPES, MonitoringType

_MAX_INSTANCES = 100
_MAX_VOLUME_GB = 16384
_MAX_RUNTIME_SECONDS = 432000


class BaselineProperties(ResourceProperties):
    monitoring_type: Annotated[MonitoringType, one_of(*MonitoringType)]
    baseline_job_name: Text
    assets_bucket: Text
    baseline_data: Text
    baseline_job_output_location: Text
    image_uri: Text
    role_arn: Text
    instance_type: Text
    instance_count: Annotated[int, whole(1, _MAX_INSTANCES)] = 1
    """The job's instance count; Clarify's shadow endpoint gets as many instances (the SDK's ModelConfig)."""
    instance_volume_size: Annotated[int, whole(1, _MAX_VOLUME_GB)] = 30
    max_runtime_seconds: Annotated[int | None, whole(1, _MAX_RUNTIME_SECONDS)] = None
    kms_key_arn: Text = ""
    endpoint_name: Text
    stack_name: Text = ""
    model_package_name: Text = ""
    """Registry mode: the model package version the baseline is made for (tagged on the job)."""
    model_name: Text = ""
    """Clarify kinds in registry mode: the model made from that version, which Clarify serves instead of the
    endpoint's current model."""
    # Clarify's JSON documents, read by `clarify` once the dataset's header and the endpoint's model are known.
    bias_config: Text = ""
    model_predicted_label_config: Text = ""
    shap_config: Text = Field("", alias="SHAPConfig")
    model_scores: Text = ""

    @property
    def data_uri(self) -> str:
        return f"s3://{self.assets_bucket}/{self.baseline_data.lstrip('/')}"

    @property
    def output_uri(self) -> str:
        """`bucket/prefix` as an s3:// URI (an s3:// prefix is accepted, not doubled; trailing / dropped)."""
        path = self.baseline_job_output_location.rstrip("/")
        return path if path.startswith("s3://") else f"s3://{path}"


class ModelQualityProperties(BaselineProperties):
    """The analyzer's model-quality settings, chosen as the original did before calling the SDK: Regression and
    MulticlassClassification get the inference attribute only; BinaryClassification gets the probability and its
    threshold when both are given, the inference attribute otherwise. What is missing is said plainly."""

    problem_type: Annotated[str, one_of(*PROBLEM_TYPES)]
    inference_attribute: Text = ""
    probability_attribute: Text = ""
    probability_threshold_attribute: Text = ""
    ground_truth_attribute: Text

    @property
    def uses_probability(self) -> bool:
        binary = self.problem_type == "BinaryClassification"
        return binary and bool(self.probability_attribute and self.probability_threshold_attribute)

    @model_validator(mode="after")
    def _has_a_prediction_to_judge(self) -> Self:
        if self.uses_probability or self.inference_attribute:
            return self
        if self.problem_type == "BinaryClassification":
            refuse(
                "BinaryClassification needs InferenceAttribute, or ProbabilityAttribute together with "
                "ProbabilityThresholdAttribute"
            )
        refuse(f"InferenceAttribute must be provided for {self.problem_type}")

    def analyzer_settings(self) -> dict[str, str]:
        settings = {"problem_type": self.problem_type}
        if self.uses_probability:
            settings.update(
                probability_attribute=self.probability_attribute,
                probability_threshold_attribute=self.probability_threshold_attribute,
            )
        else:
            settings["inference_attribute"] = self.inference_attribute
        settings["ground_truth_attribute"] = self.ground_truth_attribute
        return settings


def baseline_properties(properties: Mapping[str, Any]) -> BaselineProperties:
    """Model quality compares predictions with ground truth, so it needs the properties that say where they are."""
    model_quality = str(properties.get("MonitoringType") or "").strip() == MonitoringType.MODEL_QUALITY
    return (ModelQualityProperties if model_quality else BaselineProperties).read(properties)
