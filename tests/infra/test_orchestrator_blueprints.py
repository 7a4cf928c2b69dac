"""Publishing the blueprints: the package's content, the BucketDeployment, and the deploy role's contract."""

from __future__ import annotations

import hashlib
import io
import json
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
import yaml
from aws_cdk import aws_sns as sns
from constructs import Construct

from mlops_orchestrator.blueprints.lambdas import BlueprintLambda
from mlops_orchestrator.blueprints.stacks import BLUEPRINT_STACKS, BlueprintStack, stack_of
from mlops_orchestrator.core.catalog import BLUEPRINTS, Blueprint
from mlops_orchestrator.core.catalog.blueprints import (
    IMAGE_BUILDER,
    MULTI_ACCOUNT_CODEPIPELINE,
    SINGLE_ACCOUNT_CODEPIPELINE,
)
from mlops_orchestrator.core.catalog.declaration import TemplateParameter
from mlops_orchestrator.infrastructure.parameters import blueprint_parameters
from mlops_orchestrator.orchestrator.blueprint_package import (
    MANIFEST,
    blueprint_files,
    synthesize_blueprints,
    write_package,
)
from mlops_orchestrator.orchestrator.deploy_role import DEPLOYABLE_TYPES
from tests.infra.support import Synthesized
from tests.support import REPO

DEPLOYED_BY_THE_DEPLOY_ROLE = [SINGLE_ACCOUNT_CODEPIPELINE, MULTI_ACCOUNT_CODEPIPELINE, IMAGE_BUILDER]
TINY = Blueprint("tiny_blueprint.yaml", "A blueprint of one topic.", (TemplateParameter("AssetsBucket"),))


class TinyStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, *, blueprint: Blueprint, **kwargs: Any) -> None:
        super().__init__(scope, construct_id, description=blueprint.description, **kwargs)
        blueprint_parameters(self, blueprint)
        sns.CfnTopic(self, "Topic")


def test_the_blueprint_independence_contract_lists_every_blueprint_folder() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    contract = next(c for c in config if c["name"].startswith("No blueprint imports another"))
    folders = {entry.stack_class.__module__.rsplit(".", 1)[0] for entry in BLUEPRINT_STACKS}
    assert set(contract["modules"]) == folders


def test_every_catalog_blueprint_has_exactly_one_stack() -> None:
    paired = [entry.blueprint.file_name for entry in BLUEPRINT_STACKS]
    assert sorted(paired) == sorted(blueprint.file_name for blueprint in BLUEPRINTS)
    assert len({entry.stack_id for entry in BLUEPRINT_STACKS}) == len(BLUEPRINT_STACKS)


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    templates = synthesize_blueprints([BlueprintStack(TINY, "TinyBlueprint", TinyStack)])
    runtime = BlueprintLambda("tiny_runtime", ("mlops_orchestrator.orchestrator.runtime",))
    return blueprint_files(templates, lambdas=(runtime,))


def test_package_holds_templates_lambdas_and_a_manifest(files: dict[str, bytes]) -> None:
    assert sorted(files) == ["lambdas/tiny_runtime.zip", MANIFEST, "tiny_blueprint.yaml"]
    template = yaml.safe_load(files["tiny_blueprint.yaml"])
    assert template["Parameters"]["AssetsBucket"]["Type"] == "String"
    assert [resource["Type"] for resource in template["Resources"].values()] == ["AWS::SNS::Topic"]
    names = zipfile.ZipFile(io.BytesIO(files["lambdas/tiny_runtime.zip"])).namelist()
    assert "mlops_orchestrator/orchestrator/runtime/handler.py" in names
    manifest = json.loads(files[MANIFEST])
    assert manifest == {
        path: hashlib.sha256(content).hexdigest() for path, content in files.items() if path != MANIFEST
    }


