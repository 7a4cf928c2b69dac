"""Registry mode: a real-time, batch or monitor request names one model package version, or a group it follows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mlops_orchestrator.core.catalog import GROUP_FOLLOWING_TYPES
from mlops_orchestrator.core.errors import RequestValidationError
from mlops_orchestrator.core.planning import plan_request
from mlops_orchestrator.core.validation import validate_request
from tests.support import MODEL_PACKAGE, REGISTRY_EXAMPLES, example, group_variant, make_settings, registry_variant

MONITOR_TYPES = [
    "byom_data_quality_monitor",
    "byom_model_quality_monitor",
    "byom_model_bias_monitor",
    "byom_model_explainability_monitor",
]
FOLLOWING_TYPES = [
    "byom_realtime_builtin",
    "byom_realtime_custom",
    "byom_batch_builtin",
    "byom_batch_custom",
    *MONITOR_TYPES,
]


def problems(body: Any, **mode: bool) -> dict[str, str]:
    with pytest.raises(RequestValidationError) as raised:
        validate_request(body, make_settings(**mode))
    return {problem.field: problem.message for problem in raised.value.problems}


@pytest.mark.parametrize("pipeline_type", FOLLOWING_TYPES)
def test_a_group_replaces_the_package_in_registry_mode(pipeline_type: str) -> None:
    body = group_variant(example(pipeline_type), deploy_on_approval=False, on_reject="notify")
    validated = validate_request(body, make_settings(model_registry=True))
    assert validated.request.model_package_group_name == "xgboost"
    assert validated.request.model_package_name is None
    assert (validated.request.deploy_on_approval, validated.request.on_reject) == (False, "notify")
    assert validated.warnings == ()


@pytest.mark.parametrize("pipeline_type", FOLLOWING_TYPES)
def test_naming_both_the_package_and_the_group_is_refused_naming_both(pipeline_type: str) -> None:
    body = {
        **registry_variant(example(pipeline_type)),
        "model_package_name": MODEL_PACKAGE,
        "model_package_group_name": "xgboost",
    }
    found = problems(body, model_registry=True)
    assert found == {
        "model_package_name": "cannot be sent together with model_package_group_name: name one of them",
        "model_package_group_name": "cannot be sent together with model_package_name: name one of them",
    }


def test_naming_neither_is_refused_in_the_original_order_and_words() -> None:
    body = {k: v for k, v in registry_variant(example("byom_batch_custom")).items() if k != "model_package_name"}
    del body["batch_inference_data"]
    with pytest.raises(RequestValidationError) as raised:
        validate_request(body, make_settings(model_registry=True))
    found = {problem.field: problem.message for problem in raised.value.problems}
    assert list(found) == ["model_package_name", "batch_inference_data"]
    assert found["model_package_name"] == "is required (or send model_package_group_name instead)"
    assert raised.value.detailed_message == (
        "Bad request. API body does not have the necessary parameter: model_package_name"
    )


def test_an_empty_package_name_without_a_group_is_reported_as_empty() -> None:
    body = {**registry_variant(example("byom_realtime_builtin")), "model_package_name": " "}
    assert problems(body, model_registry=True) == {"model_package_name": "must not be empty"}


def test_an_empty_group_next_to_a_package_is_ignored_like_any_empty_optional_key() -> None:
    body = {**registry_variant(example("byom_realtime_builtin")), "model_package_group_name": ""}
    assert validate_request(body, make_settings(model_registry=True)).request.model_package_name == MODEL_PACKAGE


def test_follow_options_need_a_group_and_valid_values_all_reported_at_once() -> None:
    body = {**registry_variant(example("byom_realtime_builtin")), "deploy_on_approval": True, "on_reject": "notify"}
    assert problems(body, model_registry=True) == {
        "deploy_on_approval": "applies only to a request that names model_package_group_name",
        "on_reject": "applies only to a request that names model_package_group_name",
    }
    bad = group_variant(example("byom_realtime_builtin"), group="-bad", on_reject="undo", deploy_on_approval="maybe")
    found = problems(bad, model_registry=True)
    assert sorted(found) == ["deploy_on_approval", "model_package_group_name", "on_reject"]
    assert found["on_reject"].startswith("must be one of: rollback, notify")
    assert found["model_package_group_name"].startswith("must be a model package group name")


def test_without_the_registry_a_group_is_an_unknown_key_and_the_model_keys_stay_required() -> None:
    body = {**example("byom_realtime_builtin"), "model_package_group_name": "xgboost"}
    validated = validate_request(body, make_settings())
    assert [warning.field for warning in validated.warnings] == ["model_package_group_name"]
    assert validated.request.model_package_group_name is None
    without_model = {k: v for k, v in body.items() if k != "model_artifact_location"}
    assert "model_artifact_location" in problems(without_model)


def test_the_stored_request_is_the_one_sent_and_the_resolved_version_goes_to_the_parameters() -> None:
    settings = make_settings(model_registry=True)
    validated = validate_request(group_variant(example("byom_realtime_builtin")), settings)
    resolved = validated.request.model_copy(update={"model_package_name": MODEL_PACKAGE})
    plan = plan_request(type(validated)(validated.declaration, resolved), settings)
    parameters = dict(plan.stages[0].parameters)
    assert (parameters["ModelPackageName"], parameters["ModelPackageGroupName"]) == (MODEL_PACKAGE, "xgboost")
    assert '"model_package_group_name": "xgboost"' in plan.request
    assert "model_package_name" not in plan.request
    # A new version changes what the pipeline deploys, so it is a new request for idempotency.
    unresolved = plan_request(validated, settings)
    assert unresolved.request_digest != plan.request_digest


@pytest.mark.parametrize("path", sorted(REGISTRY_EXAMPLES.glob("*.json")), ids=lambda path: path.name)
def test_every_registry_example_follows_a_group_in_registry_mode(path: Path) -> None:
    validated = validate_request(json.loads(path.read_text()), make_settings(model_registry=True))
    assert validated.request.model_package_group_name == "churn-models"
    assert validated.warnings == ()


def test_there_is_a_registry_example_for_every_kind_of_pipeline_that_follows_a_group() -> None:
    types = {json.loads(path.read_text())["pipeline_type"] for path in REGISTRY_EXAMPLES.glob("*.json")}
    assert types == set(GROUP_FOLLOWING_TYPES)


def test_the_catalog_names_the_types_that_follow_groups() -> None:
    assert list(GROUP_FOLLOWING_TYPES) == FOLLOWING_TYPES


@pytest.mark.parametrize("pipeline_type", MONITOR_TYPES)
def test_a_monitor_in_registry_mode_still_needs_no_package_and_plans_as_before(pipeline_type: str) -> None:
    body = example(pipeline_type)
    validated = validate_request(body, make_settings(model_registry=True))
    assert validated.warnings == ()
    registry_plan = plan_request(validated, make_settings(model_registry=True))
    plain_plan = plan_request(validate_request(body, make_settings()), make_settings())
    names = [name for name, _ in registry_plan.stages[0].parameters]
    assert "ModelPackageName" not in names
    assert names == [name for name, _ in plain_plan.stages[0].parameters]


@pytest.mark.parametrize("pipeline_type", MONITOR_TYPES)
def test_a_monitor_baselines_the_version_it_names(pipeline_type: str) -> None:
    settings = make_settings(model_registry=True)
    version_7 = MODEL_PACKAGE.replace("/1", "/7")
    validated = validate_request({**example(pipeline_type), "model_package_name": version_7}, settings)
    parameters = dict(plan_request(validated, settings).stages[0].parameters)
    assert parameters["ModelPackageName"] == version_7
    kind = pipeline_type.removeprefix("byom_").removesuffix("_monitor").replace("_", "")
    # The version shows in the baseline job's name; the schedule keeps its name across versions.
    assert f"-{kind}-v7-" in parameters["BaselineJobName"]
    assert parameters["BaselineJobOutputLocation"].endswith(parameters["BaselineJobName"])
    assert "-v7-" not in parameters["MonitoringScheduleName"]
    assert len(parameters["BaselineJobName"]) <= 63


@pytest.mark.parametrize("pipeline_type", MONITOR_TYPES)
def test_a_monitor_refuses_both_keys_and_follow_options_without_a_group_at_once(pipeline_type: str) -> None:
    body = {**example(pipeline_type), "model_package_name": MODEL_PACKAGE, "on_reject": "notify"}
    assert problems(body, model_registry=True) == {
        "on_reject": "applies only to a request that names model_package_group_name",
    }
    both = {**body, "model_package_group_name": "xgboost", "instance_type": "ml.m5.largee"}
    assert sorted(problems(both, model_registry=True)) == [
        "instance_type",
        "model_package_group_name",
        "model_package_name",
    ]


@pytest.mark.parametrize("pipeline_type", MONITOR_TYPES)
def test_without_the_registry_a_monitors_group_is_an_unknown_key(pipeline_type: str) -> None:
    validated = validate_request({**example(pipeline_type), "model_package_group_name": "xgboost"}, make_settings())
    assert [warning.field for warning in validated.warnings] == ["model_package_group_name"]
    assert validated.request.model_package_group_name is None


def test_a_monitor_that_follows_a_group_is_stored_as_sent() -> None:
    settings = make_settings(model_registry=True)
    validated = validate_request(group_variant(example("byom_model_bias_monitor")), settings)
    resolved = validated.request.model_copy(update={"model_package_name": MODEL_PACKAGE})
    plan = plan_request(type(validated)(validated.declaration, resolved), settings)
    assert dict(plan.stages[0].parameters)["ModelPackageName"] == MODEL_PACKAGE
    assert '"model_package_group_name": "xgboost"' in plan.request
    assert "model_package_name" not in plan.request
