"""Stand-ins for what moto lacks, patched into moto in-process while local mode runs (never on AWS).

1. **AWS::CodePipeline::Pipeline in CloudFormation.** moto's CloudFormation silently skips the type,
   so a pipeline stack would be CREATE_COMPLETE without a pipeline. `StandInPipeline` is a
   `CloudFormationModel` (moto builds its type map from `CloudFormationModel.__subclasses__()`, cached
   with `lru_cache` in `moto.cloudformation.parsing`). It stores the pipeline in moto's CodePipeline
   backend, so `list_stack_resources` shows it with its name as physical id, and starts a simulated
   run (see `pipeline_sim`).
2. **GetPipelineState and PutApprovalResult**, which moto's CodePipeline does not implement: served
   from the simulated runs, through moto's own CodePipeline request handler.
3. **CloudFormation's parameter checks** on CreateStack and UpdateStack (moto skips them; see
   `cfn_parameters`): undeclared, missing and out-of-constraint parameters are a ValidationError, as
   on AWS.

4. **`AWS::NoValue` in lists** (see `cfn_novalue`): removed as CloudFormation does, so the real
   blueprint templates' optional IAM statements and list items deploy.

`install()` and `uninstall()` switch all four on and off. Off, moto behaves exactly as shipped: the
stand-in model answers to a type name no template uses, and the patched methods are restored. That
matters in a test session where other tests use moto's `mock_aws` in the same process.
"""

from __future__ import annotations

import json
import logging
import threading
from typing import Any

from moto.cloudformation import parsing
from moto.cloudformation.exceptions import UnformattedGetAttTemplateException, ValidationError
from moto.cloudformation.models import CloudFormationBackend, Stack
from moto.codepipeline.exceptions import InvalidStructureException, PipelineNotFoundException
from moto.codepipeline.models import CodePipeline, codepipeline_backends
from moto.codepipeline.responses import CodePipelineResponse
from moto.core.common_models import CloudFormationModel
from moto.core.exceptions import JsonRESTError

from . import cfn_novalue, stackset_targets
from .cfn_parameters import parameter_problems
from .pipeline_sim import SIMULATOR, ApprovalError

log = logging.getLogger(__name__)

PIPELINE_TYPE = "AWS::CodePipeline::Pipeline"
_INACTIVE_TYPE = "MlopsLocal::Inactive::CodePipelinePipeline"

_lock = threading.Lock()
_installed = False
_saved: dict[str, Any] = {}


