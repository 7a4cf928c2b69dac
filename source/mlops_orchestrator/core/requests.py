"""The bodies of /pipelinestatus, /deprovisionpipeline and /listpipelines, validated in one pass.

Each field states, next to its type, the one message a caller reads when the value does not fit; `parse` turns
pydantic's errors into FieldProblems with field paths. The same models describe the bodies in the OpenAPI document.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    StrictBool,
    StrictInt,
    StrictStr,
    StringConstraints,
    ValidationError,
    ValidatorFunctionWrapHandler,
    model_validator,
)
from pydantic_core import CoreSchema, ErrorDetails, PydanticCustomError, core_schema

from .errors import FieldProblem, RequestValidationError, field_path
from .fields import ModelPackageGroupName
from .listing import DEFAULT_PAGE, MAX_PAGE
from .naming import is_pipeline_id
from .validation import MISSING_KEY

Request = TypeVar("Request", bound=BaseModel)


@dataclass(frozen=True)
class Worded:
    """Whatever pydantic finds wrong with the field reads as `message`; `missing` reports it as a missing key."""

    message: str
    missing: bool = False

    def __get_pydantic_core_schema__(self, source: type, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_wrap_validator_function(self._validate, handler(source))

    def _validate(self, value: object, inner: ValidatorFunctionWrapHandler) -> object:
        try:
            return inner(value)
        except ValidationError as error:
            raise PydanticCustomError("missing" if self.missing else "invalid", self.message) from error


def _known_pipeline(pipeline_id: str | None) -> str | None:
    if pipeline_id is not None and not is_pipeline_id(pipeline_id):
        raise PydanticCustomError(
            "invalid", "must be a pipeline stack name or stack id, as /provisionpipeline returned"
        )
    return pipeline_id


Text = Annotated[StrictStr, StringConstraints(strip_whitespace=True, min_length=1)]
PIPELINE_ID = "The pipeline_id /provisionpipeline returned: the pipeline stack's name or id."


class _Body(BaseModel):
    # Built on first use, like the provisioning models: a cold start serves one route.
    model_config = ConfigDict(defer_build=True)


class StatusRequest(_Body):
    """The pipeline whose state to read."""

    pipeline_id: Annotated[
        Text,
        Worded("is required: the pipeline_id returned by /provisionpipeline", missing=True),
        AfterValidator(_known_pipeline),
    ] = Field(description=PIPELINE_ID)

    @model_validator(mode="before")
    @classmethod
    def _only_objects_have_keys(cls, body: object) -> object:
        # The original read pipeline_id from whatever came: a body that is not an object simply lacks it.
        return body if isinstance(body, dict) else {}


class DeprovisionRequest(_Body):
    """The pipeline to delete, by pipeline_id; without one the body must be the one that provisioned it."""

    # Other keys are ignored (pydantic's default), as in every request here: this body may be a provisioning one.
    dry_run: Annotated[StrictBool, Worded("must be true or false")] = Field(
        default=False, description="List what would be deleted without deleting anything."
    )
    pipeline_id: Annotated[Text | None, Worded("must be a non-empty string"), AfterValidator(_known_pipeline)] = Field(
        default=None, description=PIPELINE_ID
    )


class ListRequest(_Body):
    """One page of the pipelines this orchestrator provisioned."""

    max_results: Annotated[
        StrictInt, Field(ge=1, le=MAX_PAGE), Worded(f"must be a whole number from 1 to {MAX_PAGE}")
    ] = Field(default=DEFAULT_PAGE, description="The most pipelines to return in this page.")
    next_token: Annotated[StrictStr | None, Worded("must be the next_token of a previous response")] = Field(
        default=None, description="The next_token of the previous page, to read the page after it."
    )
    model_package_group_name: ModelPackageGroupName | None = Field(
        default=None,
        description="Only the pipelines whose request follows this model package group or names one of its "
        "versions, all in one page (max_results and next_token are refused with it).",
    )

    @model_validator(mode="before")
    @classmethod
    def _no_body_lists_the_first_page(cls, body: object) -> object:
        return {} if body is None else body

    def paging_with_a_group(self) -> list[FieldProblem]:
        """Paging keys sent with a group, which answers in one page: refused rather than silently ignored."""
        if self.model_package_group_name is None:
            return []
        return [
            FieldProblem(key, "does not apply with model_package_group_name: its pipelines come in one page")
            for key in ("max_results", "next_token")
            if key in self.model_fields_set
        ]


def parse(model: type[Request], body: object) -> Request:
    """The typed request, or RequestValidationError naming every offending field."""
    try:
        return model.model_validate(body)
    except ValidationError as error:
        found = error.errors(include_url=False)
        problems = [FieldProblem(field_path(item["loc"]) or "body", _message(model, item)) for item in found]
        detailed = MISSING_KEY.format(key=problems[0].field) if found[0]["type"] == "missing" else None
        raise RequestValidationError(problems, detailed) from None


def _message(model: type[BaseModel], item: ErrorDetails) -> str:
    if item["type"] == "model_type":
        return "must be a JSON object"
    if item["type"] == "missing" and len(item["loc"]) == 1:
        # pydantic reports an absent key itself, before any validator of the field runs.
        field = model.model_fields[str(item["loc"][0])]
        return next((note.message for note in field.metadata if isinstance(note, Worded)), "is required")
    return item["msg"]