def test_package_is_reproducible_and_content_addressed(files: dict[str, bytes], tmp_path: Path) -> None:
    again = blueprint_files(
        synthesize_blueprints([BlueprintStack(TINY, "TinyBlueprint", TinyStack)]),
        lambdas=(BlueprintLambda("tiny_runtime", ("mlops_orchestrator.orchestrator.runtime",)),),
    )
    assert again == files
    folder = write_package(files, tmp_path)
    assert write_package(files, tmp_path) == folder
    assert (folder / "lambdas" / "tiny_runtime.zip").read_bytes() == files["lambdas/tiny_runtime.zip"]
    changed = write_package({**files, "extra.yaml": b"{}"}, tmp_path)
    assert changed != folder
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted([folder.name, changed.name])


def test_no_blueprints_still_gives_a_package() -> None:
    assert synthesize_blueprints({}) == {}
    assert list(blueprint_files({}, lambdas=())) == [MANIFEST]


def test_bucket_deployment_publishes_and_prunes(variant: Synthesized) -> None:
    deployment = variant.only("Custom::CDKBucketDeployment")["Properties"]
    assert deployment["DestinationBucketName"] == {"Ref": variant.logical_id("BlueprintRepository")}
    assert (deployment["DestinationBucketKeyPrefix"], deployment["Prune"], deployment["RetainOnDelete"]) == (
        "blueprints/",
        True,
        True,
    )
    assert len(deployment["SourceObjectKeys"]) == 1
    handler = variant.json["Resources"][deployment["ServiceToken"]["Fn::GetAtt"][0]]
    assert handler["Properties"]["MemorySize"] == 512
    assert "AWSLambdaBasicExecutionRole" in json.dumps(
        variant.json["Resources"][handler["Properties"]["Role"]["Fn::GetAtt"][0]]
    )


@pytest.fixture(scope="module")
def deployed_by_the_deploy_role() -> dict[str, dict[str, Any]]:
    return synthesize_blueprints([stack_of(blueprint) for blueprint in DEPLOYED_BY_THE_DEPLOY_ROLE])


@pytest.mark.parametrize("file_name", [blueprint.file_name for blueprint in DEPLOYED_BY_THE_DEPLOY_ROLE])
def test_deploy_role_covers_every_resource_type_of_the_pipelines_it_deploys(
    file_name: str, deployed_by_the_deploy_role: dict[str, dict[str, Any]]
) -> None:
    resources = deployed_by_the_deploy_role[file_name].get("Resources", {})
    types = {resource["Type"] for resource in resources.values()} - {"AWS::CDK::Metadata"}
    missing = types - set(DEPLOYABLE_TYPES)
    assert not missing, f"the deploy role (orchestrator/deploy_role.py) cannot create {sorted(missing)}"
    # The deploy role is scoped to mlops-pipeline-* names: an explicit name must start with the stack's name.
    for logical_id, resource in resources.items():
        properties = resource.get("Properties", {})
        for key in NAME_PROPERTIES & set(properties):
            if _refers_to_a_resource(properties[key], resources):
                continue  # e.g. an EventInvokeConfig naming its function
            assert _starts_with_stack_name(properties[key]), f"{file_name} {logical_id}.{key}: {properties[key]}"


NAME_PROPERTIES = {"Name", "RoleName", "BucketName", "FunctionName", "LogGroupName", "ProjectName"}


def _refers_to_a_resource(value: Any, resources: dict[str, Any]) -> bool:
    return isinstance(value, dict) and (value.get("Ref") in resources or "Fn::GetAtt" in value)


def _starts_with_stack_name(value: Any) -> bool:
    if isinstance(value, dict) and "Fn::Sub" in value:
        return str(value["Fn::Sub"]).startswith("${AWS::StackName}")
    if isinstance(value, dict) and "Fn::Join" in value:
        return value["Fn::Join"][1][:1] == [{"Ref": "AWS::StackName"}]
    return value == {"Ref": "AWS::StackName"}
