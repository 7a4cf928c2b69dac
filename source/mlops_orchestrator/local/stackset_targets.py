"""StackSet behaviour moto lacks: DeleteStackInstances by organizational unit, and UpdateStackSet deploying.

- Service-managed StackSets are addressed by OU on AWS, and deprovisioning deletes their instances that way.
  moto's CreateStackInstances already resolves OUs to their accounts; this does the same for
  DeleteStackInstances (moto only reads `Accounts`), so a promoted pipeline can be deprovisioned as on AWS.
- moto's UpdateStackSet records the new template and parameters but leaves every instance's stack as it
  was. Here each instance's stack is updated with them, as CloudFormation does; an instance that fails makes
  the operation FAILED with the reason, which the StackSet Lambda reports to the pipeline.
"""

from __future__ import annotations

from typing import Any

from moto.cloudformation.models import CloudFormationBackend
from moto.cloudformation.responses import ActionResult, CloudFormationResponse

from .moto_patches import MotoPatches


def _accounts_of(stackset: Any, organizational_units: list[str]) -> list[str]:
    organizations = stackset.instances.org_backend
    units = set(organizational_units)
    units |= {unit.id for unit in organizations.ou if unit.parent_id in units}
    return [account.id for account in organizations.accounts if account.parent_id in units]


def _delete_stack_instances(self: CloudFormationResponse) -> Any:
    """moto's handler, with the OU targets resolved to their accounts when no accounts are given."""
    name = self._get_param("StackSetName")
    accounts = list(self._get_param("Accounts", []) or [])
    regions = self._get_param("Regions", [])
    units = (self._get_params().get("DeploymentTargets") or {}).get("OrganizationalUnitIds") or []
    if units and not accounts:
        accounts = _accounts_of(self.cloudformation_backend.describe_stack_set(name), units)
    stackset = self.cloudformation_backend.delete_stack_instances(name, accounts, regions)
    return ActionResult({"OperationId": stackset.operations[-1]["OperationId"]})


def _update_stack_set(self: CloudFormationBackend, stackset_name: str, *args: Any, **kwargs: Any) -> Any:
    """moto's UpdateStackSet, then the update of every instance's stack with the StackSet's template."""
    operation = _PATCHES.original(CloudFormationBackend, "update_stack_set")(self, stackset_name, *args, **kwargs)
    stackset = self.describe_stack_set(stackset_name)
    values = stackset.parameters
    parameters = (
        {str(item["ParameterKey"]): item["ParameterValue"] for item in values}
        if isinstance(values, list)
        else dict(values or {})
    )
    for instance in stackset.instances.stack_instances:
        try:
            instance.stack.update(stackset.template, parameters=parameters)
        except Exception as error:
            reason = str(getattr(error, "message", None) or error)
            instance.stack.status = "UPDATE_ROLLBACK_COMPLETE"
            operation["Status"] = "FAILED"
            operation["StatusReason"] = f"{instance.account_id}/{instance.region_name}: {reason}"
            break
        instance.template = stackset.template
        instance.parameters = [{"ParameterKey": key, "ParameterValue": value} for key, value in parameters.items()]
    return operation


_PATCHES = (
    MotoPatches()
    .replace(CloudFormationResponse, "delete_stack_instances", _delete_stack_instances)
    .replace(CloudFormationBackend, "update_stack_set", _update_stack_set)
)
install = _PATCHES.install
uninstall = _PATCHES.uninstall
