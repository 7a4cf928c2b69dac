"""The orchestrator's deployment settings, read from the Lambda environment on every request."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from .naming import PIPELINE_STACK_PREFIX

STAGES: tuple[str, ...] = ("dev", "staging", "prod")


@dataclass(frozen=True)
class StageAccount:
    account_id: str
    org_id: str


@dataclass(frozen=True)
class Settings:
    """What the orchestrator stack tells its Lambda. Names match the original's environment variables."""

    assets_bucket: str
    blueprint_bucket: str
    blueprint_bucket_url: str
    cfn_role_arn: str
    region: str
    notifications_topic_arn: str
    ecr_repo_arn: str = ""
    pipeline_stack_prefix: str = PIPELINE_STACK_PREFIX
    multi_account: bool = False
    model_registry: bool = False
    delegated_admin: bool = False
    detailed_errors: bool = False
    accounts: Mapping[str, StageAccount] = field(default_factory=dict)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        multi = env.get("IS_MULTI_ACCOUNT", "False").strip().lower() == "true"
        accounts = {
            stage: StageAccount(
                account_id=env.get(f"{stage.upper()}_ACCOUNT_ID", ""),
                org_id=env.get(f"{stage.upper()}_ORG_ID", ""),
            )
            for stage in STAGES
        }
        region = env.get("REGION") or env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "us-east-1"
        blueprint_bucket = env.get("BLUEPRINT_BUCKET", "")
        return cls(
            assets_bucket=env.get("ASSETS_BUCKET", ""),
            blueprint_bucket=blueprint_bucket,
            blueprint_bucket_url=env.get("BLUEPRINT_BUCKET_URL") or f"{blueprint_bucket}.s3.{region}.amazonaws.com",
            cfn_role_arn=env.get("CFN_ROLE_ARN", ""),
            region=region,
            notifications_topic_arn=env.get("MLOPS_NOTIFICATIONS_SNS_TOPIC", ""),
            ecr_repo_arn=env.get("ECR_REPO_ARN", ""),
            pipeline_stack_prefix=env.get("PIPELINE_STACK_NAME", PIPELINE_STACK_PREFIX),
            multi_account=multi,
            model_registry=_yes(env.get("USE_MODEL_REGISTRY", "No")),
            delegated_admin=_yes(env.get("IS_DELEGATED_ADMIN", "No")),
            # Off unless the operator opts in: server-side details can leak ARNs and internals.
            detailed_errors=_yes(env.get("ALLOW_DETAILED_ERROR_MESSAGE", "No")),
            accounts=accounts if multi else {},
        )


def _yes(value: str) -> bool:
    return value.strip().lower() in {"yes", "true"}
