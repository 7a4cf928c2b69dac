"""Multi-account registry mode, through the handler against moto: a model package group the stage accounts
cannot use is accepted with a warning. moto has no model package group policies: these tests run with local
mode's stand-in API for them (local/providers/group_policy_api.py), which the aws_account fixture installs."""

from __future__ import annotations

import json
import logging
from types import SimpleNamespace
from typing import Any

import boto3
import pytest
from moto.core.exceptions import JsonRESTError
from moto.sagemaker.responses import SageMakerResponse

from mlops_orchestrator.cli import registry_share
from mlops_orchestrator.cli.main import main
from mlops_orchestrator.core.group_sharing import DOCS_SECTION, sharing_policy
from mlops_orchestrator.local.settings import settings_env
from tests.functional.api_events import api, body_of
from tests.support import ACCOUNTS, example, group_variant, make_settings, register_packages, registry_variant

STAGE_ACCOUNTS = sorted(stage.account_id for stage in ACCOUNTS.values())
GROUP_ARN = "arn:aws:sagemaker:us-east-1:123456789012:model-package-group/churn"


@pytest.fixture
def multi_registry(monkeypatch: pytest.MonkeyPatch, aws_account: dict[str, Any]) -> dict[str, Any]:
    """A multi-account registry orchestrator; group `churn` with one Approved version and no policy."""
    settings = make_settings(multi_account=True, model_registry=True)
    for key, value in settings_env(settings, config_bucket="config-bucket").items():
        monkeypatch.setenv(key, value)
    return {**aws_account, "churn": register_packages("churn", "Approved")}


def share(accounts: list[str]) -> None:
    boto3.client("sagemaker", region_name="us-east-1").put_model_package_group_policy(
        ModelPackageGroupName="churn", ResourcePolicy=json.dumps(sharing_policy(GROUP_ARN, accounts))
    )


def provision(body: dict[str, Any]) -> dict[str, Any]:
    response = api("/provisionpipeline", body)
    assert response["statusCode"] == 200, response
    return body_of(response)


def following(**options: Any) -> dict[str, Any]:
    return group_variant(example("byom_realtime_builtin"), group="churn", **options)


def sharing_warnings(answer: dict[str, Any]) -> list[dict[str, str]]:
    return [warning for warning in answer.get("warnings", []) if "registry share" in warning["message"]]


def test_a_group_without_a_policy_is_provisioned_with_a_warning_naming_every_stage_account(
    multi_registry: dict[str, Any],
) -> None:
    answer = provision(following())
    [warning] = sharing_warnings(answer)
    assert warning["field"] == "model_package_group_name"
    assert "churn has no resource policy" in warning["message"]
    for account in STAGE_ACCOUNTS:
        assert account in warning["message"] and f"--account {account}" in warning["message"]
    assert DOCS_SECTION in warning["message"]
    assert answer["pipeline_id"]  # accepted and provisioned all the same
    stacks = multi_registry["cloudformation"].describe_stacks()["Stacks"]
    assert [stack["StackId"] for stack in stacks] == [answer["pipeline_id"]]


def test_a_group_shared_with_every_stage_account_has_no_warning(multi_registry: dict[str, Any]) -> None:
    share(STAGE_ACCOUNTS)
    assert sharing_warnings(provision(following(dry_run=True))) == []


def test_a_dry_run_warns_about_the_accounts_left_out_only(
    multi_registry: dict[str, Any],
) -> None:
    share(STAGE_ACCOUNTS[:1])
    answer = provision(following(dry_run=True))
    [warning] = sharing_warnings(answer)
    assert "does not allow stage account(s) 222222222222, 333333333333" in warning["message"]
    assert STAGE_ACCOUNTS[0] not in warning["message"].split("`")[0]
    assert multi_registry["cloudformation"].describe_stacks()["Stacks"] == []


def test_a_pinned_version_of_an_unshared_group_is_warned_about_on_model_package_name(
    multi_registry: dict[str, Any],
) -> None:
    body = {**registry_variant(example("byom_batch_builtin")), "model_package_name": multi_registry["churn"][0]}
    [warning] = sharing_warnings(provision({**body, "dry_run": True}))
    assert warning["field"] == "model_package_name"


def test_a_policy_that_cannot_be_read_never_fails_the_request(
    multi_registry: dict[str, Any], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def denied(self: SageMakerResponse) -> str:
        raise JsonRESTError("AccessDeniedException", "not authorized to perform GetModelPackageGroupPolicy")

    monkeypatch.setattr(SageMakerResponse, "get_model_package_group_policy", denied, raising=False)
    with caplog.at_level(logging.INFO, logger="mlops-orchestrator.group-sharing"):
        answer = provision(following(dry_run=True))
    assert sharing_warnings(answer) == []
    assert answer["model_package_name"] == multi_registry["churn"][0]
    assert "cannot read the policy of model package group churn" in caplog.text
    assert "AccessDeniedException" in caplog.text


def test_single_account_registry_mode_does_not_look_at_policies(
    monkeypatch: pytest.MonkeyPatch, aws_account: dict[str, Any]
) -> None:
    for key, value in settings_env(make_settings(model_registry=True), config_bucket="config-bucket").items():
        monkeypatch.setenv(key, value)
    register_packages("churn", "Approved")
    assert sharing_warnings(provision(following(dry_run=True))) == []


def test_registry_share_with_every_stage_account_silences_the_warning(
    multi_registry: dict[str, Any], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sagemaker = boto3.client("sagemaker", region_name="us-east-1")
    monkeypatch.setattr(registry_share, "connect", lambda args: SimpleNamespace(base_url="https://api.example.com"))
    monkeypatch.setattr(registry_share, "aws_client", lambda *args: sagemaker)
    [warning] = sharing_warnings(provision(following(dry_run=True)))
    command = warning["message"].split("`")[1].split()
    assert command[:3] == ["mlops-orchestrator", "registry", "share"]
    assert main(command[1:]) == 0  # the command the warning suggests
    assert "churn is shared with 111111111111, 222222222222, 333333333333" in capsys.readouterr().out
    assert sharing_warnings(provision(following(dry_run=True))) == []


@pytest.mark.parametrize(
    ("pipeline_type", "warned"),
    [
        ("byom_model_bias_monitor", True),  # Clarify's baseline creates a model from the version
        ("byom_model_explainability_monitor", True),
        ("byom_data_quality_monitor", False),  # only names the version: the stage never uses the package
        ("byom_model_quality_monitor", False),
    ],
)
def test_monitors_are_warned_about_only_when_their_baseline_creates_a_model(
    multi_registry: dict[str, Any], pipeline_type: str, warned: bool
) -> None:
    body = group_variant(example(pipeline_type), group="churn", dry_run=True)
    assert bool(sharing_warnings(provision(body))) is warned
