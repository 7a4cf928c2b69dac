"""The original's model-card request fields, validated in one pass with the path of every problem."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeGuard, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

from ..errors import FieldProblem, RequestValidationError, field_path

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

# SageMaker's ModelCardName / ModelCardExportJobName patterns and limits (the API rejects anything else).
CARD_NAME = r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$"
Status = Literal["Draft", "PendingReview", "Approved", "Archived"]
RiskRating = Literal["High", "Medium", "Low", "Unknown"]
Text = str
# The metric files the orchestrator reads (metric_formats has one parser per name).
MetricType = Literal[
    "model_card_metric_schema",
    "clarify_bias",
    "clarify_explainability",
    "regression",
    "binary_classification",
    "multiclass_classification",
]
S3_URL = re.compile(r"^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/.+$")


class Strict(BaseModel):
    # Unknown keys are a 400 naming them (the original dropped them silently, hiding typos).
    model_config = ConfigDict(extra="forbid", strict=True)


class ModelOverview(Strict):
    model_id: Text | None = None
    model_name: str | None = Field(default=None, min_length=1, max_length=63)
    model_description: Text | None = None
    model_version: int | float | None = None
    problem_type: Text | None = None
    algorithm_type: Text | None = None
    model_creator: Text | None = None
    model_owner: Text | None = None
    model_artifact: list[str] | None = None
    inference_environment: list[str] | None = None


class IntendedUses(Strict):
    purpose_of_model: Text | None = None
    intended_uses: Text | None = None
    factors_affecting_model_efficiency: Text | None = None
    risk_rating: RiskRating = "Unknown"
    explanations_for_risk_rating: Text | None = None


class ObjectiveFunction(Strict):
    function: Literal["Maximize", "Minimize"] | None = None
    facet: Text | None = None
    condition: Text | None = None
    notes: Text | None = None


class TrainingMetric(Strict):
    name: str = Field(min_length=1)
    value: int | float
    notes: Text | None = None


class TrainingJobDetails(Strict):
    training_arn: Text | None = None
    training_datasets: list[str] | None = None
    training_environment: list[str] | None = None
    training_metrics: list[TrainingMetric] | None = None
    user_provided_training_metrics: list[TrainingMetric] | None = None


class TrainingDetails(Strict):
    training_job_name: str | None = Field(default=None, min_length=1, max_length=63)
    # The SDK's from_model_name: the training job is found by the model's artifact (discovery.py).
    model_name: str | None = Field(default=None, min_length=1, max_length=63)
    objective_function: ObjectiveFunction | None = None
    training_observations: Text | None = None
    training_job_details: TrainingJobDetails | None = None

    @field_validator("model_name")
    @classmethod
    def _one_source(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and info.data.get("training_job_name") is not None:
            raise ValueError("give model_name or training_job_name, not both: each names the training job")
        return value


class MetricData(Strict):
    name: str = Field(min_length=1)
    type: Literal["number", "string", "boolean", "linear_graph", "bar_chart", "matrix"]
    value: Any
    notes: Text | None = None
    x_axis_name: str | list[str] | None = None
    y_axis_name: str | list[str] | None = None

    @model_validator(mode="after")
    def _value_of_its_type(self) -> MetricData:
        # SageMaker checks the value against the type only when the card is written: say so before.
        if not _VALUE_CHECKS[self.type](self.value):
            raise ValueError(f"value does not fit type {self.type}: {_VALUE_SHAPES[self.type]}")
        return self


def _is_number(value: object) -> TypeGuard[float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _numbers(value: object) -> TypeGuard[list[float]]:
    return isinstance(value, list) and bool(value) and all(_is_number(item) for item in value)


def _rows(value: object) -> TypeGuard[list[list[float]]]:
    return isinstance(value, list) and bool(value) and all(_numbers(row) for row in value)


_VALUE_CHECKS: dict[str, Callable[[object], bool]] = {
    "number": _is_number,
    "string": lambda value: isinstance(value, str),
    "boolean": lambda value: isinstance(value, bool),
    "linear_graph": lambda value: _rows(value) and all(len(point) == 2 for point in value),
    "bar_chart": _numbers,
    "matrix": lambda value: _rows(value),
}
_VALUE_SHAPES = {
    "number": "a finite number",
    "string": "a string",
    "boolean": "true or false",
    "linear_graph": "[[x, y], ...]",
    "bar_chart": "[number, ...]",
    "matrix": "[[number, ...], ...]",
}


class MetricGroup(Strict):
    name: str = Field(min_length=1)
    metric_data: list[MetricData] = Field(default_factory=list)


class Evaluation(Strict):
    name: str = Field(min_length=1)
    # Read from S3 and turned into metric groups (metric_files.py), appended to the metric_groups given.
    metric_file_s3_url: str | None = None
    metric_type: MetricType | None = Field(default=None, validate_default=True)
    evaluation_observation: Text | None = None
    evaluation_job_arn: Text | None = None
    datasets: list[str] | None = None
    metadata: dict[str, Any] | None = None
    metric_groups: list[MetricGroup] | None = None

    @field_validator("metric_file_s3_url")
    @classmethod
    def _an_s3_url(cls, value: str | None) -> str | None:
        if value is not None and not S3_URL.match(value):
            raise ValueError("must be an S3 URL: s3://<assets bucket>/model_card_metrics/<file>.json")
        return value

    @field_validator("metric_type")
    @classmethod
    def _with_a_file(cls, value: str | None, info: ValidationInfo) -> str | None:
        if "metric_file_s3_url" not in info.data:
            return value  # the URL has a problem of its own
        if info.data["metric_file_s3_url"] is not None and value is None:
            raise ValueError(f"is required with metric_file_s3_url: one of {', '.join(get_args(MetricType))}")
        if info.data["metric_file_s3_url"] is None and value is not None:
            raise ValueError("is given without metric_file_s3_url, the metric file it describes")
        return value


class AdditionalInformation(Strict):
    ethical_considerations: Text | None = None
    caveats_and_recommendations: Text | None = None
    custom_details: dict[str, Any] | None = None


class ModelCardRequest(Strict):
    pipeline_type: str
    name: str | None = Field(default=None, pattern=CARD_NAME)
    status: Status | None = None
    version: int | None = Field(default=None, ge=1)
    model_card_version: int | None = Field(default=None, ge=1)
    export_job_name: str | None = Field(default=None, pattern=CARD_NAME)
    # Read by the original but never sent by it to SageMaker; accepted so its bodies keep working.
    arn: str | None = None
    created_by: Any = None
    last_modified_by: Any = None
    model_overview: ModelOverview | None = None
    intended_uses: IntendedUses | None = None
    training_details: TrainingDetails | None = None
    evaluation_details: list[Evaluation] | None = None
    additional_information: AdditionalInformation | None = None

    def sections_given(self) -> set[str]:
        return {name for name in SECTIONS if getattr(self, name) is not None}


SECTIONS = ("model_overview", "intended_uses", "training_details", "evaluation_details", "additional_information")


def parse(body: Mapping[str, object]) -> ModelCardRequest:
    """The typed request, or RequestValidationError with every problem; `name` is required except to list."""
    problems: list[FieldProblem] = []
    request = None
    try:
        request = ModelCardRequest.model_validate(body)
    except ValidationError as error:
        problems = problems_of(error)
    # Optional in the model (listing needs none); a wrong name is already a problem from the pattern.
    if body.get("pipeline_type") != "list_model_cards" and body.get("name") is None:
        problems.insert(0, FieldProblem("name", "is required: the model card's name"))
    if problems or request is None:
        raise RequestValidationError(problems)
    return request


def problems_of(error: ValidationError, prefix: str = "") -> list[FieldProblem]:
    """Each of pydantic's errors as a problem with a field path, under `prefix` (a path itself) if given."""
    return [FieldProblem(field_path(item["loc"], prefix), _message(item)) for item in error.errors()]


def _message(item: ErrorDetails) -> str:
    kind = item["type"]
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return "is not a model card field"
    message: str = item["msg"]
    if kind == "value_error":
        message = message.removeprefix("Value error, ")
    return message[0].lower() + message[1:] if message else kind
