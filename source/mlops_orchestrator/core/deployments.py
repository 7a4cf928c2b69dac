"""What a pipeline deployed, per stage: the blueprint stack (or StackSet), its status, outputs and first failure.

What the orchestrator account can see decides what is reported:

- single account, and the image builder: the blueprint stack itself, so its status, its outputs and, when it
  failed, the first failed resource with CloudFormation's reason (from the stack events);
- multi-account: each stage's StackSet and its stack instances (account, region, status and the reason
  StackSets give). The stacks themselves, their events and their outputs live in the stage accounts, which
  the orchestrator cannot read; they are reported as such, never guessed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from .aws import error_code, service_error
from .naming import stackset_name
from .settings import STAGES
from .stack_events import first_failure
from .stacks import describe_stack

if TYPE_CHECKING:
    from types_boto3_cloudformation import CloudFormationClient
    from types_boto3_cloudformation.literals import CallAsType
    from types_boto3_cloudformation.type_defs import StackTypeDef

SINGLE_STAGE = "default"
"""The stage name of a pipeline that deploys once (as in a plan)."""
NOT_DEPLOYED = "NOT_DEPLOYED"
_HEALTHY_INSTANCE = "CURRENT"


class DeploymentReader:
    def __init__(self, cloudformation: CloudFormationClient, delegated_admin: bool) -> None:
        self._cfn = cloudformation
        self._call_as: CallAsType = "DELEGATED_ADMIN" if delegated_admin else "SELF"

    def read(self, pipeline: StackTypeDef) -> list[dict[str, Any]]:
        """One entry per stage, in deployment order."""
        parameters = {item["ParameterKey"]: item.get("ParameterValue", "") for item in pipeline.get("Parameters", [])}
        blueprint = parameters.get("StackName")
        if not blueprint:  # the image builder: the pipeline stack is the blueprint
            return [self._stack_deployment(SINGLE_STAGE, pipeline["StackName"], pipeline)]
        if "DevParamsName" not in parameters:
            return [self._stack_deployment(SINGLE_STAGE, blueprint, self._describe(blueprint))]
        return [
            self._stackset_deployment(stage, stackset_name(blueprint, stage, pipeline["StackId"])) for stage in STAGES
        ]

    # -- a stack in this account ------------------------------------------------------------------

    def _stack_deployment(self, stage: str, name: str, stack: StackTypeDef | None) -> dict[str, Any]:
        if stack is None:
            return {"stage": stage, "stack": name, "status": NOT_DEPLOYED, "outputs": {}}
        entry: dict[str, Any] = {
            "stage": stage,
            "stack": name,
            "status": stack.get("StackStatus"),
            "outputs": {str(output.get("OutputKey")): output.get("OutputValue") for output in stack.get("Outputs", [])},
        }
        if stack.get("StackStatusReason"):
            entry["status_reason"] = stack["StackStatusReason"]
        package = _model_package(stack.get("Parameters", []))
        if package:
            entry["model_package"] = package
        failure = first_failure(self._cfn, stack)
        if failure is not None:
            entry["failure"] = {"stage": stage, **failure}
        return entry

    def _describe(self, name: str) -> StackTypeDef | None:
        return describe_stack(self._cfn, name)

    # -- a StackSet whose stacks live in a stage account ------------------------------------------

    def _stackset_deployment(self, stage: str, name: str) -> dict[str, Any]:
        try:
            described = self._cfn.describe_stack_set(StackSetName=name, CallAs=self._call_as)["StackSet"]
            summaries = self._cfn.list_stack_instances(StackSetName=name, CallAs=self._call_as).get("Summaries", [])
        except ClientError as error:
            if error_code(error) == "StackSetNotFoundException":
                return {"stage": stage, "stackset": name, "status": NOT_DEPLOYED, "instances": []}
            raise service_error("DescribeStackSet", error) from error
        if described.get("Status") == "DELETED":
            return {"stage": stage, "stackset": name, "status": NOT_DEPLOYED, "instances": []}
        instances = []
        for summary in summaries:
            detailed = (summary.get("StackInstanceStatus") or {}).get("DetailedStatus")
            instance: dict[str, Any] = {
                "account": summary.get("Account"),
                "region": summary.get("Region"),
                "status": summary.get("Status"),
            }
            if detailed:
                instance["detailed_status"] = detailed
            if summary.get("StatusReason"):
                instance["reason"] = summary["StatusReason"]
            instances.append(instance)
        entry: dict[str, Any] = {
            "stage": stage,
            "stackset": name,
            "status": _stackset_status(instances),
            "instances": instances,
        }
        package = _model_package(described.get("Parameters", []))
        if package:
            entry["model_package"] = package
        failed = [instance for instance in instances if _instance_failed(instance)]
        if failed:
            first = failed[0]
            entry["failure"] = {
                "stage": stage,
                "stackset": name,
                "account": first.get("account"),
                "region": first.get("region"),
                "status": first.get("detailed_status") or first.get("status"),
                "reason": first.get("reason") or "the stack instance failed; its events are in the stage account",
            }
        return entry


def _instance_failed(instance: dict[str, Any]) -> bool:
    return instance.get("detailed_status") in {"FAILED", "CANCELLED", "INOPERABLE"} or (
        instance.get("status") in {"INOPERABLE", "OUTDATED"} and bool(instance.get("reason"))
    )


def _stackset_status(instances: list[dict[str, Any]]) -> str:
    """CURRENT when every instance is, otherwise the first other status (what needs attention)."""
    if not instances:
        return "NO_INSTANCES"
    others = [str(instance.get("detailed_status") or instance.get("status")) for instance in instances]
    odd = [status for status in others if status not in {_HEALTHY_INSTANCE, "SUCCEEDED"}]
    return odd[0] if odd else _HEALTHY_INSTANCE


def _model_package(parameters: Sequence[Mapping[str, Any]]) -> str:
    """The model package version a blueprint stack (or StackSet) deploys; "" for one that deploys none."""
    values = {item.get("ParameterKey"): item.get("ParameterValue") for item in parameters}
    return str(values.get("ModelPackageName") or "")
