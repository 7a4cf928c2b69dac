"""A stand-in for CodePipeline's runs, which moto does not have: what a pipeline does, simulated in-process.

moto stores pipelines but never runs them, and has no GetPipelineState. This module runs a pipeline's
declaration (the stages and actions stored in moto's CodePipeline backend) against the emulator's other
services, synchronously, and keeps each pipeline's latest run so that GetPipelineState can report it.

What is simulated, and how:

- **Triggers.** A run starts when the pipeline is created or updated (CodePipeline starts one on
  creation), and when its state is read and an S3 source object has changed since the last run (the
  S3 trigger, checked lazily instead of by polling).
- **Source / S3:** succeeds when the object exists (revision: its version id, or its ETag in an
  unversioned bucket) and hands its bytes, a zip, on as the output artifact; fails otherwise.
- **Deploy / CloudFormation** (CREATE_UPDATE, REPLACE_ON_FAILURE): creates or updates the stack
  `StackName` from `TemplatePath` and `TemplateConfiguration` in the artifact zip, in the emulator;
  REPLACE_ON_FAILURE first deletes a stack left in a failed state. Succeeded or Failed from the stack.
- **Invoke / Lambda** with the original's StackSet `UserParameters` (stackset_name, artifact,
  template_file, stage_params_file, account_ids, org_ids, regions): does what the original's stackset
  Lambda does. It creates the StackSet (SERVICE_MANAGED with organizational-unit targets for a
  delegated administrator, SELF_MANAGED with account targets otherwise), or re-deploys its instances
  with the new template and parameters.
- **Approval / Manual:** InProgress with a token, after a best-effort SNS notification, until
  PutApprovalResult approves (the run continues) or rejects it (the run fails).
- **Build / CodeBuild:** cannot run here (it needs Docker). Reported Succeeded, with a summary that
  says that nothing was built.
- Any other action type: Succeeded, with a summary that says that it was not simulated.

Parameters are checked as CloudFormation checks them (see `cfn_parameters`). Nothing here is used on AWS.
"""

from __future__ import annotations

import io
import json
import logging
import threading
import time
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .cfn_parameters import parameter_problems

log = logging.getLogger(__name__)

SUCCEEDED = "Succeeded"
FAILED = "Failed"
IN_PROGRESS = "InProgress"
_PARTITION = "aws"
_FAILED_STACK_STATES = {
    "ROLLBACK_COMPLETE",
    "ROLLBACK_FAILED",
    "CREATE_FAILED",
    "DELETE_FAILED",
    "UPDATE_ROLLBACK_FAILED",
}
BUILD_NOT_RUN = "Simulated: CodeBuild does not run in local mode (it needs Docker); no image was built or pushed."


