"""The orchestrator's deployment settings, read from the Lambda environment on every request."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AliasChoices, BeforeValidator, Field
from pydantic_settings import BaseSettings, EnvSettingsSource, NoDecode, PydanticBaseSettingsSource, SettingsConfigDict

from .naming import PIPELINE_STACK_PREFIX

STAGES: tuple[str, ...] = ("dev", "staging", "prod")


@dataclass(frozen=True)
class StageAccount:
    account_id: str
    org_id: str


def _flag(*true: str) -> Callable[[object], object]:
    """The stack's text flags: one of `true` (any case, padded or not) is True, any other text False."""
    return lambda value: value.strip().lower() in true if isinstance(value, str) else value


_is_true = _flag("true")
TrueFalse = Annotated[bool, BeforeValidator(_is_true)]
YesNo = Annotated[bool, BeforeValidator(_flag("yes", "true"))]


def _blueprint_domain(values: dict[str, Any]) -> str:
    return f"{values['blueprint_bucket']}.s3.{values['region']}.amazonaws.com"


class Settings(BaseSettings):
    """What the orchestrator stack tells its Lambda; aliases are the original's environment variable names.

    Built with keywords (tests, local mode), Settings hold exactly what was given; `from_env` reads variables.
    """

    model_config = SettingsConfigDict(frozen=True, case_sensitive=True, validate_by_name=True)

    assets_bucket: str = Field("", validation_alias="ASSETS_BUCKET")
    blueprint_bucket: str = Field("", validation_alias="BLUEPRINT_BUCKET")
    region: str = Field("us-east-1", validation_alias=AliasChoices("REGION", "AWS_REGION", "AWS_DEFAULT_REGION"))
    blueprint_bucket_url: str = Field(default_factory=_blueprint_domain, validation_alias="BLUEPRINT_BUCKET_URL")
    cfn_role_arn: str = Field("", validation_alias="CFN_ROLE_ARN")
    notifications_topic_arn: str = Field("", validation_alias="MLOPS_NOTIFICATIONS_SNS_TOPIC")
    ecr_repo_arn: str = Field("", validation_alias="ECR_REPO_ARN")
    pipeline_stack_prefix: str = Field(PIPELINE_STACK_PREFIX, validation_alias="PIPELINE_STACK_NAME")
    multi_account: TrueFalse = Field(False, validation_alias="IS_MULTI_ACCOUNT")
    model_registry: YesNo = Field(False, validation_alias="USE_MODEL_REGISTRY")
    delegated_admin: YesNo = Field(False, validation_alias="IS_DELEGATED_ADMIN")
    # Off unless the operator opts in: server-side details can leak ARNs and internals.
    detailed_errors: YesNo = Field(False, validation_alias="ALLOW_DETAILED_ERROR_MESSAGE")
    # Per stage, in multi-account mode only; from_env reads them from {STAGE}_ACCOUNT_ID and {STAGE}_ORG_ID
    # (NoDecode: no variable of this field's own name is parsed as JSON).
    accounts: Annotated[Mapping[str, StageAccount], NoDecode] = Field(default_factory=dict)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings,)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """The settings in the environment variables (the process's, or `env` when given)."""
        return cls(**_Variables(cls, os.environ if env is None else env)())


class _Variables(EnvSettingsSource):
    """pydantic-settings' environment source over the given variables, which also gathers the stage accounts."""

    def __init__(self, settings_cls: type[BaseSettings], variables: Mapping[str, str]) -> None:
        self._variables = variables
        super().__init__(settings_cls)

    def _load_env_vars(self) -> Mapping[str, str | None]:
        # The library's own source reads os.environ only. An empty variable counts as unset, as in the
        # original, so REGION="" falls back to AWS_REGION and an empty BLUEPRINT_BUCKET_URL is derived.
        return {name: value for name, value in self._variables.items() if value}

    def __call__(self) -> dict[str, Any]:
        values = super().__call__()
        multi_account = _is_true(self.env_vars.get("IS_MULTI_ACCOUNT", ""))
        values["accounts"] = {
            stage: StageAccount(
                account_id=self.env_vars.get(f"{stage.upper()}_ACCOUNT_ID") or "",
                org_id=self.env_vars.get(f"{stage.upper()}_ORG_ID") or "",
            )
            for stage in (STAGES if multi_account else ())
        }
        return values
