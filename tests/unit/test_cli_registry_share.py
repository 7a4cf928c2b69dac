"""`registry share GROUP --account ID ...`: a resource policy for the stage accounts, never over another one."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from mlops_orchestrator.cli import registry_share
from mlops_orchestrator.cli.main import main
from mlops_orchestrator.core.group_sharing import SHARED_ACTIONS, accounts_left_out

GROUP_ARN = "arn:aws:sagemaker:us-east-1:123456789012:model-package-group/churn"
PACKAGE = "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/1"
DEV, PROD = "111111111111", "333333333333"


class FakeSageMaker:
    def __init__(self, policy: dict[str, Any] | None = None) -> None:
        self.policy = policy
        self.puts: list[dict[str, Any]] = []

    def describe_model_package_group(self, **kwargs: Any) -> dict[str, Any]:
        assert kwargs == {"ModelPackageGroupName": "churn"}
        return {"ModelPackageGroupName": "churn", "ModelPackageGroupArn": GROUP_ARN}

    def get_model_package_group_policy(self, **kwargs: Any) -> dict[str, Any]:
        if self.policy is None:  # SageMaker's answer for a group without a policy
            error = {"Code": "ValidationException", "Message": f"Cannot find resource policy for {GROUP_ARN}"}
            raise ClientError({"Error": error}, "GetModelPackageGroupPolicy")
        return {"ResourcePolicy": json.dumps(self.policy)}

    def put_model_package_group_policy(self, **kwargs: Any) -> dict[str, Any]:
        self.puts.append(kwargs)
        return {"ModelPackageGroupArn": GROUP_ARN}


class FakeApi:
    base_url = "https://api.example.com/prod"


def use(monkeypatch: pytest.MonkeyPatch, sagemaker: FakeSageMaker) -> FakeSageMaker:
    monkeypatch.setattr(registry_share, "connect", lambda args: FakeApi())
    monkeypatch.setattr(registry_share, "aws_client", lambda *args: sagemaker)
    return sagemaker


def share(*extra: str) -> list[str]:
    return ["registry", "share", "churn", "--account", DEV, "--account", PROD, *extra]


def test_a_group_without_a_policy_is_shared_with_exactly_the_accounts_given(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sagemaker = use(monkeypatch, FakeSageMaker())
    assert main(share("--json")) == 0
    [put] = sagemaker.puts
    policy = json.loads(put["ResourcePolicy"])
    assert put["ModelPackageGroupName"] == "churn"
    [statement] = policy["Statement"]
    assert statement["Principal"] == {"AWS": [f"arn:aws:iam::{DEV}:root", f"arn:aws:iam::{PROD}:root"]}
    assert statement["Action"] == list(SHARED_ACTIONS)
    assert "sagemaker:UpdateModelPackage" not in statement["Action"]  # sharing is not the right to approve
    assert accounts_left_out(policy, {DEV, PROD, "222222222222"}, PACKAGE) == ["222222222222"]
    assert json.loads(capsys.readouterr().out)["policy"] == policy


def test_a_dry_run_prints_the_policy_and_puts_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sagemaker = use(monkeypatch, FakeSageMaker())
    assert main(share("--dry-run")) == 0
    out = capsys.readouterr().out
    assert out.startswith("Dry run: would put this policy on churn")
    assert json.loads(out.split("\n", 1)[1])["Statement"][0]["Resource"] == [GROUP_ARN, PACKAGE[:-1] + "*"]
    assert sagemaker.puts == []


def test_a_different_policy_is_printed_and_kept_unless_replace_is_given(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    theirs = {"Version": "2012-10-17", "Statement": [{"Sid": "Theirs", "Effect": "Allow"}]}
    sagemaker = use(monkeypatch, FakeSageMaker(theirs))
    assert main(share()) == 1
    err = capsys.readouterr().err
    assert "churn already has a different resource policy; nothing was changed" in err
    assert '"Sid": "Theirs"' in err and "--replace" in err
    assert sagemaker.puts == []
    assert main(share("--replace")) == 0
    assert [json.loads(put["ResourcePolicy"])["Statement"][0]["Sid"] for put in sagemaker.puts] == [
        "StageAccountsDeployModelPackages"
    ]


def test_sharing_again_with_the_same_accounts_changes_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    first = use(monkeypatch, FakeSageMaker())
    assert main(share()) == 0
    again = use(monkeypatch, FakeSageMaker(json.loads(first.puts[0]["ResourcePolicy"])))
    assert main(["registry", "share", "churn", "--account", PROD, "--account", DEV, "--account", DEV]) == 0
    assert again.puts == []
    assert "churn is already shared with 111111111111, 333333333333." in capsys.readouterr().out


def test_an_account_that_is_not_twelve_digits_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sagemaker = use(monkeypatch, FakeSageMaker())
    assert main(["registry", "share", "churn", "--account", "dev"]) == 2
    assert "'dev' is not an AWS account id (12 digits)" in capsys.readouterr().err
    assert sagemaker.puts == []


def test_a_policy_that_cannot_be_read_fails_with_aws_words(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sagemaker = use(monkeypatch, FakeSageMaker())

    def denied(**kwargs: Any) -> dict[str, Any]:
        raise ClientError({"Error": {"Code": "AccessDeniedException", "Message": "no"}}, "GetModelPackageGroupPolicy")

    monkeypatch.setattr(sagemaker, "get_model_package_group_policy", denied)
    assert main(share()) == 1
    err = capsys.readouterr().err
    assert "GetModelPackageGroupPolicy failed: AccessDeniedException" in err
    assert sagemaker.puts == []
