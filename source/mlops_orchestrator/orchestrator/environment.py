"""The orchestrator Lambda's environment: exactly the variables core/settings.py reads (see local/settings.py)."""

from __future__ import annotations

from dataclasses import dataclass

import aws_cdk as cdk

from mlops_orchestrator.core.naming import PIPELINE_STACK_PREFIX
from mlops_orchestrator.core.settings import MAXIMUM_RETRY_ATTEMPTS

from .parameters import OrchestratorParameters


@dataclass(frozen=True)
class Deployed:
    assets_bucket: str
    blueprint_bucket: str
    blueprint_bucket_domain: str
    deploy_role_arn: str
    topic_arn: str
    ecr_repo_arn: str


def lambda_environment(parameters: OrchestratorParameters, deployed: Deployed, multi_account: bool) -> dict[str, str]:
    env = {
        "ASSETS_BUCKET": deployed.assets_bucket,
        "BLUEPRINT_BUCKET": deployed.blueprint_bucket,
        "BLUEPRINT_BUCKET_URL": deployed.blueprint_bucket_domain,
        "CFN_ROLE_ARN": deployed.deploy_role_arn,
        "REGION": cdk.Aws.REGION,
        "MLOPS_NOTIFICATIONS_SNS_TOPIC": deployed.topic_arn,
        "ECR_REPO_ARN": deployed.ecr_repo_arn,
        "PIPELINE_STACK_NAME": PIPELINE_STACK_PREFIX,
        "IS_MULTI_ACCOUNT": str(multi_account),
        "USE_MODEL_REGISTRY": parameters.use_model_registry.value_as_string,
        "IS_DELEGATED_ADMIN": parameters.delegated_admin.value_as_string if parameters.delegated_admin else "No",
        "ALLOW_DETAILED_ERROR_MESSAGE": parameters.allow_detailed_error_message.value_as_string,
        "CONFIG_BUCKET": parameters.config_bucket.value_as_string,
        # The function's async retry setting (failed_events.py): its last attempt notifies a failure.
        "MAXIMUM_RETRY_ATTEMPTS": str(MAXIMUM_RETRY_ATTEMPTS),
    }
    for stage, accounts in (parameters.stages or {}).items():
        env[f"{stage.upper()}_ACCOUNT_ID"] = accounts.account_id.value_as_string
        env[f"{stage.upper()}_ORG_ID"] = accounts.org_id.value_as_string
    return env
