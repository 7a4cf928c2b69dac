"""The JSON bodies the API answers with, as types: the OpenAPI document's response schemas are generated from them.

TypedDicts, not models: a key that is sometimes absent is NotRequired, which the schema says as it is (not as null).
"""

from __future__ import annotations

from typing import Annotated, Literal, NotRequired

from pydantic import Field
from typing_extensions import TypedDict  # pydantic reads typing's TypedDict only from Python 3.12 on

from .errors import FieldProblem

Warnings = Annotated[
    list[FieldProblem], Field(description="Keys the request carried that its pipeline type does not use; ignored.")
]


class Error(TypedDict):
    """The body of every error response."""

    message: Annotated[str, Field(description="The kind of error, in the original's words.")]
    detailedMessage: NotRequired[
        Annotated[str, Field(description="What went wrong; server-side details only when the operator allows them.")]
    ]
    error_code: NotRequired[Annotated[str, Field(description="The error code of a failed or timed-out AWS call.")]]
    errors: NotRequired[Annotated[list[FieldProblem], Field(description="Every offending field of the request.")]]


class ProvisionResponse(TypedDict):
    """Provisioning started, the pipeline was updated, the dry-run plan, or a model card operation's result."""

    message: Annotated[
        str | dict[str, object],
        Field(description="What happened; a model card operation that reads cards answers with them."),
    ]
    pipeline_id: NotRequired[Annotated[str, Field(description="The pipeline stack's id; pass it to /pipelinestatus.")]]
    plan: NotRequired[Annotated[dict[str, object], Field(description="Present for dry runs.")]]
    warnings: NotRequired[Warnings]


class StatusResponse(TypedDict):
    """The pipeline's CodePipeline state, as GetPipelineState returns it, and a short summary."""

    summary: NotRequired[
        Annotated[dict[str, object], Field(description="Stack and pipeline status, and the first failures.")]
    ]
    pipelineName: NotRequired[str]
    stageStates: NotRequired[list[dict[str, object]]]
    message: NotRequired[Annotated[str, Field(description="Present while the pipeline stack has no pipeline yet.")]]


class DeprovisionResponse(TypedDict):
    """What was deleted, what is still being deleted, or for a dry run what would be."""

    message: str
    pipeline_id: str
    status: Literal["deleted", "deleting", "dry_run"]
    deleted: NotRequired[list[str]]
    deleting: NotRequired[list[str]]
    would_delete: NotRequired[list[str]]


class StatusError(TypedDict):
    """The AWS call that failed while reading a pipeline's state, and its error."""

    operation: str
    error_code: str


class ListedPipeline(TypedDict):
    """One pipeline this orchestrator provisioned."""

    pipeline_id: Annotated[str, Field(description="The pipeline stack's id.")]
    stack_name: str
    pipeline_type: str | None
    name: Annotated[str | None, Field(description="The model name (or image tag) the pipeline was provisioned for.")]
    stack_status: str | None
    created: Annotated[str | None, Field(description="ISO 8601 creation time of the pipeline stack.")]
    last_pipeline_result: Annotated[
        str | None, Field(description="Status of the latest CodePipeline run; null before the first run.")
    ]
    status_error: NotRequired[
        Annotated[StatusError, Field(description="Present when the pipeline's state could not be read.")]
    ]


class ListResponse(TypedDict):
    """One page of pipelines."""

    pipelines: list[ListedPipeline]
    next_token: NotRequired[Annotated[str, Field(description="Pass it back for the next page; absent on the last.")]]
