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
    warnings: NotRequired[
        Annotated[
            list[FieldProblem],
            Field(
                description="Keys the request's pipeline type does not use (with 'did you mean'), found with errors."
            ),
        ]
    ]


class ProvisionResponse(TypedDict):
    """Provisioning started, the pipeline was updated, the dry-run plan, or a model card operation's result."""

    message: Annotated[
        str | dict[str, object],
        Field(description="What happened; a model card operation that reads cards answers with them."),
    ]
    pipeline_id: NotRequired[Annotated[str, Field(description="The pipeline stack's id; pass it to /pipelinestatus.")]]
    plan: NotRequired[Annotated[dict[str, object], Field(description="Present for dry runs.")]]
    warnings: NotRequired[Warnings]


class StageStatus(TypedDict):
    name: str
    status: Annotated[str, Field(description="The stage's latest execution status, or NotStarted.")]


class PendingApproval(TypedDict):
    stage: str
    action: Annotated[str, Field(description="The approval action; `approve`/`reject` answer it.")]


class Failure(TypedDict):
    """Where something failed and why: a stack's first failed resource, a StackSet instance, or an action."""

    reason: Annotated[str | None, Field(description="CloudFormation's, StackSets' or the action's own words.")]
    stage: NotRequired[Annotated[str, Field(description="The stage (`default` for a single deployment).")]]
    stack: NotRequired[Annotated[str | None, Field(description="The stack whose events name the failure.")]]
    resource: NotRequired[Annotated[str | None, Field(description="The first failed resource's logical id.")]]
    resource_type: NotRequired[str | None]
    status: NotRequired[Annotated[str | None, Field(description="The failed resource's or instance's status.")]]
    stackset: NotRequired[Annotated[str, Field(description="Multi-account: the stage's StackSet.")]]
    account: NotRequired[Annotated[str | None, Field(description="Multi-account: the stack instance's account.")]]
    region: NotRequired[str | None]
    action: NotRequired[Annotated[str | None, Field(description="A failed pipeline action.")]]


class StackInstance(TypedDict):
    """A StackSet's stack instance in a stage account (its stack, events and outputs live in that account)."""

    account: str | None
    region: str | None
    status: Annotated[str | None, Field(description="CURRENT, OUTDATED or INOPERABLE.")]
    detailed_status: NotRequired[Annotated[str, Field(description="SUCCEEDED, FAILED, RUNNING, ...")]]
    reason: NotRequired[str]


class Deployment(TypedDict):
    """What one stage deployed: the blueprint stack (single account) or the stage's StackSet (multi-account)."""

    stage: Annotated[str, Field(description="`default` for a single deployment, else dev, staging or prod.")]
    status: Annotated[
        str | None,
        Field(description="The stack's status, the StackSet's instances' status, or NOT_DEPLOYED (not yet or gone)."),
    ]
    stack: NotRequired[Annotated[str, Field(description="The blueprint stack's name.")]]
    status_reason: NotRequired[str]
    outputs: NotRequired[
        Annotated[
            dict[str, str | None],
            Field(description="The blueprint stack's outputs: endpoint name, inference API URL, schedule, job names."),
        ]
    ]
    stackset: NotRequired[Annotated[str, Field(description="Multi-account: the stage's StackSet.")]]
    instances: NotRequired[list[StackInstance]]
    failure: NotRequired[Failure]


class StatusSummary(TypedDict):
    """What a person needs from the state: where the pipeline is, what waits, what failed and why, what it deployed."""

    pipeline_id: Annotated[str, Field(description="The pipeline stack's id.")]
    stack_name: Annotated[str, Field(description="The pipeline stack's name.")]
    stack_status: str
    resolved_from: NotRequired[
        Annotated[str, Field(description="How a name that is not the pipeline stack's was resolved to it.")]
    ]
    stack_status_reason: NotRequired[str]
    pipeline_name: NotRequired[Annotated[str | None, Field(description="The CodePipeline's name.")]]
    pipeline_status: NotRequired[
        Annotated[str, Field(description="Succeeded, Failed, AwaitingApproval, InProgress or NotStarted.")]
    ]
    stages: NotRequired[list[StageStatus]]
    pending_approvals: NotRequired[list[PendingApproval]]
    failures: NotRequired[
        Annotated[
            list[Failure], Field(description="Each stack's first failed resource, per stage, and failed actions.")
        ]
    ]
    deployments: NotRequired[Annotated[list[Deployment], Field(description="Per stage, what the pipeline deployed.")]]
    request: NotRequired[
        Annotated[
            dict[str, object] | None,
            Field(description="The validated request that produced the pipeline; null if not stored (image builder)."),
        ]
    ]


class ConfigFileFailure(TypedDict):
    """The last mlops-config.json upload that could not be provisioned (cleared by one that provisions)."""

    config_file: Annotated[str, Field(description="The uploaded file, as s3://bucket/key.")]
    message: Annotated[str, Field(description="Why it failed: every problem of an invalid request, or AWS's error.")]
    at: Annotated[str, Field(description="ISO 8601 time of the failure.")]
    errors: NotRequired[
        Annotated[list[FieldProblem], Field(description="The offending fields, when the request was invalid.")]
    ]


LastConfigFileFailure = Annotated[
    ConfigFileFailure, Field(description="Present when the last mlops-config.json upload failed.")
]


class StatusResponse(TypedDict):
    """The pipeline's CodePipeline state, as GetPipelineState returns it, and a summary."""

    summary: NotRequired[StatusSummary]
    pipelineName: NotRequired[str]
    stageStates: NotRequired[list[dict[str, object]]]
    message: NotRequired[Annotated[str, Field(description="Present while the pipeline stack has no pipeline yet.")]]
    last_config_file_failure: NotRequired[LastConfigFileFailure]


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
    follows_group: NotRequired[
        Annotated[
            bool,
            Field(
                description="Listed with `model_package_group_name` only: true when the pipeline follows the group, "
                "false when its request names one version of it."
            ),
        ]
    ]


class ListResponse(TypedDict):
    """One page of pipelines."""

    pipelines: list[ListedPipeline]
    next_token: NotRequired[Annotated[str, Field(description="Pass it back for the next page; absent on the last.")]]
    last_config_file_failure: NotRequired[LastConfigFileFailure]
