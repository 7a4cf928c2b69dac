"""The StackSet Lambda's zip, as the registry describes it, holds a handler that imports from it alone."""

from __future__ import annotations

from mlops_orchestrator.blueprints.multi_account_codepipeline.runtime_package import STACKSET_LAMBDA
from mlops_orchestrator.blueprints.stacks import blueprint_lambdas
from tests.unit.blueprints.workload_package import zip_imports


def test_the_registry_lists_the_stackset_lambda() -> None:
    assert STACKSET_LAMBDA in blueprint_lambdas()
    assert STACKSET_LAMBDA.key == "blueprints/lambdas/create_update_cf_stackset.zip"


def test_the_handler_imports_from_its_zip_with_boto3_powertools_and_pydantic() -> None:
    # zip_imports fails on a build-time package, and on any module of the zip loaded from elsewhere.
    assert {"boto3", "aws_lambda_powertools", "pydantic"} <= zip_imports(STACKSET_LAMBDA, STACKSET_LAMBDA.handler)
