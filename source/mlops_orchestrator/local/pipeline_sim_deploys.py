"""The simulated pipeline's deploy actions: they really deploy, into the emulator, from the source artifact.

They are what proves, offline, that a provisioned pipeline would deploy its blueprint: the template and
parameters come out of `template.zip` exactly as CodePipeline hands them to CloudFormation, and are
checked as CloudFormation checks them (see `cfn_parameters`).

- **Deploy / CloudFormation** (CREATE_UPDATE, REPLACE_ON_FAILURE): creates or updates the stack
  `StackName` from `TemplatePath` and `TemplateConfiguration` in the artifact zip; REPLACE_ON_FAILURE
  first deletes a stack left in a failed state. A failed creation or update is rolled back as
  CloudFormation does (see `cfn_rollback`). Succeeded or Failed from the stack, with the first failed
  resource and its reason, as CodePipeline reports it.
- **Invoke / Lambda**: runs the named function's handler in-process (in the multi-account pipeline, the
  real StackSet Lambda of `blueprints/multi_account_codepipeline/runtime`) with a CodePipeline job, as
  many times as it asks with a continuation token, and reads the result it reported.

A failure is raised as `ActionFailed`, which the run reports on the action.
"""

from __future__ import annotations

import io
import json
import logging
import uuid
import zipfile
from collections.abc import Iterable, Mapping
from typing import Any

from .cfn_parameters import parameter_problems
from .cfn_rollback import (
    FailedResource,
    Previous,
    first_failed_resource,
    reason_of,
    roll_back_creation,
    roll_back_update,
    update,
)
from .pipeline_jobs import JOBS
from .pipeline_sim_runs import SUCCEEDED, ActionFailed, ActionRun, PipelineRef, Run, stored_declaration

log = logging.getLogger(__name__)

_FAILED_STACK_STATES = {
    "ROLLBACK_COMPLETE",
    "ROLLBACK_FAILED",
    "CREATE_FAILED",
    "DELETE_FAILED",
    "UPDATE_ROLLBACK_FAILED",
}


# -- Deploy: CloudFormation -----------------------------------------------------------------------


def cloudformation_deploy(ref: PipelineRef, run: Run, configuration: dict[str, Any]) -> ActionRun:
    from moto.cloudformation.models import cloudformation_backends

    template = _artifact_file(run, configuration.get("TemplatePath", "")).decode()
    parameters: dict[str, str] = {}
    tags: dict[str, str] | None = None
    if configuration.get("TemplateConfiguration"):
        document = _json(_artifact_file(run, configuration["TemplateConfiguration"]), "TemplateConfiguration")
        parameters.update(_strings(document.get("Parameters") or {}))
        tags = document.get("Tags") or None
    if configuration.get("ParameterOverrides"):
        parameters.update(_strings(_json(configuration["ParameterOverrides"].encode(), "ParameterOverrides")))
    name = configuration.get("StackName", "")
    mode = configuration.get("ActionMode", "CREATE_UPDATE")
    backend = cloudformation_backends[ref.account_id][ref.region]
    stack = _live_stack(backend, name)
    if stack is not None and stack.status in _FAILED_STACK_STATES:
        if mode != "REPLACE_ON_FAILURE":
            raise ActionFailed("StackInFailedState", f"Stack {name} is in state {stack.status} and cannot be updated.")
        _replace(backend, stack)
        stack = None
    role = configuration.get("RoleArn")
    if stack is None:
        return _create(backend, name, template, parameters, tags, role)
    if stack.template == template and _strings(stack.parameters) == parameters:
        return ActionRun(
            SUCCEEDED, f"Stack {name}: {stack.status} (no updates were needed)", external_id=stack.stack_id
        )
    return _update(stack, template, parameters, tags, role)


