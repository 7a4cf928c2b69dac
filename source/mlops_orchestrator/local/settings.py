"""The embedded defaults local mode and the offline CLI commands run with (no AWS account needed)."""

from __future__ import annotations

from mlops_orchestrator.core.settings import STAGES, Settings, StageAccount

REGION = "us-east-1"
ACCOUNT_ID = "123456789012"
ASSETS_BUCKET = "mlops-local-assets"
BLUEPRINT_BUCKET = "mlops-local-blueprints"
CONFIG_BUCKET = "mlops-local-config"
TOPIC_NAME = "mlops-local-notifications"
ECR_REPO = "mlops-local-ecr"
CFN_ROLE = "mlops-local-cloudformation-role"
STAGE_ACCOUNTS = {
    "dev": StageAccount("111111111111", "ou-abcd-11111111"),
    "staging": StageAccount("222222222222", "ou-abcd-22222222"),
    "prod": StageAccount("333333333333", "ou-abcd-33333333"),
}


def offline_settings(
    multi_account: bool = False,
    model_registry: bool = False,
    detailed_errors: bool = False,
    blueprint_bucket_url: str | None = None,
    accounts: dict[str, StageAccount] | None = None,
) -> Settings:
    return Settings(
        assets_bucket=ASSETS_BUCKET,
        blueprint_bucket=BLUEPRINT_BUCKET,
        blueprint_bucket_url=blueprint_bucket_url or f"{BLUEPRINT_BUCKET}.s3.{REGION}.amazonaws.com",
        cfn_role_arn=f"arn:aws:iam::{ACCOUNT_ID}:role/{CFN_ROLE}",
        region=REGION,
        notifications_topic_arn=f"arn:aws:sns:{REGION}:{ACCOUNT_ID}:{TOPIC_NAME}",
        ecr_repo_arn=f"arn:aws:ecr:{REGION}:{ACCOUNT_ID}:repository/{ECR_REPO}",
        multi_account=multi_account,
        model_registry=model_registry,
        delegated_admin=multi_account,
        detailed_errors=detailed_errors,
        accounts=(accounts or STAGE_ACCOUNTS) if multi_account else {},
    )


def settings_env(settings: Settings, config_bucket: str = CONFIG_BUCKET) -> dict[str, str]:
    """The same settings as the orchestrator stack's Lambda environment variables."""
    env = {
        "ASSETS_BUCKET": settings.assets_bucket,
        "BLUEPRINT_BUCKET": settings.blueprint_bucket,
        "BLUEPRINT_BUCKET_URL": settings.blueprint_bucket_url,
        "CFN_ROLE_ARN": settings.cfn_role_arn,
        "REGION": settings.region,
        "MLOPS_NOTIFICATIONS_SNS_TOPIC": settings.notifications_topic_arn,
        "ECR_REPO_ARN": settings.ecr_repo_arn,
        "PIPELINE_STACK_NAME": settings.pipeline_stack_prefix,
        "IS_MULTI_ACCOUNT": str(settings.multi_account),
        "USE_MODEL_REGISTRY": "Yes" if settings.model_registry else "No",
        "IS_DELEGATED_ADMIN": "Yes" if settings.delegated_admin else "No",
        "ALLOW_DETAILED_ERROR_MESSAGE": "Yes" if settings.detailed_errors else "No",
        "CONFIG_BUCKET": config_bucket,
        "MAXIMUM_RETRY_ATTEMPTS": str(settings.maximum_retry_attempts),
    }
    for stage in STAGES if settings.multi_account else ():
        env[f"{stage.upper()}_ACCOUNT_ID"] = settings.accounts[stage].account_id
        env[f"{stage.upper()}_ORG_ID"] = settings.accounts[stage].org_id
    return env


# Local-mode plumbing that has no counterpart in the orchestrator's own settings.
CONFIG_QUEUE = "mlops-local-config-events"
"""SQS queue that receives the config bucket's S3 event notifications (stands in for S3 -> Lambda)."""
API_STAGE = "prod"
"""The API Gateway stage name the local API front reports in its events."""
FUNCTION_NAME = "mlops-local-orchestrator"
"""The orchestrator Lambda's name in the local API front's invocation context."""
ORG_ACCOUNT_EMAIL = "mlops-local-{stage}@example.com"
