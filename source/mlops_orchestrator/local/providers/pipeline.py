"""`AWS::CodePipeline::Pipeline`, which moto's CloudFormation skips: stored in moto's CodePipeline, then run.

The pipeline's `Stages` are converted to the CodePipeline API's structure and stored in moto's CodePipeline
backend, so `list_stack_resources` shows the pipeline with its name as physical id, GetPipeline answers it,
and local mode's simulation (`pipeline_sim`) runs exactly the stages and actions the template declares. As on
AWS, creating or updating the pipeline starts a run.
"""

from __future__ import annotations

import json
from typing import Any

from moto.cloudformation.exceptions import UnformattedGetAttTemplateException
from moto.codepipeline.exceptions import InvalidStructureException
from moto.codepipeline.models import CodePipeline, codepipeline_backends
from moto.core.common_models import CloudFormationModel

from ..pipeline_sim import SIMULATOR
from .base import LocalProvider

PIPELINE_TYPE = "AWS::CodePipeline::Pipeline"


class Pipeline(LocalProvider, CloudFormationModel):
    """An `AWS::CodePipeline::Pipeline` created by moto's CloudFormation, stored in moto's CodePipeline."""

    resource_type = PIPELINE_TYPE
    provider = "codepipeline"
    creates = "the pipeline (moto's CodePipeline), and its first run in local mode's simulation (`pipeline_sim`)"

    def __init__(self, name: str, account_id: str, region: str) -> None:
        super().__init__(name)
        self.name = name
        self.account_id = account_id
        self.region = region

    @staticmethod
    def cloudformation_name_type() -> str:
        return "Name"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr == "Version"

    def get_cfn_attribute(self, attribute_name: str) -> Any:
        if attribute_name == "Version":
            stored = codepipeline_backends[self.account_id][self.region].pipelines.get(self.name)
            return str(stored.pipeline.get("version", 1)) if stored else "1"
        raise UnformattedGetAttTemplateException()

    @classmethod
    def create_from_cloudformation_json(
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> Pipeline:
        declaration = pipeline_declaration(resource_name, cloudformation_json.get("Properties") or {})
        backend = codepipeline_backends[account_id][region_name]
        if resource_name in backend.pipelines:
            raise InvalidStructureException(
                f"A pipeline with the name '{resource_name}' already exists in account '{account_id}'"
            )
        # Stored directly: moto's create_pipeline checks the role's trust policy in a way that only
        # accepts a single service principal given as a string.
        backend.pipelines[resource_name] = CodePipeline(account_id, region_name, declaration)
        tags = (cloudformation_json.get("Properties") or {}).get("Tags") or []
        backend.pipelines[resource_name].tags.update({tag["Key"]: tag["Value"] for tag in tags})
        SIMULATOR.start(account_id, region_name, resource_name)
        return cls(resource_name, account_id, region_name)

    @classmethod
    def update_from_cloudformation_json(  # type: ignore[override]
        cls,
        original_resource: Pipeline,
        new_resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> Pipeline:
        if new_resource_name != original_resource.name:
            original_resource.delete(account_id, region_name)
            return cls.create_from_cloudformation_json(new_resource_name, cloudformation_json, account_id, region_name)
        declaration = pipeline_declaration(new_resource_name, cloudformation_json.get("Properties") or {})
        codepipeline_backends[account_id][region_name].update_pipeline(declaration)
        SIMULATOR.start(account_id, region_name, new_resource_name)
        return original_resource

    @classmethod
    def delete_from_cloudformation_json(
        cls, resource_name: str, cloudformation_json: dict[str, Any], account_id: str, region_name: str
    ) -> None:
        codepipeline_backends[account_id][region_name].delete_pipeline(resource_name)
        SIMULATOR.forget(account_id, region_name, resource_name)

    def delete(self, account_id: str, region_name: str) -> None:
        self.delete_from_cloudformation_json(self.name, {}, account_id, region_name)


def pipeline_declaration(name: str, properties: dict[str, Any]) -> dict[str, Any]:
    """CloudFormation's Pipeline properties -> the CodePipeline API's pipeline structure."""
    stages = properties.get("Stages") or []
    if len(stages) < 2:
        raise InvalidStructureException(
            f"Pipeline has only {len(stages)} stage(s). There should be a minimum of 2 stages in a pipeline"
        )
    declaration: dict[str, Any] = {
        "name": name,
        "roleArn": properties.get("RoleArn") or "",
        "stages": [
            {
                "name": stage["Name"],
                "actions": [_action(action) for action in stage.get("Actions") or []],
            }
            for stage in stages
        ],
    }
    store = properties.get("ArtifactStore")
    if store:
        declaration["artifactStore"] = {"type": store.get("Type", "S3"), "location": store.get("Location", "")}
    if properties.get("PipelineType"):
        declaration["pipelineType"] = properties["PipelineType"]
    return declaration


def _action(action: dict[str, Any]) -> dict[str, Any]:
    type_id = action.get("ActionTypeId") or {}
    converted: dict[str, Any] = {
        "name": action["Name"],
        "actionTypeId": {
            "category": type_id.get("Category"),
            "owner": type_id.get("Owner", "AWS"),
            "provider": type_id.get("Provider"),
            "version": str(type_id.get("Version", "1")),
        },
        "runOrder": int(action.get("RunOrder", 1)),
        "configuration": {key: _text(value) for key, value in (action.get("Configuration") or {}).items()},
        "inputArtifacts": [{"name": item["Name"]} for item in action.get("InputArtifacts") or []],
        "outputArtifacts": [{"name": item["Name"]} for item in action.get("OutputArtifacts") or []],
    }
    for source, target in (("RoleArn", "roleArn"), ("Region", "region"), ("Namespace", "namespace")):
        if action.get(source):
            converted[target] = action[source]
    return converted


def _text(value: Any) -> str:
    """Action configuration values are strings in the API (booleans as `true`/`false`)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else json.dumps(value)
