"""Multi-account with the registry: the orchestrator Lambda may read model package group policies, and only that
(core/group_sharing.py warns about groups the stage accounts cannot use)."""

from __future__ import annotations

from mlops_orchestrator.core.group_sharing import sharing_warning
from tests.infra.support import Synthesized

POLICY_PATH = "Orchestrator/ReadModelPackageGroupPolicies"


def _policies_with(synthesized: Synthesized, action: str) -> list[dict[str, object]]:
    return [
        policy
        for policy in synthesized.resources("AWS::IAM::Policy").values()
        if any(action in str(statement["Action"]) for statement in policy["Properties"]["PolicyDocument"]["Statement"])
    ]


def test_the_multi_account_role_reads_group_policies_of_its_account_only_when_the_registry_is_used(
    multi: Synthesized,
) -> None:
    assert sharing_warning.__module__ == "mlops_orchestrator.core.group_sharing"  # the reader of this permission
    policy = multi.resource(POLICY_PATH)
    assert policy["Condition"] == "ModelRegistryUsed"
    assert policy["Properties"]["Roles"] == [multi.ref("Orchestrator/Role")]
    [statement] = policy["Properties"]["PolicyDocument"]["Statement"]
    assert (statement["Effect"], statement["Action"]) == ("Allow", "sagemaker:GetModelPackageGroupPolicy")
    assert statement["Resource"] == {
        "Fn::Join": [
            "",
            [
                "arn:",
                {"Ref": "AWS::Partition"},
                ":sagemaker:",
                {"Ref": "AWS::Region"},
                ":",
                {"Ref": "AWS::AccountId"},
                ":model-package-group/*",
            ],
        ]
    }
    assert _policies_with(multi, "GetModelPackageGroupPolicy") == [policy]


def test_the_single_account_role_has_no_use_for_group_policies(single: Synthesized) -> None:
    assert _policies_with(single, "ModelPackageGroupPolicy") == []
