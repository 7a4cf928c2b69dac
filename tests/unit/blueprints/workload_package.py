"""Imports a blueprint Lambda's handler from its built zip, in a fresh interpreter that has boto3 and nothing of ours."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import boto3

from mlops_orchestrator.blueprints.lambdas import BlueprintLambda
from mlops_orchestrator.infrastructure.lambda_package import lambda_code_dir, zip_folder

# Prints the modules the import loaded, and any of ours that came from elsewhere than the zip.
_PROBE = """
import importlib, json, sys
code, handler, boto = sys.argv[1:4]
sys.path[:] = [code, *sys.path, boto]
module, _, function = handler.rpartition(".")
assert callable(getattr(importlib.import_module(module), function))
ours = {name: getattr(mod, "__file__", None) or "" for name, mod in sys.modules.items() if name.startswith("mlops_")}
print(json.dumps({"loaded": sorted(sys.modules), "elsewhere": sorted(n for n, f in ours.items() if not f.startswith(code))}))
"""
FORBIDDEN = {"aws_cdk", "constructs", "jsii", "moto", "cdk_nag", "sagemaker", "pydantic"}


def built_zip(package: BlueprintLambda) -> zipfile.ZipFile:
    """The zip the orchestrator publishes for `package`."""
    folder = lambda_code_dir(package.name, package.packages, package.requirements)
    return zipfile.ZipFile(io.BytesIO(zip_folder(folder)))


def loaded_modules(package: BlueprintLambda, handler: str) -> set[str]:
    """Every module loaded by importing `handler` from the zip; fails on any build-time or heavy package."""
    # boto3's folder holds this project's editable install too: only -S (no .pth files) keeps that one out.
    boto = str(Path(boto3.__file__).parents[1])
    with tempfile.TemporaryDirectory() as code:
        built_zip(package).extractall(code)
        done = subprocess.run(
            [sys.executable, "-I", "-S", "-c", _PROBE, code, handler, boto],
            capture_output=True,
            text=True,
            check=True,
            env={"AWS_DEFAULT_REGION": "us-east-1", "PATH": ""},
        )
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["elsewhere"] == [], "imported from outside the zip"
    loaded = set(found["loaded"])
    assert not {name.split(".")[0] for name in loaded} & FORBIDDEN
    return loaded


def zip_imports(package: BlueprintLambda, handler: str) -> set[str]:
    """Top-level modules loaded by importing `handler` from the zip."""
    return {name.split(".")[0] for name in loaded_modules(package, handler)}
