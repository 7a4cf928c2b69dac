"""DeleteStackInstances by organizational unit, which moto ignores (it only reads `Accounts`).

Service-managed StackSets are addressed by OU on AWS, and deprovisioning deletes their instances that way.
moto's CreateStackInstances already resolves OUs to their accounts; this stand-in does the same for
DeleteStackInstances, so a promoted pipeline can be deprovisioned in local mode as on AWS.
"""

from __future__ import annotations

from typing import Any

from moto.cloudformation.responses import ActionResult, CloudFormationResponse

_saved: dict[str, Any] = {}


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


def install() -> None:
    _saved["delete_stack_instances"] = CloudFormationResponse.delete_stack_instances
    CloudFormationResponse.delete_stack_instances = _delete_stack_instances  # type: ignore[method-assign]


def uninstall() -> None:
    CloudFormationResponse.delete_stack_instances = _saved.pop("delete_stack_instances")  # type: ignore[method-assign]
