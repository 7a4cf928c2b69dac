"""Imports a blueprint Lambda's handler from its built zip folder, in a fresh interpreter without the project."""

from __future__ import annotations

import json
import subprocess
import sys

from mlops_orchestrator.blueprints.lambdas import BlueprintLambda
from mlops_orchestrator.infrastructure.lambda_package import lambda_code_dir

_PROBE = """
import importlib, json, sys
sys.path[:0] = [sys.argv[1]]
module, _, function = sys.argv[2].rpartition(".")
assert callable(getattr(importlib.import_module(module), function))
print(json.dumps(sorted(sys.modules)))
"""
FORBIDDEN = {"aws_cdk", "constructs", "jsii", "moto", "cdk_nag", "sagemaker", "pydantic"}


def zip_imports(package: BlueprintLambda, handler: str) -> set[str]:
    """Top-level modules loaded by importing `handler`; fails on any build-time or heavy package."""
    folder = lambda_code_dir(package.name, package.packages, package.requirements)
    # -I: the project's source tree and site customisations stay out; boto3 stands in for the Lambda runtime's.
    done = subprocess.run(
        [sys.executable, "-I", "-c", _PROBE, str(folder), handler],
        capture_output=True,
        text=True,
        check=True,
        env={"AWS_DEFAULT_REGION": "us-east-1", "PATH": ""},
    )
    top_level = {name.split(".")[0] for name in json.loads(done.stdout.strip().splitlines()[-1])}
    assert not top_level & FORBIDDEN
    return top_level
