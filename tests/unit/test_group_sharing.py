"""Which stage accounts a model package group's resource policy clearly leaves out (core/group_sharing.py)."""

from __future__ import annotations

from typing import Any

import pytest

from mlops_orchestrator.core.group_sharing import (
    NEEDED_ACTIONS,
    SHARED_ACTIONS,
    accounts_left_out,
    group_arn_of,
    sharing_policy,
)

PACKAGE = "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/3"
GROUP = "arn:aws:sagemaker:us-east-1:123456789012:model-package-group/churn"
DEV, STAGING, PROD = "111111111111", "222222222222", "333333333333"
ACCOUNTS = {DEV, STAGING, PROD}


def policy(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(principal: Any, actions: Any = "sagemaker:*", resources: Any = GROUP + "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Principal": principal, "Action": actions, "Resource": resources, **extra}


def root(account: str) -> str:
    return f"arn:aws:iam::{account}:root"


def test_a_group_without_a_policy_leaves_out_every_account() -> None:
    assert accounts_left_out(None, ACCOUNTS, PACKAGE) == [DEV, STAGING, PROD]


def test_the_policy_registry_share_writes_lets_every_account_in() -> None:
    assert accounts_left_out(sharing_policy(GROUP, ACCOUNTS), ACCOUNTS, PACKAGE) == []


def test_the_shared_policy_names_each_account_root_the_group_and_its_packages_and_never_approval() -> None:
    statement = sharing_policy(GROUP, [PROD, DEV, DEV])["Statement"][0]
    assert statement["Principal"] == {"AWS": [root(DEV), root(PROD)]}
    assert statement["Resource"] == [GROUP, "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/*"]
    assert set(NEEDED_ACTIONS) <= set(statement["Action"]) == set(SHARED_ACTIONS)
    assert "sagemaker:UpdateModelPackage" not in statement["Action"]


def test_the_orchestrator_stacks_own_group_policy_lets_its_stage_accounts_in() -> None:
    # The shape orchestrator/registry.py gives the group the stack creates (with its tokens resolved).
    stack_policy = policy(
        allow(
            {"AWS": [root(account) for account in sorted(ACCOUNTS)]},
            [
                "sagemaker:DescribeModelPackageGroup",
                "sagemaker:DescribeModelPackage",
                "sagemaker:ListModelPackages",
                "sagemaker:UpdateModelPackage",
                "sagemaker:CreateModel",
            ],
            [GROUP, "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/*"],
            Sid="AddPermModelPackageGroup",
        )
    )
    assert accounts_left_out(stack_policy, ACCOUNTS, PACKAGE) == []


@pytest.mark.parametrize(
    "principal",
    [{"AWS": DEV}, {"AWS": root(DEV)}, {"AWS": [root(DEV), "arn:aws:iam::999999999999:root"]}],
    ids=["account-id", "account-root", "in-a-list"],
)
def test_a_principal_naming_the_account_lets_it_in(principal: Any) -> None:
    assert accounts_left_out(policy(allow(principal)), ACCOUNTS, PACKAGE) == [PROD, STAGING][::-1]


@pytest.mark.parametrize(
    ("actions", "left_out"),
    [
        ("*", []),
        ("sagemaker:*", []),
        (["SageMaker:describe*", "sagemaker:CreateModel"], []),
        (["sagemaker:Describe*"], [DEV]),  # describing is not creating a model
        (["sagemaker:CreateModel", "sagemaker:DescribeModelPackageGroup"], [DEV]),
        (["sagemaker:DescribeModelPackag?", "sagemaker:CreateModel"], []),
    ],
)
def test_actions_are_matched_with_iam_wildcards_and_both_needed_ones_count(actions: Any, left_out: list[str]) -> None:
    assert accounts_left_out(policy(allow({"AWS": root(DEV)}, actions)), {DEV}, PACKAGE) == left_out


def test_the_needed_actions_may_come_from_different_statements() -> None:
    split = policy(allow({"AWS": DEV}, "sagemaker:DescribeModelPackage"), allow({"AWS": DEV}, "sagemaker:CreateModel"))
    assert accounts_left_out(split, {DEV}, PACKAGE) == []


@pytest.mark.parametrize(
    ("resources", "left_out"),
    [
        ("*", []),
        ("arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/*", []),
        (GROUP, []),
        ("arn:aws:sagemaker:us-east-1:123456789012:model-package/other/*", [DEV]),
    ],
)
def test_resources_must_cover_the_group_or_the_package(resources: Any, left_out: list[str]) -> None:
    assert accounts_left_out(policy(allow({"AWS": DEV}, resources=resources)), {DEV}, PACKAGE) == left_out


@pytest.mark.parametrize(
    ("condition", "left_out"),
    [
        ({"StringEquals": {"aws:PrincipalAccount": [DEV, STAGING]}}, [PROD]),
        ({"StringLike": {"aws:PrincipalAccount": "1111*"}}, [PROD, STAGING][::-1]),
        ({"StringEquals": {"aws:PrincipalOrgID": "o-abcdefghij"}}, []),  # cannot tell: no warning
        ({"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": ["o-a/r-b/ou-c/*"]}}, []),
    ],
    ids=["account-list", "account-pattern", "org-id", "org-paths"],
)
def test_anyone_with_a_condition_is_judged_only_on_principal_account(condition: Any, left_out: list[str]) -> None:
    assert accounts_left_out(policy(allow("*", Condition=condition)), ACCOUNTS, PACKAGE) == left_out


def test_what_cannot_be_judged_is_never_warned_about() -> None:
    role = allow({"AWS": f"arn:aws:iam::{DEV}:role/deployer"})
    not_action = {"Effect": "Allow", "Principal": {"AWS": STAGING}, "NotAction": "sagemaker:Delete*", "Resource": "*"}
    assert accounts_left_out(policy(role, not_action), ACCOUNTS, PACKAGE) == [PROD]
    assert accounts_left_out({"Statement": "not a list"}, ACCOUNTS, PACKAGE) == []


def test_deny_statements_and_other_principals_allow_nothing() -> None:
    deny = {**allow({"AWS": DEV}), "Effect": "Deny"}
    service = allow({"Service": "sagemaker.amazonaws.com"})
    assert accounts_left_out(policy(deny, service), {DEV}, PACKAGE) == [DEV]


def test_a_single_statement_object_is_read_as_a_list_of_one() -> None:
    assert accounts_left_out({"Statement": allow({"AWS": DEV})}, {DEV, PROD}, PACKAGE) == [PROD]


def test_the_group_of_a_package_arn() -> None:
    assert group_arn_of(PACKAGE) == GROUP
    assert group_arn_of("churn-unversioned") is None
