"""The original's model-card request fields, validated in one pass with the path of every problem."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..errors import FieldProblem, RequestValidationError

# SageMaker's ModelCardName / ModelCardExportJobName patterns and limits (the API rejects anything else).
CARD_NAME = r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$"
Status = Literal["Draft", "PendingReview", "Approved", "Archived"]
RiskRating = Literal["High", "Medium", "Low", "Unknown"]
Text = str


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
    model_name: str | None = Field(default=None, min_length=1, max_length=63)
    training_job_name: str | None = Field(default=None, min_length=1, max_length=63)
    objective_function: ObjectiveFunction | None = None
    training_observations: Text | None = None
    training_job_details: TrainingJobDetails | None = None

    @model_validator(mode="after")
    def _one_source(self) -> TrainingDetails:
        if self.model_name is not None:
            # The SDK finds the job through sagemaker:Search on the model's artifact; not built (yet).
            raise ValueError("model_name is not supported here: name the training job with training_job_name")
        return self


class MetricData(Strict):
    name: str = Field(min_length=1)
    type: Literal["number", "string", "boolean", "linear_graph", "bar_chart", "matrix"]
    value: Any
    notes: Text | None = None
    x_axis_name: str | list[str] | None = None
    y_axis_name: str | list[str] | None = None


class MetricGroup(Strict):
    name: str = Field(min_length=1)
    metric_data: list[MetricData] = Field(default_factory=list)


class Evaluation(Strict):
    name: str = Field(min_length=1)
    metric_file_s3_url: str | None = None
    metric_type: str | None = None
    evaluation_observation: Text | None = None
    evaluation_job_arn: Text | None = None
    datasets: list[str] | None = None
    metadata: dict[str, Any] | None = None
    metric_groups: list[MetricGroup] | None = None

    @model_validator(mode="after")
    def _no_metric_files(self) -> Evaluation:
        if self.metric_file_s3_url is not None or self.metric_type is not None:
            # Parsing metric files (the SDK reads them from S3) is not built: give metric_groups instead.
            raise ValueError("metric_file_s3_url and metric_type are not supported yet: give metric_groups")
        return self


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


def parse(body: dict[str, Any]) -> ModelCardRequest:
    """The typed request, or RequestValidationError with every problem; `name` is required except to list."""
    problems: list[FieldProblem] = []
    request = None
    try:
        request = ModelCardRequest.model_validate(body)
    except ValidationError as error:
        problems = [FieldProblem(_path(item["loc"]), _message(item)) for item in error.errors()]
    # Optional in the model (listing needs none); a wrong name is already a problem from the pattern.
    if body.get("pipeline_type") != "list_model_cards" and body.get("name") is None:
        problems.insert(0, FieldProblem("name", "is required: the model card's name"))
    if problems or request is None:
        raise RequestValidationError(problems)
    return request


def _path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def _message(item: Any) -> str:
    kind = item["type"]
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return "is not a model card field"
    message: str = item["msg"]
    if kind == "value_error":
        message = message.removeprefix("Value error, ")
    return message[0].lower() + message[1:] if message else kind
