"""The simulated pipeline's deploy actions: they really deploy, into the emulator, from the source artifact.

They are what proves, offline, that a provisioned pipeline would deploy its blueprint: the template and
parameters come out of `template.zip` exactly as CodePipeline hands them to CloudFormation, and are
checked as CloudFormation checks them (see `cfn_parameters`).

- **Deploy / CloudFormation** (CREATE_UPDATE, REPLACE_ON_FAILURE): creates or updates the stack
  `StackName` from `TemplatePath` and `TemplateConfiguration` in the artifact zip; REPLACE_ON_FAILURE
  first deletes a stack left in a failed state. Succeeded or Failed from the stack.
- **Invoke / Lambda** with the original's StackSet `UserParameters` (stackset_name, artifact,
  template_file, stage_params_file, account_ids, org_ids, regions): does what the original's stackset
  Lambda does. It creates the StackSet (SERVICE_MANAGED with organizational-unit targets for a
  delegated administrator, SELF_MANAGED with account targets otherwise), or re-deploys its instances
  with the new template and parameters.

A failure is raised as `ActionFailed`, which the run reports on the action.
"""

from __future__ import annotations

import io
import json
import logging
import zipfile
from collections.abc import Iterable, Mapping
from typing import Any

from .cfn_parameters import parameter_problems
from .pipeline_sim_runs import SUCCEEDED, ActionFailed, ActionRun, PipelineRef, Run

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
    from moto.cloudformation.exceptions import ValidationError
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
    elif stack.template == template and _strings(stack.parameters) == parameters:
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
    return _live_named(backend.stacks.values(), name, "DELETE_COMPLETE")


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


def stackset_parameters(configuration: dict[str, Any]) -> dict[str, Any] | None:
    """The action's StackSet `UserParameters`, or None when it is not a StackSet action."""
    try:
        value = json.loads(configuration.get("UserParameters") or "{}")
    except ValueError:
        return None
    return value if isinstance(value, dict) and "stackset_name" in value else None


def stackset_deploy(ref: PipelineRef, run: Run, spec: dict[str, Any]) -> ActionRun:
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
    regions = [str(value) for value in spec.get("regions") or [ref.region] if value]
    service_managed = bool(org_ids) and str(spec.get("delegated_admin", "Yes")) == "Yes"
    backend = cloudformation_backends[ref.account_id][ref.region]
    stackset = _live_named(backend.stacksets.values(), name, "DELETED")
    if stackset is None:
        stackset = backend.create_stack_set(
            name=name,
            template=template,
            parameters=parameters,
            tags={},
            permission_model="SERVICE_MANAGED" if service_managed else "SELF_MANAGED",
            admin_role=None,
            exec_role=None,
            description=f"Deployed by the pipeline {ref.pipeline}",
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


def _message(error: Exception) -> str:
    """The AWS error message of a moto exception (its `message` or `description`), else the exception's text."""
    return str(getattr(error, "message", None) or getattr(error, "description", None) or error)
