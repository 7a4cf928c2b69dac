"""The image builder's CodeBuild project, stored in moto's CodeBuild backend (BatchGetProjects sees it).

The project is created as declared; its builds do not run in local mode (they need Docker), which the
simulated pipeline's Build action says in its summary (see `pipeline_sim_actions`).
"""

from __future__ import annotations

from typing import Any

from moto.core.common_models import CloudFormationModel

from .base import LocalProvider, Where

# CloudFormation's property names -> the CodeBuild API's, where lower-casing the first letter is not enough.
_RENAMED = {"BuildSpec": "buildspec", "TimeoutInMinutes": "timeoutInMinutes"}


def api_shape(value: Any) -> Any:
    """CloudFormation's PascalCase structure -> the API's camelCase one."""
    if isinstance(value, dict):
        return {_RENAMED.get(key, key[:1].lower() + key[1:]): api_shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [api_shape(item) for item in value]
    return value


class CodeBuildProject(LocalProvider, CloudFormationModel):
    resource_type = "AWS::CodeBuild::Project"
    provider = "codebuild"
    creates = "the build project (CreateProject); its builds need Docker and are not run"
    attributes = ("Arn",)

    @classmethod
    def create(cls, props: dict[str, Any], where: Where) -> LocalProvider:
        from moto.codebuild.models import codebuild_backends

        name = props.get("Name") or where.generated_name
        backend = codebuild_backends[where.account_id][where.region]
        backend.create_project(
            project_name=name,
            description=props.get("Description"),
            project_source=api_shape(props.get("Source") or {}),
            artifacts=api_shape(props.get("Artifacts") or {}),
            environment=api_shape(props.get("Environment") or {}),
            service_role=props.get("ServiceRole", ""),
            tags=[{"key": tag["Key"], "value": tag["Value"]} for tag in props.get("Tags") or []],
            cache=api_shape(props["Cache"]) if "Cache" in props else None,
            timeout=int(props["TimeoutInMinutes"]) if "TimeoutInMinutes" in props else None,
            queued_timeout=None,
            source_version=props.get("SourceVersion"),
            logs_config=api_shape(props["LogsConfig"]) if "LogsConfig" in props else None,
            vpc_config=api_shape(props["VpcConfig"]) if "VpcConfig" in props else None,
        )
        arn = f"arn:aws:codebuild:{where.region}:{where.account_id}:project/{name}"
        return cls(name, where=where, values={"Arn": arn})

    def remove(self) -> None:
        from moto.codebuild.models import codebuild_backends

        assert self.where is not None
        codebuild_backends[self.where.account_id][self.where.region].codebuild_projects.pop(self.physical_id, None)