def _create(
    backend: Any, name: str, template: str, parameters: dict[str, str], tags: dict[str, str] | None, role: str | None
) -> ActionRun:
    with first_failed_resource() as recorder:
        try:
            stack = backend.create_stack(name=name, template=template, parameters=parameters, tags=tags, role_arn=role)
        except Exception as error:
            failed = _live_stack(backend, name)
            if failed is None:  # refused before anything was created (a ValidationError)
                raise ActionFailed(
                    "ValidationError", f"Stack {name} could not be created: {reason_of(error)}"
                ) from error
            blamed = recorder.first or FailedResource(name, "AWS::CloudFormation::Stack", reason_of(error))
            roll_back_creation(failed, blamed)
            raise ActionFailed("StackCreationFailed", _failure(name, failed.status, blamed)) from error
    return _finished(stack)


def _update(
    stack: Any, template: str, parameters: dict[str, str], tags: dict[str, str] | None, role: str | None
) -> ActionRun:
    from moto.cloudformation.models import Stack

    problems = parameter_problems(Stack.parse_template(template), parameters)
    if problems:  # refused before any change, as UpdateStack refuses: the stack is untouched
        raise ActionFailed("ValidationError", f"Stack {stack.name} could not be updated: {'; '.join(problems)}")
    previous = Previous.of(stack)
    with first_failed_resource() as recorder:
        try:
            update(stack, template, parameters, tags, role)
        except Exception as error:
            blamed = recorder.first or FailedResource(stack.name, "AWS::CloudFormation::Stack", reason_of(error))
            roll_back_update(stack, previous, blamed)
            raise ActionFailed("StackUpdateFailed", _failure(stack.name, stack.status, blamed)) from error
    return _finished(stack)


def _replace(backend: Any, stack: Any) -> None:
    """REPLACE_ON_FAILURE: delete the failed stack first. A stack that cannot be deleted fails the action."""
    try:
        backend.delete_stack(stack.stack_id)
    except Exception as error:
        stack.status = "DELETE_FAILED"
        backend.stacks[stack.stack_id] = stack  # moto drops a stack whose deletion raised; CloudFormation keeps it
        raise ActionFailed(
            "StackDeletionFailed", f"Stack {stack.name} could not be replaced: {reason_of(error)}"
        ) from error


def _finished(stack: Any) -> ActionRun:
    if not stack.status.endswith("_COMPLETE") or "ROLLBACK" in stack.status:
        raise ActionFailed("StackFailed", f"Stack {stack.name} ended in state {stack.status}.")
    return ActionRun(SUCCEEDED, f"Stack {stack.name}: {stack.status}", external_id=stack.stack_id)


def _failure(name: str, status: str, failed: FailedResource) -> str:
    """CodePipeline's message for a failed stack: its state and the first failed resource with its reason."""
    return f"Stack {name} is in {status} state: {failed.logical_id} ({failed.resource_type}): {failed.reason}"


def _live_stack(backend: Any, name: str) -> Any:
    return _live_named(backend.stacks.values(), name, "DELETE_COMPLETE")


# -- Invoke: a Lambda function, with a CodePipeline job --------------------------------------------


MAX_JOB_CALLS = 20
"""How often a function that keeps answering with a continuation token is called before the action fails."""


