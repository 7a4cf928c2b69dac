"""The StackSet Lambda's zip, as the registry describes it, holds a handler that imports with boto3 alone."""

from __future__ import annotations

import json
import subprocess
import sys

from mlops_orchestrator.blueprints.multi_account_codepipeline.runtime_package import STACKSET_LAMBDA
from mlops_orchestrator.blueprints.stacks import blueprint_lambdas
from mlops_orchestrator.infrastructure.lambda_package import lambda_code_dir

PROBE = """
import importlib, json, sys
sys.path.insert(0, sys.argv[1])
module, _, function = sys.argv[2].rpartition(".")
assert callable(getattr(importlib.import_module(module), function))
print(json.dumps(sorted(sys.modules)))
"""


def test_the_registry_lists_the_stackset_lambda() -> None:
    assert STACKSET_LAMBDA in blueprint_lambdas()
    assert STACKSET_LAMBDA.key == "blueprints/lambdas/create_update_cf_stackset.zip"


def test_the_handler_imports_from_its_zip_with_boto3_only() -> None:
    folder = lambda_code_dir(STACKSET_LAMBDA.name, STACKSET_LAMBDA.packages, STACKSET_LAMBDA.requirements)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(folder), STACKSET_LAMBDA.handler],
        capture_output=True,
        text=True,
        check=True,
        env={"AWS_DEFAULT_REGION": "us-east-1", "PATH": ""},
    )
    top_level = {name.split(".")[0] for name in json.loads(done.stdout.strip().splitlines()[-1])}
    assert "boto3" in top_level
    assert not top_level & {"aws_cdk", "constructs", "jsii", "moto", "cdk_nag", "sagemaker"}