class ActionFailed(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class ApprovalError(Exception):
    """A PutApprovalResult that does not match a pending approval. `code` is CodePipeline's error code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class ActionRun:
    """One action's latest execution, in GetPipelineState's terms."""

    status: str
    summary: str
    token: str | None = None
    error_code: str | None = None
    revision: str | None = None
    external_id: str | None = None
    execution_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    changed: float = field(default_factory=time.time)

    def as_dict(self) -> dict[str, Any]:
        execution: dict[str, Any] = {
            "actionExecutionId": self.execution_id,
            "status": self.status,
            "summary": self.summary,
            "lastStatusChange": self.changed,
        }
        if self.token and self.status == IN_PROGRESS:
            execution["token"] = self.token
        if self.external_id:
            execution["externalExecutionId"] = self.external_id
        if self.status == FAILED:
            execution["errorDetails"] = {"code": self.error_code or "JobFailed", "message": self.summary}
        return execution


@dataclass
class Run:
    execution_id: str
    revisions: tuple[str | None, ...]
    actions: dict[tuple[str, str], ActionRun] = field(default_factory=dict)
    artifacts: dict[str, bytes] = field(default_factory=dict)
    status: str = IN_PROGRESS


@dataclass(frozen=True)
class _Where:
    account_id: str
    region: str
    pipeline: str


class PipelineSimulator:
    """The latest run of every pipeline in the emulator. Thread-safe; runs are synchronous and short."""

    def __init__(self) -> None:
        self._runs: dict[_Where, Run] = {}
        self._lock = threading.RLock()

    def reset(self) -> None:
        with self._lock:
            self._runs.clear()

    def forget(self, account_id: str, region: str, pipeline: str) -> None:
        with self._lock:
            self._runs.pop(_Where(account_id, region, pipeline), None)

    def start(self, account_id: str, region: str, pipeline: str) -> None:
        """Start a new run now (the pipeline was created or changed). Never raises."""
        where = _Where(account_id, region, pipeline)
        with self._lock:
            try:
                declaration = _declaration(where)
                self._runs[where] = run = Run(_new_execution(where), _source_revisions(where, declaration))
                self._execute(where, declaration, run)
            except Exception:
                log.exception("simulated run of pipeline %s could not start", pipeline)

    def refresh(self, account_id: str, region: str, pipeline: str) -> None:
        """Start a run if a source object changed since the last run (CodePipeline's S3 trigger)."""
        where = _Where(account_id, region, pipeline)
        with self._lock:
            run = self._runs.get(where)
            if run is None or run.revisions != _source_revisions(where, _declaration(where)):
                self.start(account_id, region, pipeline)

    def state(self, account_id: str, region: str, pipeline: str) -> dict[str, Any]:
        """GetPipelineState's answer for the pipeline's latest run."""
        where = _Where(account_id, region, pipeline)
        with self._lock:
            self.refresh(account_id, region, pipeline)
            stored = _stored_pipeline(where)
            run = self._runs.get(where)
            stages = []
            for stage in stored.pipeline["stages"]:
                results = [
                    run.actions.get((stage["name"], action["name"])) if run else None for action in stage["actions"]
                ]
                actions = []
                for action, result in zip(stage["actions"], results, strict=True):
                    entry: dict[str, Any] = {"actionName": action["name"]}
                    if result is not None:
                        entry["latestExecution"] = result.as_dict()
                        if result.revision:
                            entry["currentRevision"] = {"revisionId": result.revision}
                    actions.append(entry)
                stage_state: dict[str, Any] = {
                    "stageName": stage["name"],
                    "inboundTransitionState": {"enabled": True},
                    "actionStates": actions,
                }
                status = _stage_status([result.status for result in results if result is not None])
                if run is not None and status is not None:
                    stage_state["latestExecution"] = {"pipelineExecutionId": run.execution_id, "status": status}
                stages.append(stage_state)
            return {
                "pipelineName": pipeline,
                "pipelineVersion": stored.pipeline.get("version", 1),
                "stageStates": stages,
                "created": stored._created.timestamp(),
                "updated": stored._updated.timestamp(),
            }

    def put_approval_result(
        self,
        account_id: str,
        region: str,
        pipeline: str,
        stage: str,
        action: str,
        token: str,
        status: str,
        summary: str,
    ) -> float:
        """Approve or reject a pending approval; an approved run continues at once."""
        where = _Where(account_id, region, pipeline)
        with self._lock:
            run = self._runs.get(where)
            result = run.actions.get((stage, action)) if run else None
            if run is None or result is None:
                raise ApprovalError("ActionNotFoundException", f"No pending approval {stage}/{action} in {pipeline}")
            if result.status != IN_PROGRESS or not result.token:
                raise ApprovalError(
                    "ApprovalAlreadyCompletedException", f"The approval {stage}/{action} is not pending"
                )
            if token != result.token:
                raise ApprovalError("InvalidApprovalTokenException", "The approval token is not valid")
            if status == "Approved":
                run.actions[(stage, action)] = ActionRun(
                    SUCCEEDED, summary or "Approved", execution_id=result.execution_id
                )
                self._execute(where, _declaration(where), run)
            else:
                run.actions[(stage, action)] = ActionRun(
                    FAILED, summary or "Rejected", error_code="Rejected", execution_id=result.execution_id
                )
                run.status = FAILED
                _record_execution(where, run)
            return time.time()

    # -- running ----------------------------------------------------------------------------------

    def _execute(self, where: _Where, declaration: dict[str, Any], run: Run) -> None:
        """Run (or continue) `run` until it fails, waits for an approval or completes."""
        for stage in declaration["stages"]:
            for _order, group in _by_run_order(stage["actions"]):
                for action in group:
                    key = (stage["name"], action["name"])
                    if key in run.actions and run.actions[key].status == SUCCEEDED:
                        continue
                    run.actions[key] = _run_action(where, run, action)
                statuses = {run.actions[(stage["name"], action["name"])].status for action in group}
                if FAILED in statuses or IN_PROGRESS in statuses:
                    run.status = FAILED if FAILED in statuses else IN_PROGRESS
                    _record_execution(where, run)
                    return
        run.status = SUCCEEDED
        _record_execution(where, run)


def _run_action(where: _Where, run: Run, action: dict[str, Any]) -> ActionRun:
    type_id = action.get("actionTypeId", {})
    kind = (type_id.get("category"), type_id.get("provider"))
    configuration = action.get("configuration") or {}
    try:
        if kind == ("Source", "S3"):
            return _s3_source(where, run, action, configuration)
        if kind == ("Deploy", "CloudFormation"):
            return _cloudformation_deploy(where, run, configuration)
        if kind == ("Invoke", "Lambda") and "stackset_name" in _user_parameters(configuration):
            return _stackset_deploy(where, run, _user_parameters(configuration))
        if kind == ("Approval", "Manual"):
            return _approval(where, action, configuration)
        if kind == ("Build", "CodeBuild"):
            return ActionRun(SUCCEEDED, BUILD_NOT_RUN)
        return ActionRun(SUCCEEDED, f"Simulated: {kind[0]}/{kind[1]} actions are not run in local mode.")
    except ActionFailed as failure:
        return ActionRun(FAILED, failure.message, error_code=failure.code)
    except Exception as error:  # a bug or an emulator limit: report it on the action, never crash
        log.exception("simulated action %s failed unexpectedly", action.get("name"))
        return ActionRun(FAILED, f"Local mode could not simulate this action: {error}", error_code="InternalError")


# -- Source ---------------------------------------------------------------------------------------


def _s3_source(where: _Where, run: Run, action: dict[str, Any], configuration: dict[str, Any]) -> ActionRun:
    bucket, key = configuration.get("S3Bucket", ""), configuration.get("S3ObjectKey", "")
    found = _s3_object(where.account_id, bucket, key)
    if found is None:
        raise ActionFailed("ObjectNotFound", f"The source object s3://{bucket}/{key} does not exist.")
    for artifact in action.get("outputArtifacts") or []:
        run.artifacts[artifact["name"]] = bytes(found.value)
    revision = _revision(found)
    return ActionRun(SUCCEEDED, f"s3://{bucket}/{key} (revision {revision})", revision=revision)


def _s3_object(account_id: str, bucket: str, key: str) -> Any:
    from moto.s3.models import s3_backends

    if not bucket or not key:
        return None
    try:
        return s3_backends[account_id][_PARTITION].get_object(bucket, key)
    except Exception:  # no such bucket
        return None


def _revision(found: Any) -> str:
    version = getattr(found, "version_id", None)
    if version and str(version) != "null":
        return str(version)
    return str(found.etag).strip('"')


def _source_revisions(where: _Where, declaration: dict[str, Any]) -> tuple[str | None, ...]:
    revisions: list[str | None] = []
    for stage in declaration["stages"]:
        for action in stage["actions"]:
            type_id = action.get("actionTypeId", {})
            if (type_id.get("category"), type_id.get("provider")) == ("Source", "S3"):
                configuration = action.get("configuration") or {}
                found = _s3_object(
                    where.account_id, configuration.get("S3Bucket", ""), configuration.get("S3ObjectKey", "")
                )
                revisions.append(None if found is None else _revision(found))
    return tuple(revisions)


# -- Deploy: CloudFormation -----------------------------------------------------------------------


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


def _cloudformation_deploy(where: _Where, run: Run, configuration: dict[str, Any]) -> ActionRun:
    from moto.cloudformation.exceptions import ValidationError
    from moto.cloudformation.models import cloudformation_backends

    template = _artifact_file(run, configuration.get("TemplatePath", "")).decode()
    parameters: dict[str, str] = {}
    tags: dict[str, str] | None = None
    if configuration.get("TemplateConfiguration"):
        document = _json(_artifact_file(run, configuration["TemplateConfiguration"]), "TemplateConfiguration")
        parameters.update({key: str(value) for key, value in (document.get("Parameters") or {}).items()})
        tags = document.get("Tags") or None
    if configuration.get("ParameterOverrides"):
        overrides = _json(configuration["ParameterOverrides"].encode(), "ParameterOverrides")
        parameters.update({key: str(value) for key, value in overrides.items()})
    name = configuration.get("StackName", "")
    mode = configuration.get("ActionMode", "CREATE_UPDATE")
    backend = cloudformation_backends[where.account_id][where.region]
    stack = _live_stack(backend, name)
    if stack is not None and stack.status in _FAILED_STACK_STATES:
        if mode != "REPLACE_ON_FAILURE":
            raise ActionFailed("StackInFailedState", f"Stack {name} is in state {stack.status} and cannot be updated.")
        backend.delete_stack(stack.stack_id)
        stack = None
    role = configuration.get("RoleArn")
    if stack is None:
        try:
            stack = backend.create_stack(name=name, template=template, parameters=parameters, tags=tags, role_arn=role)
        except Exception as error:
            _roll_back_failed_creation(backend, name, error)
            raise ActionFailed(
                "StackCreationFailed", f"Stack {name} could not be created: {_message(error)}"
            ) from error
    elif stack.template == template and {k: str(v) for k, v in stack.parameters.items()} == parameters:
        return ActionRun(
            SUCCEEDED, f"Stack {name}: {stack.status} (no updates were needed)", external_id=stack.stack_id
        )
    else:
        listed = [{"ParameterKey": key, "ParameterValue": value} for key, value in parameters.items()]
        try:
            stack = backend.update_stack(name=name, template=template, role_arn=role, parameters=listed, tags=tags)
        except Exception as error:
            if not isinstance(error, ValidationError):  # refused before any change: the stack is untouched
                stack.status = "UPDATE_ROLLBACK_COMPLETE"
            raise ActionFailed("StackUpdateFailed", f"Stack {name} could not be updated: {_message(error)}") from error
    if not stack.status.endswith("_COMPLETE") or "ROLLBACK" in stack.status:
        raise ActionFailed("StackFailed", f"Stack {name} ended in state {stack.status}.")
    return ActionRun(SUCCEEDED, f"Stack {name}: {stack.status}", external_id=stack.stack_id)


def _live_stack(backend: Any, name: str) -> Any:
    for stack in backend.stacks.values():
        if stack.name == name and stack.status != "DELETE_COMPLETE":
            return stack
    return None


def _roll_back_failed_creation(backend: Any, name: str, error: Exception) -> None:
    """moto leaves a stack whose resource failed in CREATE_IN_PROGRESS; CloudFormation rolls it back."""
    stack = _live_stack(backend, name)
    if stack is None:
        return  # refused before anything was created (a ValidationError)
    try:
        stack.resource_map.delete()
    except Exception:
        log.debug("rollback of %s left resources behind", name, exc_info=True)
    stack._add_stack_event("CREATE_FAILED", resource_status_reason=_message(error))
    stack.status = "ROLLBACK_COMPLETE"


# -- Invoke: the original's StackSet Lambda -------------------------------------------------------


def _user_parameters(configuration: dict[str, Any]) -> dict[str, Any]:
    try:
        value = json.loads(configuration.get("UserParameters") or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _stackset_deploy(where: _Where, run: Run, spec: dict[str, Any]) -> ActionRun:
    from moto.cloudformation.models import Stack, cloudformation_backends

    name = str(spec["stackset_name"])
    artifact = spec.get("artifact", "")
    template = _artifact_file(run, f"{artifact}::{spec.get('template_file', '')}").decode()
    listed = _json(_artifact_file(run, f"{artifact}::{spec.get('stage_params_file', '')}"), "stage_params_file")
    if not isinstance(listed, list):
        raise ActionFailed(
            "InvalidParameters", "The stage parameters file must be a list of ParameterKey/ParameterValue."
        )
    parameters = {str(item["ParameterKey"]): str(item["ParameterValue"]) for item in listed}
    problems = parameter_problems(Stack.parse_template(template), parameters)
    if problems:
        raise ActionFailed("ValidationError", "; ".join(problems))
    org_ids = [str(value) for value in spec.get("org_ids") or [] if value]
    accounts = [str(value) for value in spec.get("account_ids") or [] if value]
    regions = [str(value) for value in spec.get("regions") or [where.region] if value]
    service_managed = bool(org_ids) and str(spec.get("delegated_admin", "Yes")) == "Yes"
    backend = cloudformation_backends[where.account_id][where.region]
    stackset = _live_stackset(backend, name)
    if stackset is None:
        stackset = backend.create_stack_set(
            name=name,
            template=template,
            parameters=parameters,
            tags={},
            permission_model="SERVICE_MANAGED" if service_managed else "SELF_MANAGED",
            admin_role=None,
            exec_role=None,
            description=f"Deployed by the pipeline {where.pipeline}",
        )
    else:
        # Re-deploy: moto only records new parameters on existing instances, so replace them.
        present = stackset.instances.stack_instances
        stackset.instances.delete(
            [instance.account_id for instance in present], [instance.region_name for instance in present]
        )
        stackset.template = stackset.instances.template = template
        stackset.parameters = stackset.instances.parameters = parameters
    try:
        backend.create_stack_instances(
            stackset_name=name,
            accounts=[] if service_managed else accounts,
            regions=regions,
            parameters=listed,
            deployment_targets={"OrganizationalUnitIds": org_ids} if service_managed else None,
        )
    except Exception as error:
        raise ActionFailed(
            "StackSetOperationFailed", f"StackSet {name} could not be deployed: {_message(error)}"
        ) from error
    instances = stackset.instances.stack_instances
    if not instances:
        targets = ", ".join(org_ids if service_managed else accounts) or "none"
        raise ActionFailed("NoTargets", f"StackSet {name} has no stack instance: no account found in {targets}.")
    states = sorted({instance.stack.status for instance in instances})
    if any(not state.endswith("_COMPLETE") for state in states):
        raise ActionFailed("StackSetOperationFailed", f"StackSet {name} instances ended in {', '.join(states)}.")
    deployed = sorted({f"{instance.account_id}/{instance.region_name}" for instance in instances})
    return ActionRun(SUCCEEDED, f"StackSet {name} deployed to {', '.join(deployed)}", external_id=stackset.id)


def _live_stackset(backend: Any, name: str) -> Any:
    for stackset in backend.stacksets.values():
        if stackset.name == name and stackset.status != "DELETED":
            return stackset
    return None


# -- Approval -------------------------------------------------------------------------------------


def _approval(where: _Where, action: dict[str, Any], configuration: dict[str, Any]) -> ActionRun:
    summary = str(configuration.get("CustomData") or f"Waiting for approval: {action['name']}")
    topic = configuration.get("NotificationArn")
    if topic:
        try:
            from moto.sns.models import sns_backends

            sns_backends[where.account_id][where.region].publish(
                message=json.dumps({"approval": {"pipelineName": where.pipeline, "actionName": action["name"]}}),
                arn=topic,
                subject=f"APPROVAL NEEDED: {where.pipeline}"[:99],
            )
        except Exception:  # a notification is best effort, as on AWS
            log.debug("approval notification to %s failed", topic, exc_info=True)
    return ActionRun(IN_PROGRESS, summary, token=str(uuid.uuid4()))


# -- helpers --------------------------------------------------------------------------------------


def _by_run_order(actions: list[dict[str, Any]]) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    orders = sorted({int(action.get("runOrder", 1)) for action in actions})
    for order in orders:
        yield order, [action for action in actions if int(action.get("runOrder", 1)) == order]


def _stage_status(statuses: list[str]) -> str | None:
    if not statuses:
        return None
    if FAILED in statuses:
        return FAILED
    if IN_PROGRESS in statuses:
        return IN_PROGRESS
    return SUCCEEDED


def _stored_pipeline(where: _Where) -> Any:
    from moto.codepipeline.models import codepipeline_backends

    return codepipeline_backends[where.account_id][where.region].pipelines[where.pipeline]


def _declaration(where: _Where) -> dict[str, Any]:
    declaration: dict[str, Any] = _stored_pipeline(where).pipeline
    return declaration


def _new_execution(where: _Where) -> str:
    from moto.codepipeline.models import codepipeline_backends

    execution_id: str = codepipeline_backends[where.account_id][where.region].start_pipeline_execution(
        where.pipeline, None
    )
    _stored_pipeline(where).executions[execution_id].status = IN_PROGRESS
    return execution_id


def _record_execution(where: _Where, run: Run) -> None:
    execution = _stored_pipeline(where).executions.get(run.execution_id)
    if execution is not None:
        execution.status = run.status


def _json(raw: bytes, what: str) -> Any:
    try:
        return json.loads(raw)
    except ValueError as error:
        raise ActionFailed("InvalidJson", f"{what} is not valid JSON: {error}") from error


def _message(error: Exception) -> str:
    return str(getattr(error, "message", None) or getattr(error, "description", None) or error)


SIMULATOR = PipelineSimulator()
"""The process's simulator: moto's backends are process-wide, and so are the pipelines' runs."""