def lambda_invoke(ref: PipelineRef, run: Run, action: dict[str, Any]) -> ActionRun:
    """Run the function the action names (the StackSet Lambda, in the multi-account pipeline) in-process.

    As CodePipeline does: the input artifacts are put in the pipeline's artifact store and the function gets
    a job naming them, with the action's `UserParameters`. It reports with PutJobSuccessResult or
    PutJobFailureResult; a success with a continuation token means "call me again", with that token.
    """
    from . import lambda_runner as lambdas

    configuration = action.get("configuration") or {}
    function = str(configuration.get("FunctionName") or "")
    inputs = [_stored_artifact(ref, run, item["name"]) for item in action.get("inputArtifacts") or []]
    token: str | None = None
    for _call in range(MAX_JOB_CALLS):
        job_id = JOBS.new()
        event = _job_event(ref, job_id, configuration, inputs, token)
        try:
            lambdas.invoke(ref.account_id, ref.region, function, event)
            raised: Exception | None = None
        except Exception as error:  # the handler may report the failure, then raise (as the StackSet Lambda does)
            raised = error
        result = JOBS.take(job_id)
        if result is None:
            reason = f"{type(raised).__name__}: {raised}" if raised else "The function did not report a job result."
            raise ActionFailed("JobFailed", reason)
        if not result.succeeded:
            raise ActionFailed("JobFailed", result.message)
        if not result.continuation_token:
            return ActionRun(SUCCEEDED, result.message or f"{function} succeeded", external_id=result.external_id)
        token = result.continuation_token
    raise ActionFailed("JobTimedOut", f"{function} still asked to be called again after {MAX_JOB_CALLS} calls.")


def _stored_artifact(ref: PipelineRef, run: Run, name: str) -> dict[str, Any]:
    """The artifact `name`, put in the pipeline's artifact store: the job's inputArtifacts entry."""
    from moto.s3.models import s3_backends

    if name not in run.artifacts:
        raise ActionFailed("ArtifactNotFound", f"The input artifact {name} is not available.")
    store = (stored_declaration(ref).get("artifactStore") or {}).get("location", "")
    if not store:
        raise ActionFailed("ArtifactStoreNotFound", f"The pipeline {ref.pipeline} has no artifact store.")
    key = f"{ref.pipeline[:20]}/{name[:20]}/{uuid.uuid4().hex[:7]}"
    s3_backends[ref.account_id]["aws"].put_object(store, key, run.artifacts[name])
    return {
        "name": name,
        "revision": None,
        "location": {"type": "S3", "s3Location": {"bucketName": store, "objectKey": key}},
    }


def _job_event(
    ref: PipelineRef, job_id: str, configuration: dict[str, Any], inputs: list[dict[str, Any]], token: str | None
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "actionConfiguration": {"configuration": dict(configuration)},
        "inputArtifacts": inputs,
        "outputArtifacts": [],
        # Temporary credentials in AWS; the emulator accepts its dummy ones.
        "artifactCredentials": {"accessKeyId": "testing", "secretAccessKey": "testing", "sessionToken": ""},
    }
    if token:
        data["continuationToken"] = token
    return {"CodePipeline.job": {"id": job_id, "accountId": ref.account_id, "data": data}}


# -- helpers --------------------------------------------------------------------------------------


def _artifact_file(run: Run, reference: str) -> bytes:
    """`ArtifactName::path/in/zip` -> the file's bytes."""
    artifact, separator, path = reference.partition("::")
    if not separator or artifact not in run.artifacts:
        raise ActionFailed("ArtifactNotFound", f"The input artifact of {reference!r} is not available.")
    try:
        with zipfile.ZipFile(io.BytesIO(run.artifacts[artifact])) as archive:
            return archive.read(path)
    except KeyError as error:
        raise ActionFailed("FileNotFound", f"{path} is not in the artifact {artifact}.") from error
    except zipfile.BadZipFile as error:
        raise ActionFailed("InvalidArtifact", f"The artifact {artifact} is not a zip file.") from error


def _live_named(records: Iterable[Any], name: str, gone: str) -> Any:
    """The stack or StackSet called `name`: moto keeps deleted ones, in status `gone`, beside the live one."""
    return next((record for record in records if record.name == name and record.status != gone), None)


def _strings(values: Mapping[str, Any]) -> dict[str, str]:
    """Parameter values as CloudFormation compares them: all strings."""
    return {key: str(value) for key, value in values.items()}


def _json(raw: bytes, what: str) -> Any:
    try:
        return json.loads(raw)
    except ValueError as error:
        raise ActionFailed("InvalidJson", f"{what} is not valid JSON: {error}") from error
