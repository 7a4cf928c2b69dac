"""Parameters of the CodePipeline stack that deploys a blueprint from template.zip."""

from __future__ import annotations

from ..settings import STAGES, Settings
from .declaration import Blueprint

TEMPLATE_ZIP_NAME = "template.zip"
PROVISIONED_PREFIX = "mlops_provisioned_pipelines"
SINGLE_PARAMS_FILE = "template_params.json"


def template_zip_key(provisioned_stack: str) -> str:
    return f"{PROVISIONED_PREFIX}/{provisioned_stack}/{TEMPLATE_ZIP_NAME}"


def stage_params_file(stage: str) -> str:
    return f"{stage}_template_params.json"


def codepipeline_parameters(
    settings: Settings, provisioned_stack: str, blueprint: Blueprint, staged: bool
) -> list[tuple[str, str]]:
    """The original's parameter list, in its order; `staged` selects the multi-account pipeline's extras."""
    parameters = [
        ("NotificationsSNSTopicArn", settings.notifications_topic_arn),
        ("TemplateZipFileName", template_zip_key(provisioned_stack)),
        ("TemplateFileName", blueprint.file_name),
        ("AssetsBucket", settings.assets_bucket),
        ("StackName", provisioned_stack),
    ]
    if not staged:
        return [*parameters, ("TemplateParamsName", SINGLE_PARAMS_FILE)]
    parameters += [(f"{stage.capitalize()}ParamsName", stage_params_file(stage)) for stage in STAGES]
    for stage in STAGES:
        account = settings.accounts[stage]
        parameters += [
            (f"{stage.capitalize()}AccountId", account.account_id),
            (f"{stage.capitalize()}OrgId", account.org_id),
        ]
    return [
        *parameters,
        ("BlueprintBucket", settings.blueprint_bucket),
        ("DelegatedAdminAccount", "Yes" if settings.delegated_admin else "No"),
    ]
