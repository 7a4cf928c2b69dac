"""Every params file the orchestrator writes satisfies the Parameters of the blueprint it feeds.

Each blueprint is checked against the Parameters of its synthesized CDK stack (every catalog blueprint has
exactly one: tests/infra/test_orchestrator_blueprints.py), in every orchestrator mode of the catalog.
"""

from __future__ import annotations

import functools
from typing import Any

import pytest

from mlops_orchestrator.blueprints.stacks import stack_of
from mlops_orchestrator.core.catalog import BLUEPRINTS as CATALOG_BLUEPRINTS
from mlops_orchestrator.core.catalog import PIPELINE_TYPES, Deployment
from mlops_orchestrator.core.planning import plan_request
from mlops_orchestrator.core.validation import validate_request
from mlops_orchestrator.local.cfn_parameters import parameter_problems
from tests.support import MODES, example, mode_settings, registry_variant

BLUEPRINTS = {blueprint.file_name: blueprint for blueprint in CATALOG_BLUEPRINTS}


@functools.cache
def template_parameters(file_name: str) -> dict[str, dict[str, Any]]:
    from aws_cdk import App
    from aws_cdk.assertions import Template

    template = Template.from_stack(stack_of(BLUEPRINTS[file_name]).build(App())).to_json()
    parameters: dict[str, dict[str, Any]] = template.get("Parameters", {})
    return parameters


def check(file_name: str, values: list[tuple[str, str]]) -> None:
    names = [name for name, _ in values]
    assert len(names) == len(set(names)), f"duplicate parameters for {file_name}"
    # The same checks CloudFormation applies on CreateStack, shared with local mode's emulator.
    assert parameter_problems({"Parameters": template_parameters(file_name)}, dict(values)) == []


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize("pipeline_type", sorted(PIPELINE_TYPES))
def test_params_files_satisfy_the_blueprint(pipeline_type: str, mode: str) -> None:
    settings = mode_settings(MODES[mode])
    body = example(pipeline_type)
    if settings.model_registry:
        body = registry_variant(body)
    plan = plan_request(validate_request(body, settings), settings)
    declaration = PIPELINE_TYPES[pipeline_type]
    if declaration.deployment is Deployment.DIRECT:
        check(plan.pipeline_template_file, list(plan.pipeline_parameters))
        return
    check(plan.pipeline_template_file, list(plan.pipeline_parameters))
    expected_stages = 3 if settings.multi_account and declaration.deployment is Deployment.STAGED else 1
    assert len(plan.stages) == expected_stages
    for stage in plan.stages:
        check(plan.blueprint_file, list(stage.parameters))


def test_every_blueprint_is_reached_by_some_plan() -> None:
    reached = set()
    for mode in MODES.values():
        settings = mode_settings(mode)
        for pipeline_type in PIPELINE_TYPES:
            body = registry_variant(example(pipeline_type)) if settings.model_registry else example(pipeline_type)
            plan = plan_request(validate_request(body, settings), settings)
            reached |= {plan.blueprint_file, plan.pipeline_template_file}
    assert reached == set(BLUEPRINTS)


def test_the_checker_catches_each_kind_of_violation() -> None:
    def problems(declared: dict[str, Any], value: str) -> list[str]:
        return parameter_problems({"Parameters": {"P": declared}}, {"P": value})

    assert problems({"AllowedValues": ["Yes", "No"]}, "Maybe")
    assert problems({"AllowedPattern": r"^\d{12}$"}, "12345")
    assert problems({"MinLength": 3}, "ab")
    assert problems({"MaxLength": 3}, "abcd")
    assert problems({"Type": "Number"}, "ten")
    assert problems({"Type": "Number", "MaxValue": 10}, "11")
    assert not problems({"Type": "Number", "MinValue": 1, "MaxValue": 10}, "5")
    assert parameter_problems({"Parameters": {"Required": {"Type": "String"}}}, {})
    assert parameter_problems({"Parameters": {}}, {"Undeclared": "x"})
