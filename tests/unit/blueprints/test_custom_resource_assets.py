"""Each job-starting Lambda's zip carries the shared custom resource runtime, and its handler loads it from there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mlops_orchestrator.blueprints.autopilot_training.runtime_package import AUTOPILOT_LAMBDA
from mlops_orchestrator.blueprints.batch_transform.runtime_package import BATCH_LAMBDA
from mlops_orchestrator.blueprints.lambdas import CUSTOM_RESOURCE_RUNTIME, RUNTIME_LIBRARIES, BlueprintLambda
from mlops_orchestrator.blueprints.model_monitor.runtime_package import BASELINE_LAMBDA
from mlops_orchestrator.blueprints.model_training.runtime_package import TRAINING_LAMBDA
from mlops_orchestrator.blueprints.stacks import blueprint_lambdas
from tests.unit.blueprints.workload_package import built_zip, loaded_modules, zip_imports

CONSTRAINTS = Path(__file__).resolve().parents[3] / "constraints.txt"

SHARED_FILES = {
    f"mlops_orchestrator/blueprints/custom_resource_runtime/{name}.py"
    for name in ("__init__", "cfn_response", "clients", "job_resource")
}
USERS = [
    (BATCH_LAMBDA, BATCH_LAMBDA.handler),
    (TRAINING_LAMBDA, TRAINING_LAMBDA.handler),
    (AUTOPILOT_LAMBDA, AUTOPILOT_LAMBDA.handler),
    (BASELINE_LAMBDA, BASELINE_LAMBDA.handler),
]


@pytest.mark.parametrize(("package", "handler"), USERS, ids=[package.name for package, _ in USERS])
def test_the_zip_carries_the_shared_runtime_and_the_handler_uses_it(package: BlueprintLambda, handler: str) -> None:
    assert CUSTOM_RESOURCE_RUNTIME in package.packages
    assert set(built_zip(package).namelist()) >= SHARED_FILES
    assert f"{CUSTOM_RESOURCE_RUNTIME}.job_resource" in loaded_modules(package, handler)


def test_every_lambda_that_uses_the_shared_runtime_is_checked() -> None:
    using = {package.name for package in blueprint_lambdas() if CUSTOM_RESOURCE_RUNTIME in package.packages}
    assert using == {package.name for package, _ in USERS}


def test_the_vendored_libraries_are_loaded_from_the_zip() -> None:
    # `loaded_modules` fails on any module of the zip (ours or vendored) loaded from elsewhere.
    assert {"aws_lambda_powertools", "pydantic"} <= zip_imports(BATCH_LAMBDA, BATCH_LAMBDA.handler)


def _normalized(pin: str) -> str:
    """`Name==1.0` with the name normalized as pip compares them (case, `-`, `_` and `.` alike)."""
    name, _, version = pin.strip().partition("==")
    return f"{re.sub(r'[-_.]+', '-', name).lower()}=={version}"


def test_every_blueprint_requirement_is_pinned_as_in_constraints_txt() -> None:
    pins = {_normalized(line) for line in CONSTRAINTS.read_text().splitlines() if "==" in line}
    assert RUNTIME_LIBRARIES
    for package in blueprint_lambdas():
        assert {_normalized(pin) for pin in package.requirements} <= pins, package.name
