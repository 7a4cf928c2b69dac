"""The orchestrator stack, single- or multi-account: composes the constructs of this folder."""

from __future__ import annotations

from pathlib import Path

import aws_cdk as cdk
from constructs import Construct

from mlops_orchestrator.infrastructure.synthesizer import synthesizer

from .api import OrchestratorApi
from .app_registry import AppRegistryApplication
from .approval_events import ApprovalEvents
from .blueprint_package import blueprint_package
from .config_trigger import ConfigTrigger
from .cross_account import grant_stage_accounts
from .deploy_role import DeployRole
from .environment import Deployed, lambda_environment
from .function import OrchestratorFunction
from .lambda_dependencies import drop_redundant_role_dependencies
from .log_encryption import encrypt_log_groups
from .notifications import Notifications
from .outputs import OutputValues, add_outputs
from .parameters import declare_parameters
from .publishing import BlueprintPublishing
from .registry import ModelRegistry
from .solution import Solution
from .storage import Storage

SINGLE_ACCOUNT_STACK = "mlops-workload-orchestrator-single-account"
MULTI_ACCOUNT_STACK = "mlops-workload-orchestrator-multi-account"


class OrchestratorStack(cdk.Stack):
    def __init__(
        self, scope: Construct, construct_id: str, *, multi_account: bool, blueprints: Path | None = None
    ) -> None:
        solution = Solution.of(scope)
        variant = ("ma", "multi-account") if multi_account else ("sa", "single-account")
        super().__init__(
            scope,
            construct_id,
            synthesizer=synthesizer(),
            description=(
                f"({solution.solution_id}-{variant[0]}) MLOps Workload Orchestrator, {variant[1]}: provisions "
                f"SageMaker MLOps pipelines from API requests and mlops-config.json. Version {solution.version}"
            ),
        )
        parameters = declare_parameters(self, multi_account)
        conditions = parameters.conditions
        stage_accounts = [stage.account_id.value_as_string for stage in (parameters.stages or {}).values()]

        storage = Storage(self, "Storage", parameters=parameters)
        notifications = Notifications(self, "Notifications", email=parameters.notification_email.value_as_string)
        registry = ModelRegistry(self, "ModelRegistry", conditions=conditions, stage_accounts=stage_accounts)
        deploy_role = DeployRole(self, "DeployRole", blueprints=storage.blueprints)
        deployed = Deployed(
            assets_bucket=storage.assets_bucket_name,
            blueprint_bucket=storage.blueprints.bucket_name,
            blueprint_bucket_domain=storage.blueprints.bucket_regional_domain_name,
            deploy_role_arn=deploy_role.role.role_arn,
            topic_arn=notifications.topic.topic_arn,
            ecr_repo_arn=storage.repository_arn,
        )
        orchestrator = OrchestratorFunction(
            self,
            "Orchestrator",
            environment=lambda_environment(parameters, deployed, multi_account),
            blueprints=storage.blueprints,
            assets=storage.assets,
            topic=notifications.topic,
            deploy_role=deploy_role.role,
        )
        OrchestratorApi(self, "OrchestratorApi", function=orchestrator.function)
        ConfigTrigger(
            self,
            "ConfigTrigger",
            bucket_name=parameters.config_bucket.value_as_string,
            condition=conditions.config_bucket_provided,
            function=orchestrator.function,
        )
        ApprovalEvents(
            self,
            "ApprovalEvents",
            function=orchestrator.function,
            condition=conditions.model_registry_used,
        )
        BlueprintPublishing(
            self, "BlueprintPublishing", package=blueprints or blueprint_package(), bucket=storage.blueprints
        )
        if multi_account:
            orchestrator.read_model_package_group_policies(conditions.model_registry_used)
            grant_stage_accounts(
                stage_accounts,
                buckets=[storage.created_assets, storage.blueprints],
                repository=storage.created_repository,
            )
        AppRegistryApplication(self, "AppRegistry", solution=solution)
        add_outputs(
            self,
            OutputValues(
                blueprint_bucket=storage.blueprints.bucket_name,
                assets_bucket=storage.assets_bucket_name,
                ecr_repo_name=storage.repository_name,
                ecr_repo_arn=storage.repository_arn,
                model_registry=registry.arn_or_note,
                topic_arn=notifications.topic.topic_arn,
            ),
        )
        drop_redundant_role_dependencies(self)
        encrypt_log_groups(self, parameters.logs_key, conditions.logs_key_provided)


def single_account(app: cdk.App, blueprints: Path | None = None) -> OrchestratorStack:
    return OrchestratorStack(app, SINGLE_ACCOUNT_STACK, multi_account=False, blueprints=blueprints)


def multi_account(app: cdk.App, blueprints: Path | None = None) -> OrchestratorStack:
    return OrchestratorStack(app, MULTI_ACCOUNT_STACK, multi_account=True, blueprints=blueprints)
