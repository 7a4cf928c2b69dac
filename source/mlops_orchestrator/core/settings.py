"""The orchestrator's deployment settings, read from the Lambda environment on every request."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AliasChoices, BaseModel, BeforeValidator, ConfigDict, Field

from .naming import PIPELINE_STACK_PREFIX

STAGES: tuple[str, ...] = ("dev", "staging", "prod")
MAXIMUM_RETRY_ATTEMPTS = 2
"""How many times Lambda retries a failed asynchronous event (0 to 2): the stack sets it and passes it to the
function, whose last attempt notifies the failure (see event_attempts.py). Local mode retries as many times."""


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


class Settings(BaseModel):
    """What the orchestrator stack tells its Lambda; aliases are the original's environment variable names.

    Built with keywords (tests, local mode), Settings hold exactly what was given; `from_env` reads variables.
    A pydantic model rather than pydantic-settings' BaseSettings: the aliases, defaults and parsing are the
    same, without that library's environment machinery (unused here) and its 30 ms of cold-start imports.
    """

    model_config = ConfigDict(frozen=True, validate_by_name=True, validate_by_alias=True)

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
    maximum_retry_attempts: int = Field(MAXIMUM_RETRY_ATTEMPTS, ge=0, le=2, validation_alias="MAXIMUM_RETRY_ATTEMPTS")
    # Per stage, in multi-account mode only; from_env reads them from {STAGE}_ACCOUNT_ID and {STAGE}_ORG_ID.
    accounts: Mapping[str, StageAccount] = Field(default_factory=dict)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """The settings in the environment variables (the process's, or `env` when given)."""
        # An empty variable counts as unset, as in the original: REGION="" falls back to AWS_REGION, and an
        # empty BLUEPRINT_BUCKET_URL is derived.
        variables = {name: value for name, value in (os.environ if env is None else env).items() if value}
        multi_account = _is_true(variables.get("IS_MULTI_ACCOUNT", ""))
        accounts = {
            stage: StageAccount(
                account_id=variables.get(f"{stage.upper()}_ACCOUNT_ID", ""),
                org_id=variables.get(f"{stage.upper()}_ORG_ID", ""),
            )
            for stage in (STAGES if multi_account else ())
        }
        # By alias only: a variable that happens to share a field's name is not a setting.
        return cls.model_validate({**variables, "accounts": accounts}, by_alias=True, by_name=False)
