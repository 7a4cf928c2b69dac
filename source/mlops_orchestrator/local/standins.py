"""What moto lacks, patched into moto in-process while local mode runs (never on AWS).

1. **The resource types of the blueprint templates that moto's CloudFormation lacks**, custom resources
   included: local mode's providers (see `providers`).
2. **GetPipelineState, PutApprovalResult, PutJobSuccessResult and PutJobFailureResult**, which moto's
   CodePipeline does not implement: served from the simulated runs (see `pipeline_sim`), through moto's
   own CodePipeline request handler.
3. **CloudFormation's parameter checks** on CreateStack and UpdateStack (moto skips them; see
   `cfn_parameters`): undeclared, missing and out-of-constraint parameters are a ValidationError, as
   on AWS.

4. **`AWS::NoValue` in lists** (see `cfn_novalue`): removed as CloudFormation does, so the real
   blueprint templates' optional IAM statements and list items deploy.

`install()` and `uninstall()` switch all four on and off. Off, moto behaves exactly as shipped: the
providers answer to type names no template uses, and the patched methods are restored. That
matters in a test session where other tests use moto's `mock_aws` in the same process.
"""

from __future__ import annotations

import json
import logging
import threading
from typing import Any

from moto.cloudformation.exceptions import ValidationError
from moto.cloudformation.models import CloudFormationBackend, Stack
from moto.codepipeline.exceptions import PipelineNotFoundException
from moto.codepipeline.responses import CodePipelineResponse
from moto.core.exceptions import JsonRESTError

from . import cfn_novalue, providers, stackset_targets
from .cfn_parameters import parameter_problems
from .inference_api import local_url
from .moto_patches import MotoPatches
from .pipeline_jobs import JOBS
from .pipeline_sim import SIMULATOR, ApprovalError

log = logging.getLogger(__name__)

_lock = threading.Lock()
_installed = False


# -- GetPipelineState and PutApprovalResult -----------------------------------------------------------


class _CodePipelineError(JsonRESTError):
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
        raise _CodePipelineError(error.code, str(error)) from error
    return json.dumps({"approvedAt": approved_at})


def _put_job_success_result(self: CodePipelineResponse) -> str:
    job_id = self._get_param("jobId")
    if not JOBS.succeed(job_id, self._get_param("continuationToken"), self._get_param("executionDetails") or {}):
        raise _CodePipelineError("JobNotFoundException", f"The job {job_id} was not found or is not open")
    return "{}"


def _put_job_failure_result(self: CodePipelineResponse) -> str:
    job_id = self._get_param("jobId")
    if not JOBS.fail(job_id, self._get_param("failureDetails") or {}):
        raise _CodePipelineError("JobNotFoundException", f"The job {job_id} was not found or is not open")
    return "{}"


_API = {
    "get_pipeline_state": _get_pipeline_state,
    "put_approval_result": _put_approval_result,
    "put_job_success_result": _put_job_success_result,
    "put_job_failure_result": _put_job_failure_result,
}


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
    return _PATCHES.original(CloudFormationBackend, "create_stack")(self, name, template, parameters, *args, **kwargs)


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
    return _PATCHES.original(CloudFormationBackend, "update_stack")(self, name, template, role_arn, parameters, tags)


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


# -- outputs of a failed stack -----------------------------------------------------------------------

_NO_OUTPUTS = ("ROLLBACK", "FAILED", "IN_PROGRESS", "DELETE")


def _outputs(self: Stack) -> Any:
    """A stack that did not deploy has no outputs, as on AWS. moto computes outputs from the resource map on
    every DescribeStacks, which would try again to create the resources that failed (running a custom
    resource's handler once more, inside a read). A deployed stack's API Gateway URLs point at local mode."""
    if any(marker in self.status for marker in _NO_OUTPUTS):
        return None
    outputs = _PATCHES.original(Stack, "outputs").fget(self)
    # A blueprint's API Gateway URL becomes the address where local mode serves that API.
    return [{**output, "OutputValue": local_url(output["OutputValue"])} for output in outputs or []] or None


# -- switching ------------------------------------------------------------------------------------------

_PATCHES = MotoPatches()
for _name, _function in _API.items():
    _PATCHES.replace(CodePipelineResponse, _name, _function)
_PATCHES.replace(CloudFormationBackend, "create_stack", _checked_create_stack)
_PATCHES.replace(CloudFormationBackend, "update_stack", _checked_update_stack)
_PATCHES.replace(Stack, "outputs", property(_outputs))


def install() -> None:
    """Patch the stand-ins into moto (idempotent)."""
    global _installed
    with _lock:
        if _installed:
            return
        providers.install()
        _PATCHES.install()
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
        providers.uninstall()
        _PATCHES.uninstall()
        cfn_novalue.uninstall()
        stackset_targets.uninstall()
        SIMULATOR.reset()
        JOBS.reset()
        _installed = False
        log.debug("moto stand-ins removed")


def installed() -> bool:
    return _installed
