"""The permissions boundary is worn by every role of every blueprint, and is wide enough for what they do."""

from __future__ import annotations

from fnmatch import fnmatch
from typing import Any

from mlops_orchestrator.blueprints.stacks import BLUEPRINT_STACKS
from mlops_orchestrator.infrastructure.permissions_boundary import CEILING, ROLE_UPKEEP, ROLE_WRITES
from tests.security.policies import iam_policies

BOUNDARY_PARAMETER = {
    "Fn::If": ["PermissionsBoundaryGiven", {"Ref": "PermissionsBoundaryArn"}, {"Ref": "AWS::NoValue"}]
}
DERIVED = {
    "Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/mlops-orchestrator/mlops-pipeline-boundary-${AWS::Region}"
}


def _blueprints(templates: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {entry.stack_id: templates[entry.stack_id] for entry in BLUEPRINT_STACKS}


def test_every_role_of_every_blueprint_carries_the_boundary(templates: dict[str, dict[str, Any]]) -> None:
    unbounded, roles = [], 0
    for name, template in _blueprints(templates).items():
        # The stacks the orchestrator deploys derive the ARN; the workload blueprints take it as a parameter.
        expected = BOUNDARY_PARAMETER if "PermissionsBoundaryArn" in template.get("Parameters", {}) else DERIVED
        for logical_id, resource in template["Resources"].items():
            if resource["Type"] == "AWS::IAM::Role":
                roles += 1
                if resource["Properties"].get("PermissionsBoundary") != expected:
                    unbounded.append(f"{name}/{logical_id}")
    assert roles > 30
    assert unbounded == []


def test_the_workload_blueprints_declare_the_boundary_parameter(templates: dict[str, dict[str, Any]]) -> None:
    derived = {
        "SingleAccountCodePipelineStack",
        "MultiAccountCodePipelineStack",
        "BYOMCustomAlgorithmImageBuilderStack",
    }
    for name, template in _blueprints(templates).items():
        declared = template.get("Parameters", {}).get("PermissionsBoundaryArn")
        assert (declared is None) == (name in derived), name
        if declared is not None:
            assert declared["Default"] == ""


def test_every_action_a_blueprint_grants_is_inside_the_ceiling(templates: dict[str, dict[str, Any]]) -> None:
    """A grant outside the ceiling would be created and then denied at run time."""
    ceiling = [f"{service}:{action}".lower() for service, actions in CEILING.items() for action in actions]
    ceiling += [action.lower() for action in (*ROLE_WRITES, *ROLE_UPKEEP, "iam:PassRole")]
    ceiling.append("iam:createservicelinkedrole")
    outside = set()
    for name, template in _blueprints(templates).items():
        for policy_id, document in iam_policies(template).items():
            for statement in document["Statement"]:
                if statement["Effect"] != "Allow":
                    continue
                actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
                for action in actions:
                    if not any(fnmatch(action.lower(), allowed) for allowed in ceiling):
                        outside.add(f"{name}/{policy_id}: {action}")
    assert sorted(outside) == []
