"""deployment/build-s3-dist.sh: the console distribution, with asset references rewritten to the dist bucket."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

from mlops_orchestrator.blueprints.stacks import blueprint_lambdas
from mlops_orchestrator.core.catalog import BLUEPRINTS
from mlops_orchestrator.orchestrator.stack import MULTI_ACCOUNT_STACK, SINGLE_ACCOUNT_STACK

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "deployment" / "build-s3-dist.sh"
BUCKET_BASE, SOLUTION, VERSION = "my-dist-bucket", "mlops-workload-orchestrator", "v9.8.7"
DIST_BUCKET = {"Fn::Sub": f"{BUCKET_BASE}-${{AWS::Region}}"}
KEY_PREFIX = f"{SOLUTION}/{VERSION}/asset"


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("dist")
    env = {**os.environ, "DIST_DIR": str(output)}
    subprocess.run([str(SCRIPT), BUCKET_BASE, SOLUTION, VERSION], env=env, check=True, capture_output=True, timeout=600)
    return output


def _templates(dist: Path) -> dict[str, dict[str, Any]]:
    return {path.name: json.loads(path.read_text()) for path in (dist / "global-s3-assets").iterdir()}


def test_usage_without_arguments() -> None:
    result = subprocess.run([str(SCRIPT)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 1
    assert "build-s3-dist.sh <bucket-base> <solution-name> <version>" in result.stderr


def test_file_names(dist: Path) -> None:
    assert sorted(path.name for path in (dist / "global-s3-assets").iterdir()) == [
        f"{MULTI_ACCOUNT_STACK}.template",
        f"{SINGLE_ACCOUNT_STACK}.template",
    ]
    regional = sorted(path.name for path in (dist / "regional-s3-assets").iterdir())
    assert "blueprints.zip" in regional
    assert all(name == "blueprints.zip" or (name.startswith("asset") and name.endswith(".zip")) for name in regional)


def test_asset_references_point_at_the_distribution_bucket(dist: Path) -> None:
    regional = {path.name for path in (dist / "regional-s3-assets").iterdir()}
    for name, template in _templates(dist).items():
        assert "cdk-hnb659fds" not in json.dumps(template), name
        assert template["Description"].endswith(f"Version {VERSION}")
        locations = []
        for resource in template["Resources"].values():
            properties = resource.get("Properties", {})
            if resource["Type"] == "AWS::Lambda::Function" and "S3Key" in properties["Code"]:
                locations.append((properties["Code"]["S3Bucket"], properties["Code"]["S3Key"]))
            elif resource["Type"] == "AWS::Lambda::LayerVersion":
                locations.append((properties["Content"]["S3Bucket"], properties["Content"]["S3Key"]))
            elif resource["Type"] == "Custom::CDKBucketDeployment":
                locations += zip(properties["SourceBucketNames"], properties["SourceObjectKeys"], strict=True)
        assert len(locations) >= 4, name  # orchestrator, bucket-deployment handler, CLI layer, blueprints
        for bucket, key in locations:
            assert bucket == DIST_BUCKET, name
            assert key.startswith(KEY_PREFIX), key
            assert key.removeprefix(f"{SOLUTION}/{VERSION}/") in regional, key


def test_blueprints_package(dist: Path) -> None:
    with zipfile.ZipFile(dist / "regional-s3-assets" / "blueprints.zip") as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read("blueprints/manifest.json"))
        for path, digest in manifest.items():
            assert hashlib.sha256(archive.read(f"blueprints/{path}")).hexdigest() == digest, path
    assert all(name.startswith("blueprints/") for name in names)
    expected = {blueprint.key for blueprint in BLUEPRINTS}
    expected |= {package.key for package in blueprint_lambdas()}
    assert names == expected | {"blueprints/manifest.json"}
