"""The blueprint templates local mode uploads: real ones where the emulator can deploy them, stand-ins otherwise.

A stand-in declares exactly the blueprint's parameters (names, types, defaults and constraints from the
catalog), so CloudFormation's parameter checks apply to it as to the real template. Its only resource
records the parameters the stack received in an SSM parameter `/mlops-local/stacks/{stack name}`; no
SageMaker resource is created. The CodePipeline templates (single- and multi-account) and the image
builder also declare an `AWS::CodePipeline::Pipeline` with the original's stage and action names,
which local mode's stand-in pipeline runs (see `pipeline_sim`). Without local mode's stand-ins installed,
moto's CloudFormation skips that type, so tests on plain moto ask for stand-ins without the pipeline.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib import resources
from typing import Any

import yaml

from mlops_orchestrator.core.catalog import BLUEPRINTS, Blueprint
from mlops_orchestrator.core.catalog.blueprints import (
    IMAGE_BUILDER,
    MULTI_ACCOUNT_CODEPIPELINE,
    REALTIME,
    SINGLE_ACCOUNT_CODEPIPELINE,
)
from mlops_orchestrator.core.catalog.pipeline_stages import (
    BUILD_ACTION,
    BUILD_STAGE,
    DEPLOY_ACTION,
    DEPLOY_STAGE,
    SOURCE_ACTION,
    SOURCE_ARTIFACT,
    SOURCE_STAGE,
    STAGED_DEPLOYS,
    StagedDeploy,
)

STANDIN_PARAMETER_PREFIX = "/mlops-local/stacks/"
SHIPPED_TEMPLATES = "mlops_orchestrator.blueprint_templates"
"""The data package holding the synthesized template of every blueprint."""


REAL_IN_LOCAL_MODE = (REALTIME.file_name,)
"""Blueprints local mode deploys from their real, synthesized template: the emulator creates their SageMaker
model, endpoint config and endpoint. The others keep their stand-ins: the batch blueprint's custom resource
needs a Lambda runtime moto does not have, and the pipeline blueprints are run by `pipeline_sim`."""


@functools.cache
def synthesized_templates() -> dict[str, str]:
    """The real synthesized template of every blueprint, by file name.

    They ship with the package (`mlops_orchestrator.blueprint_templates`, written at build time by
    `python -m mlops_orchestrator.orchestrator.shipped_templates --write`), so local mode needs neither
    CDK, jsii nor Node, and reading them costs milliseconds.
    """
    folder = resources.files(SHIPPED_TEMPLATES)
    missing = [blueprint.file_name for blueprint in BLUEPRINTS if not folder.joinpath(blueprint.file_name).is_file()]
    if missing:
        raise FileNotFoundError(
            f"{SHIPPED_TEMPLATES} lacks {', '.join(missing)}: regenerate it with "
            "`python -m mlops_orchestrator.orchestrator.shipped_templates --write`"
        )
    return {
        blueprint.file_name: folder.joinpath(blueprint.file_name).read_text(encoding="utf-8")
        for blueprint in BLUEPRINTS
    }


def blueprint_templates(overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """Template text per blueprint file name: `overrides`, then real templates, then stand-ins."""
    shipped = {name: text for name, text in synthesized_templates().items() if name in REAL_IN_LOCAL_MODE}
    real = {**shipped, **(overrides or {})}
    return {blueprint.file_name: real.get(blueprint.file_name) or standin_text(blueprint) for blueprint in BLUEPRINTS}


def standin_text(blueprint: Blueprint, *, pipeline: bool = True) -> str:
    return yaml.safe_dump(standin_template(blueprint, pipeline=pipeline), sort_keys=False, width=120)


def standin_template(blueprint: Blueprint, *, pipeline: bool = True) -> dict[str, Any]:
    """The stand-in of `blueprint`; `pipeline=False` leaves out its CodePipeline pipeline, role and output."""
    resources: dict[str, Any] = {"StackParameters": _parameter_record(blueprint)}
    stages = _pipeline_stages(blueprint) if pipeline else []
    if stages:
        resources.update(_pipeline(stages))
    template: dict[str, Any] = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": (
            f"Local-mode stand-in for {blueprint.file_name}: {blueprint.description} "
            "It declares the blueprint's parameters and records their values; it creates no SageMaker resources."
        ),
        "Metadata": {"MlopsLocal": {"StandIn": True, "Blueprint": blueprint.file_name}},
        "Parameters": blueprint.cloudformation_parameters(),
        "Resources": resources,
    }
    if "Pipeline" in resources:
        template["Outputs"] = {"PipelineName": {"Value": {"Ref": "Pipeline"}}}
    return template


def _pipeline_stages(blueprint: Blueprint) -> list[dict[str, Any]]:
    """The stages of the CodePipeline pipeline the blueprint declares; none for a workload blueprint."""
    if blueprint.file_name == SINGLE_ACCOUNT_CODEPIPELINE.file_name:
        return [_source_stage("TemplateZipFileName"), _single_account_deploy()]
    if blueprint.file_name == MULTI_ACCOUNT_CODEPIPELINE.file_name:
        deploys = [_staged_deploy(deploy) for deploy in STAGED_DEPLOYS]
        return [_source_stage("TemplateZipFileName"), *deploys]
    if blueprint.file_name == IMAGE_BUILDER.file_name:
        return [_source_stage("CustomImage"), _image_build()]
    return []


def _parameter_record(blueprint: Blueprint) -> dict[str, Any]:
    lines = [{"Fn::Join": ["=", [param.name, {"Ref": param.name}]]} for param in blueprint.parameters]
    return {
        "Type": "AWS::SSM::Parameter",
        "Properties": {
            "Name": {"Fn::Join": ["", [STANDIN_PARAMETER_PREFIX, {"Ref": "AWS::StackName"}]]},
            "Type": "String",
            "Tier": "Advanced",
            "Description": f"Parameters received by this stand-in of {blueprint.file_name}",
            "Value": {"Fn::Join": ["\n", [f"Blueprint={blueprint.file_name}", *lines]]},
        },
    }


def _pipeline(stages: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "PipelineRole": {
            "Type": "AWS::IAM::Role",
            "Properties": {
                "AssumeRolePolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"Service": "codepipeline.amazonaws.com"},
                            "Action": "sts:AssumeRole",
                        }
                    ],
                }
            },
        },
        "Pipeline": {
            "Type": "AWS::CodePipeline::Pipeline",
            "Properties": {
                "RoleArn": {"Fn::GetAtt": ["PipelineRole", "Arn"]},
                "ArtifactStore": {"Type": "S3", "Location": {"Ref": "AssetsBucket"}},
                "RestartExecutionOnUpdate": True,
                "Stages": stages,
            },
        },
    }


def _action(
    name: str, category: str, provider: str, configuration: dict[str, Any], run_order: int = 1
) -> dict[str, Any]:
    return {
        "Name": name,
        "ActionTypeId": {"Category": category, "Owner": "AWS", "Provider": provider, "Version": "1"},
        "Configuration": configuration,
        "RunOrder": run_order,
    }


def _source_stage(key_parameter: str) -> dict[str, Any]:
    action = _action(
        SOURCE_ACTION,
        "Source",
        "S3",
        {"S3Bucket": {"Ref": "AssetsBucket"}, "S3ObjectKey": {"Ref": key_parameter}, "PollForSourceChanges": "false"},
    )
    action["OutputArtifacts"] = [{"Name": SOURCE_ARTIFACT}]
    return {"Name": SOURCE_STAGE, "Actions": [action]}


def _artifact_file(parameter: str) -> dict[str, Any]:
    return {"Fn::Join": ["::", [SOURCE_ARTIFACT, {"Ref": parameter}]]}


def _single_account_deploy() -> dict[str, Any]:
    action = _action(
        DEPLOY_ACTION,
        "Deploy",
        "CloudFormation",
        {
            "ActionMode": "REPLACE_ON_FAILURE",
            "StackName": {"Ref": "StackName"},
            "TemplatePath": _artifact_file("TemplateFileName"),
            "TemplateConfiguration": _artifact_file("TemplateParamsName"),
            "Capabilities": "CAPABILITY_IAM,CAPABILITY_NAMED_IAM,CAPABILITY_AUTO_EXPAND",
        },
    )
    action["InputArtifacts"] = [{"Name": SOURCE_ARTIFACT}]
    return {"Name": DEPLOY_STAGE, "Actions": [action]}


# The first 8 characters of the stack id's uuid, as the original appends to its StackSet names.
_UNIQUE_ID = {
    "Fn::Select": [0, {"Fn::Split": ["-", {"Fn::Select": [2, {"Fn::Split": ["/", {"Ref": "AWS::StackId"}]}]}]}]
}


def _staged_deploy(deploy: StagedDeploy) -> dict[str, Any]:
    stage, prefix = deploy.stage, deploy.title
    user_parameters = {
        "Fn::Join": [
            "",
            [
                '{"stackset_name":"',
                {"Ref": "StackName"},
                f"-{stage}-",
                _UNIQUE_ID,
                f'","artifact":"{SOURCE_ARTIFACT}","template_file":"',
                {"Ref": "TemplateFileName"},
                '","stage_params_file":"',
                {"Ref": f"{prefix}ParamsName"},
                '","account_ids":["',
                {"Ref": f"{prefix}AccountId"},
                '"],"org_ids":["',
                {"Ref": f"{prefix}OrgId"},
                '"],"regions":["',
                {"Ref": "AWS::Region"},
                '"],"delegated_admin":"',
                {"Ref": "DelegatedAdminAccount"},
                '"}',
            ],
        ]
    }
    invoke = _action(
        deploy.action_name,
        "Invoke",
        "Lambda",
        {
            "FunctionName": {"Fn::Join": ["-", [{"Ref": "AWS::StackName"}, f"{stage}-stackset"]]},
            "UserParameters": user_parameters,
        },
    )
    invoke["InputArtifacts"] = [{"Name": SOURCE_ARTIFACT}]
    actions = [invoke]
    if deploy.approval is not None:
        actions.append(
            _action(
                deploy.approval,
                "Approval",
                "Manual",
                {
                    "NotificationArn": {"Ref": "NotificationsSNSTopicArn"},
                    "CustomData": f"Please approve to deploy to {deploy.next_account} account",
                },
                run_order=2,
            )
        )
    return {"Name": deploy.stage_name, "Actions": actions}


def _image_build() -> dict[str, Any]:
    environment = {
        "Fn::Join": [
            "",
            [
                '[{"name":"IMAGE_REPO_NAME","value":"',
                {"Ref": "ECRRepoName"},
                '","type":"PLAINTEXT"},{"name":"IMAGE_TAG","value":"',
                {"Ref": "ImageTag"},
                '","type":"PLAINTEXT"}]',
            ],
        ]
    }
    action = _action(
        BUILD_ACTION,
        "Build",
        "CodeBuild",
        {
            "ProjectName": {"Fn::Join": ["-", [{"Ref": "AWS::StackName"}, "image-builder"]]},
            "EnvironmentVariables": environment,
        },
    )
    action["InputArtifacts"] = [{"Name": SOURCE_ARTIFACT}]
    return {"Name": BUILD_STAGE, "Actions": [action]}