class StandInPipeline(CloudFormationModel):
    """An `AWS::CodePipeline::Pipeline` created by moto's CloudFormation, stored in moto's CodePipeline."""

    active = False

    def __init__(self, name: str, account_id: str, region: str) -> None:
        self.name = name
        self.account_id = account_id
        self.region = region

    @property
    def physical_resource_id(self) -> str:
        return self.name

    @staticmethod
    def cloudformation_name_type() -> str:
        return "Name"

    @staticmethod
    def cloudformation_type() -> str:
        return PIPELINE_TYPE if StandInPipeline.active else _INACTIVE_TYPE

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr == "Version"

    def get_cfn_attribute(self, attribute_name: str) -> Any:
        if attribute_name == "Version":
            stored = codepipeline_backends[self.account_id][self.region].pipelines.get(self.name)
            return str(stored.pipeline.get("version", 1)) if stored else "1"
        raise UnformattedGetAttTemplateException()

    @classmethod
    def create_from_cloudformation_json(
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> StandInPipeline:
        declaration = pipeline_declaration(resource_name, cloudformation_json.get("Properties") or {})
        backend = codepipeline_backends[account_id][region_name]
        if resource_name in backend.pipelines:
            raise InvalidStructureException(
                f"A pipeline with the name '{resource_name}' already exists in account '{account_id}'"
            )
        # Stored directly: moto's create_pipeline checks the role's trust policy in a way that only
        # accepts a single service principal given as a string.
        backend.pipelines[resource_name] = CodePipeline(account_id, region_name, declaration)
        tags = (cloudformation_json.get("Properties") or {}).get("Tags") or []
        backend.pipelines[resource_name].tags.update({tag["Key"]: tag["Value"] for tag in tags})
        SIMULATOR.start(account_id, region_name, resource_name)
        return cls(resource_name, account_id, region_name)

    @classmethod
    def update_from_cloudformation_json(
        cls,
        original_resource: StandInPipeline,
        new_resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> StandInPipeline:
        if new_resource_name != original_resource.name:
            original_resource.delete(account_id, region_name)
            return cls.create_from_cloudformation_json(new_resource_name, cloudformation_json, account_id, region_name)
        declaration = pipeline_declaration(new_resource_name, cloudformation_json.get("Properties") or {})
        codepipeline_backends[account_id][region_name].update_pipeline(declaration)
        SIMULATOR.start(account_id, region_name, new_resource_name)
        return original_resource

    @classmethod
    def delete_from_cloudformation_json(
        cls, resource_name: str, cloudformation_json: dict[str, Any], account_id: str, region_name: str
    ) -> None:
        codepipeline_backends[account_id][region_name].delete_pipeline(resource_name)
        SIMULATOR.forget(account_id, region_name, resource_name)

    def delete(self, account_id: str, region_name: str) -> None:
        self.delete_from_cloudformation_json(self.name, {}, account_id, region_name)

    def is_created(self) -> bool:
        return True


def pipeline_declaration(name: str, properties: dict[str, Any]) -> dict[str, Any]:
    """CloudFormation's Pipeline properties -> the CodePipeline API's pipeline structure."""
    stages = properties.get("Stages") or []
    if len(stages) < 2:
        raise InvalidStructureException(
            f"Pipeline has only {len(stages)} stage(s). There should be a minimum of 2 stages in a pipeline"
        )
    declaration: dict[str, Any] = {
        "name": name,
        "roleArn": properties.get("RoleArn") or "",
        "stages": [
            {
                "name": stage["Name"],
                "actions": [_action(action) for action in stage.get("Actions") or []],
            }
            for stage in stages
        ],
    }
    store = properties.get("ArtifactStore")
    if store:
        declaration["artifactStore"] = {"type": store.get("Type", "S3"), "location": store.get("Location", "")}
    if properties.get("PipelineType"):
        declaration["pipelineType"] = properties["PipelineType"]
    return declaration


def _action(action: dict[str, Any]) -> dict[str, Any]:
    type_id = action.get("ActionTypeId") or {}
    converted: dict[str, Any] = {
        "name": action["Name"],
        "actionTypeId": {
            "category": type_id.get("Category"),
            "owner": type_id.get("Owner", "AWS"),
            "provider": type_id.get("Provider"),
            "version": str(type_id.get("Version", "1")),
        },
        "runOrder": int(action.get("RunOrder", 1)),
        "configuration": {key: _text(value) for key, value in (action.get("Configuration") or {}).items()},
        "inputArtifacts": [{"name": item["Name"]} for item in action.get("InputArtifacts") or []],
        "outputArtifacts": [{"name": item["Name"]} for item in action.get("OutputArtifacts") or []],
    }
    for source, target in (("RoleArn", "roleArn"), ("Region", "region"), ("Namespace", "namespace")):
        if action.get(source):
            converted[target] = action[source]
    return converted


def _text(value: Any) -> str:
    """Action configuration values are strings in the API (booleans as `true`/`false`)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else json.dumps(value)


# -- GetPipelineState and PutApprovalResult -----------------------------------------------------------


class _ApprovalException(JsonRESTError):
    code = 400

    def __init__(self, error_type: str, message: str) -> None:
        super().__init__(error_type, message)


def _get_pipeline_state(self: CodePipelineResponse) -> str:
    name = _existing_pipeline(self, "name")
    backend = self.codepipeline_backend
    return json.dumps(SIMULATOR.state(backend.account_id, backend.region_name, name))


def _put_approval_result(self: CodePipelineResponse) -> str:
    name = _existing_pipeline(self, "pipelineName")
    backend = self.codepipeline_backend
    result = self._get_param("result") or {}
    try:
        approved_at = SIMULATOR.put_approval_result(
            backend.account_id,
            backend.region_name,
            name,
            self._get_param("stageName"),
            self._get_param("actionName"),
            self._get_param("token"),
            str(result.get("status", "")),
            str(result.get("summary", "")),
        )
    except ApprovalError as error:
        raise _ApprovalException(error.code, str(error)) from error
    return json.dumps({"approvedAt": approved_at})


def _existing_pipeline(response: CodePipelineResponse, parameter: str) -> str:
    """The pipeline named by the request's `parameter`, refused as CodePipeline refuses an unknown one."""
    name: str = response._get_param(parameter)
    backend = response.codepipeline_backend
    if name not in backend.pipelines:
        raise PipelineNotFoundException(f"Account '{backend.account_id}' does not have a pipeline with name '{name}'")
    return name


# -- CloudFormation parameter checks ----------------------------------------------------------------


def _checked_create_stack(
    self: CloudFormationBackend, name: str, template: str, parameters: dict[str, Any], *args: Any, **kwargs: Any
) -> Any:
    _refuse_bad_parameters(template, parameters)
    return _saved["create_stack"](self, name, template, parameters, *args, **kwargs)


def _checked_update_stack(
    self: CloudFormationBackend,
    name: str,
    template: str,
    role_arn: str | None,
    parameters: list[dict[str, Any]],
    tags: dict[str, str] | None,
) -> Any:
    stack = self.get_stack(name)
    values = {item["ParameterKey"]: item.get("ParameterValue") for item in parameters if "ParameterValue" in item}
    for item in parameters:
        if item.get("UsePreviousValue"):
            values[item["ParameterKey"]] = stack.parameters.get(item["ParameterKey"])
    _refuse_bad_parameters(template or stack.template, values)
    return _saved["update_stack"](self, name, template, role_arn, parameters, tags)


def _refuse_bad_parameters(template: Any, values: dict[str, Any]) -> None:
    try:
        parsed = template if isinstance(template, dict) else Stack.parse_template(template)
    except Exception:
        return  # moto reports an unreadable template itself
    if not isinstance(parsed, dict):
        return
    problems = parameter_problems(parsed, values)
    if problems:
        raise ValidationError(message="; ".join(problems))


# -- switching ------------------------------------------------------------------------------------------


def _clear_type_caches() -> None:
    parsing.get_model_list.cache_clear()
    parsing.get_model_map.cache_clear()
    parsing.get_name_type_map.cache_clear()


def install() -> None:
    """Patch the stand-ins into moto (idempotent)."""
    global _installed
    with _lock:
        if _installed:
            return
        StandInPipeline.active = True
        _clear_type_caches()
        for name, function in (
            ("get_pipeline_state", _get_pipeline_state),
            ("put_approval_result", _put_approval_result),
        ):
            _saved[f"response.{name}"] = CodePipelineResponse.__dict__.get(name)
            setattr(CodePipelineResponse, name, function)
        _saved["create_stack"] = CloudFormationBackend.create_stack
        _saved["update_stack"] = CloudFormationBackend.update_stack
        CloudFormationBackend.create_stack = _checked_create_stack  # type: ignore[method-assign]
        CloudFormationBackend.update_stack = _checked_update_stack  # type: ignore[method-assign]
        cfn_novalue.install()
        stackset_targets.install()
        _installed = True
        log.debug("moto stand-ins installed")


def uninstall() -> None:
    """Restore moto as shipped and forget every simulated run."""
    global _installed
    with _lock:
        if not _installed:
            return
        StandInPipeline.active = False
        _clear_type_caches()
        for name in ("get_pipeline_state", "put_approval_result"):
            original = _saved.pop(f"response.{name}", None)
            if original is None:
                delattr(CodePipelineResponse, name)
            else:
                setattr(CodePipelineResponse, name, original)
        CloudFormationBackend.create_stack = _saved.pop("create_stack")  # type: ignore[method-assign]
        CloudFormationBackend.update_stack = _saved.pop("update_stack")  # type: ignore[method-assign]
        cfn_novalue.uninstall()
        stackset_targets.uninstall()
        SIMULATOR.reset()
        _installed = False
        log.debug("moto stand-ins removed")


def installed() -> bool:
    return _installed
