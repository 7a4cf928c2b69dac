"""The orchestrator's settings: the original's environment variables and parsing, read on request only."""

from __future__ import annotations

import pytest

from mlops_orchestrator.core.settings import MAXIMUM_RETRY_ATTEMPTS, Settings, StageAccount
from mlops_orchestrator.local.settings import offline_settings, settings_env
from tests.support import make_settings

STACK = {
    "ASSETS_BUCKET": "assets",
    "BLUEPRINT_BUCKET": "blueprints",
    "CFN_ROLE_ARN": "arn:aws:iam::123456789012:role/deploy",
    "MLOPS_NOTIFICATIONS_SNS_TOPIC": "arn:aws:sns:eu-west-1:123456789012:topic",
    "REGION": "eu-west-1",
}
STAGE_VARIABLES = {
    "DEV_ACCOUNT_ID": "111111111111",
    "DEV_ORG_ID": "ou-dev",
    "STAGING_ACCOUNT_ID": "222222222222",
    "PROD_ACCOUNT_ID": "333333333333",
    "PROD_ORG_ID": "ou-prod",
}


def test_what_the_stack_sets_is_read_back_exactly() -> None:
    for settings in (make_settings(), make_settings(multi_account=True, detailed_errors=True), offline_settings()):
        assert Settings.from_env(settings_env(settings)) == settings


def test_the_process_environment_is_read_when_no_variables_are_given(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {**STACK, "IS_MULTI_ACCOUNT": "True", **STAGE_VARIABLES}.items():
        monkeypatch.setenv(name, value)
    assert Settings.from_env() == Settings.from_env({**STACK, "IS_MULTI_ACCOUNT": "True", **STAGE_VARIABLES})
    assert Settings.from_env().accounts["dev"] == StageAccount("111111111111", "ou-dev")


def test_defaults_of_an_empty_environment() -> None:
    settings = Settings.from_env({})
    assert settings.region == "us-east-1"
    assert settings.pipeline_stack_prefix == "mlops-pipeline"
    assert settings.blueprint_bucket_url == ".s3.us-east-1.amazonaws.com"
    assert (settings.assets_bucket, settings.ecr_repo_arn, settings.notifications_topic_arn) == ("", "", "")
    assert not (settings.multi_account or settings.model_registry or settings.delegated_admin)
    assert not settings.detailed_errors and settings.accounts == {}


@pytest.mark.parametrize(
    ("variables", "region"),
    [
        ({"REGION": "eu-west-1", "AWS_REGION": "us-west-2", "AWS_DEFAULT_REGION": "ap-south-1"}, "eu-west-1"),
        ({"REGION": "", "AWS_REGION": "us-west-2", "AWS_DEFAULT_REGION": "ap-south-1"}, "us-west-2"),
        ({"AWS_REGION": "", "AWS_DEFAULT_REGION": "ap-south-1"}, "ap-south-1"),
        ({"REGION": "", "AWS_REGION": "", "AWS_DEFAULT_REGION": ""}, "us-east-1"),
    ],
)
def test_the_region_falls_back_to_the_lambda_runtime_variables(variables: dict[str, str], region: str) -> None:
    assert Settings.from_env(variables).region == region


def test_the_blueprint_bucket_domain_is_derived_unless_given() -> None:
    assert Settings.from_env(STACK).blueprint_bucket_url == "blueprints.s3.eu-west-1.amazonaws.com"
    assert Settings.from_env({**STACK, "BLUEPRINT_BUCKET_URL": ""}).blueprint_bucket_url == (
        "blueprints.s3.eu-west-1.amazonaws.com"
    )
    assert Settings.from_env({**STACK, "BLUEPRINT_BUCKET_URL": "cdn.example"}).blueprint_bucket_url == "cdn.example"


@pytest.mark.parametrize(("value", "expected"), [("True", True), (" true ", True), ("Yes", False), ("1", False)])
def test_multi_account_is_true_or_false(value: str, expected: bool) -> None:
    assert Settings.from_env({"IS_MULTI_ACCOUNT": value}).multi_account is expected


@pytest.mark.parametrize(
    ("value", "expected"), [("Yes", True), (" yes", True), ("TRUE", True), ("No", False), ("1", False), ("", False)]
)
@pytest.mark.parametrize(
    ("variable", "field"),
    [
        ("USE_MODEL_REGISTRY", "model_registry"),
        ("IS_DELEGATED_ADMIN", "delegated_admin"),
        ("ALLOW_DETAILED_ERROR_MESSAGE", "detailed_errors"),
    ],
)
def test_yes_no_flags(variable: str, field: str, value: str, expected: bool) -> None:
    assert getattr(Settings.from_env({variable: value}), field) is expected


def test_stage_accounts_are_read_in_multi_account_mode_only() -> None:
    multi = Settings.from_env({**STACK, "IS_MULTI_ACCOUNT": "True", **STAGE_VARIABLES})
    assert multi.accounts == {
        "dev": StageAccount("111111111111", "ou-dev"),
        "staging": StageAccount("222222222222", ""),
        "prod": StageAccount("333333333333", "ou-prod"),
    }
    assert Settings.from_env({**STACK, "IS_MULTI_ACCOUNT": "False", **STAGE_VARIABLES}).accounts == {}


def test_no_variable_is_parsed_as_json() -> None:
    assert Settings.from_env({"accounts": "{not json", "IS_MULTI_ACCOUNT": "False"}).accounts == {}


def test_settings_built_in_code_ignore_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLOW_DETAILED_ERROR_MESSAGE", "Yes")
    monkeypatch.setenv("PIPELINE_STACK_NAME", "elsewhere")
    settings = make_settings()
    assert not settings.detailed_errors and settings.pipeline_stack_prefix == "mlops-pipeline"


def test_settings_are_immutable() -> None:
    with pytest.raises(ValueError, match="frozen"):
        make_settings().region = "eu-west-1"  # type: ignore[misc]


def test_the_retry_setting_defaults_to_the_stacks_and_is_read_from_its_variable() -> None:
    assert Settings.from_env({}).maximum_retry_attempts == MAXIMUM_RETRY_ATTEMPTS
    assert Settings.from_env({"MAXIMUM_RETRY_ATTEMPTS": "0"}).maximum_retry_attempts == 0
    assert settings_env(offline_settings())["MAXIMUM_RETRY_ATTEMPTS"] == str(MAXIMUM_RETRY_ATTEMPTS)
