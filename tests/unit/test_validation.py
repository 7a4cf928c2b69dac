"""Every bad input is a 400 naming every offending field at once, before any AWS call."""

from __future__ import annotations

from typing import Any

import pytest

from mlops_orchestrator.core.catalog import PIPELINE_TYPES
from mlops_orchestrator.core.errors import RequestValidationError
from mlops_orchestrator.core.validation import validate_request
from tests.support import MODEL_PACKAGE, example, make_settings
from tests.unit.request_bodies import BIAS, monitor_body, realtime_body


def problems(body: Any, **mode: bool) -> dict[str, str]:
    with pytest.raises(RequestValidationError) as raised:
        validate_request(body, make_settings(**mode))
    return {problem.field: problem.message for problem in raised.value.problems}


def detailed(body: Any, **mode: bool) -> str:
    with pytest.raises(RequestValidationError) as raised:
        validate_request(body, make_settings(**mode))
    return raised.value.detailed_message


@pytest.mark.parametrize("pipeline_type", sorted(PIPELINE_TYPES))
def test_every_example_is_valid(pipeline_type: str) -> None:
    validated = validate_request(example(pipeline_type), make_settings())
    assert validated.declaration.name == pipeline_type
    assert validated.warnings == ()


@pytest.mark.parametrize("body", [[], "text", 5, None, ["pipeline_type"]])
def test_a_body_that_is_not_an_object(body: Any) -> None:
    assert problems(body) == {"body": "must be a JSON object"}


@pytest.mark.parametrize("pipeline_type", [None, "", "  ", "byom_unknown", 7, {"a": 1}])
def test_unsupported_pipeline_type_keeps_the_original_text(pipeline_type: Any) -> None:
    body = {"pipeline_type": pipeline_type} if pipeline_type is not None else {}
    assert detailed(body) == (
        "Bad request format. Pipeline type not supported. Check documentation for API & config formats"
    )
    assert list(problems(body)) == ["pipeline_type"]


def test_padded_pipeline_type_is_accepted() -> None:
    assert validate_request(realtime_body(pipeline_type=" byom_realtime_builtin "), make_settings())


def test_every_missing_key_is_reported_and_the_first_in_the_original_text() -> None:
    found = problems({"pipeline_type": "byom_realtime_builtin"})
    assert list(found) == [
        "model_name",
        "inference_instance",
        "model_framework",
        "model_framework_version",
        "model_artifact_location",
        "data_capture_location",
    ]
    assert set(found.values()) == {"is required"}
    assert detailed({"pipeline_type": "byom_realtime_builtin"}) == (
        "Bad request. API body does not have the necessary parameter: model_name"
    )


def test_registry_mode_requires_the_model_package_instead() -> None:
    found = problems({"pipeline_type": "byom_batch_custom", "model_name": "m"}, model_registry=True)
    assert list(found) == [
        "inference_instance",
        "model_package_name",
        "batch_inference_data",
        "batch_job_output_location",
    ]


def test_wrong_types_empty_strings_and_nulls_are_all_reported_at_once() -> None:
    body = realtime_body(
        model_name=None,
        inference_instance=5,
        model_artifact_location="   ",
        data_capture_location=["bucket"],
        endpoint_name=True,
    )
    found = problems(body)
    assert found["model_name"] == "is required"
    assert found["model_artifact_location"] == "must not be empty"
    assert "string" in found["inference_instance"]
    assert "string" in found["data_capture_location"]
    assert "endpoint_name" in found


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("model_name", "my_model"),
        ("model_name", "model name"),
        ("model_name", "-model"),
        ("endpoint_name", "endpoint_1"),
        ("endpoint_name", "e" * 64),
        ("inference_instance", "m5.large"),
        ("data_capture_location", "Not_A_Bucket/prefix"),
        ("data_capture_location", "s3://ab/prefix"),
        ("model_artifact_location", "s3://bucket/model.tar.gz"),
        ("kms_key_arn", "alias/my-key"),
        ("model_framework", "not-an-algorithm"),
        ("model_framework_version", "99.9"),
    ],
)
def test_values_aws_would_reject(key: str, value: str) -> None:
    assert key in problems(realtime_body(**{key: value}))


def test_stack_names_that_would_exceed_cloudformation_limits() -> None:
    long_name = "m" * 80
    found = problems(monitor_body("model_bias", model_name=long_name, **BIAS))
    assert "128 characters" in found["model_name"]


def test_stack_name_limit_is_tighter_in_multi_account_mode() -> None:
    name = "m" * 70
    validate_request(realtime_body(model_name=name), make_settings())
    assert "model_name" in problems(realtime_body(model_name=name), multi_account=True)


def test_model_package_must_be_a_versioned_model_package_arn() -> None:
    body = {
        "pipeline_type": "byom_realtime_builtin",
        "model_name": "m",
        "inference_instance": "ml.m5.large",
        "data_capture_location": "bucket/capture",
    }
    for bad in (
        "arn:aws:sagemaker:us-east-1:123456789012:model/xgboost",
        "xgboost/1",
        "arn:aws:sagemaker:*:*:model-package/xgboost/1",
    ):
        assert "model_package_name" in problems({**body, "model_package_name": bad}, model_registry=True)
    assert validate_request({**body, "model_package_name": MODEL_PACKAGE}, make_settings(model_registry=True))


def test_monitor_values_out_of_range_and_bad_cron() -> None:
    found = problems(
        monitor_body(
            "data_quality",
            schedule_expression="every hour",
            monitor_max_runtime_seconds=0,
            instance_volume_size=True,
            baseline_max_runtime_seconds="soon",
        )
    )
    assert set(found) == {
        "schedule_expression",
        "monitor_max_runtime_seconds",
        "instance_volume_size",
        "baseline_max_runtime_seconds",
    }
    assert "cron" in found["schedule_expression"]
    assert "boolean" in found["instance_volume_size"]


def test_unsupported_problem_type_is_reported_with_the_base_keys() -> None:
    body = {"pipeline_type": "byom_model_quality_monitor", "problem_type": "Clustering"}
    found = problems(body)
    assert next(iter(found)) == "problem_type"
    assert "monitor_inference_attribute" not in found  # BinaryClassification does not need it
    assert {"endpoint_name", "baseline_inference_attribute", "monitor_ground_truth_input"} <= set(found)
    assert detailed(body) == "Bad request format. Unsupported problem_type in byom_model_quality_monitor pipeline"


@pytest.mark.parametrize(
    ("problem_type", "required"),
    [
        ("Regression", {"monitor_inference_attribute", "monitor_ground_truth_input", "bias_config"}),
        (
            "BinaryClassification",
            {"monitor_ground_truth_input", "model_predicted_label_config", "bias_config"},
        ),
        (
            "MulticlassClassification",
            {
                "monitor_inference_attribute",
                "monitor_ground_truth_input",
                "model_predicted_label_config",
                "bias_config",
            },
        ),
    ],
)
def test_bias_monitor_requirements_follow_problem_type(problem_type: str, required: set[str]) -> None:
    assert set(problems(monitor_body("model_bias", problem_type=problem_type))) == required


def test_bias_config_must_name_label_and_facet() -> None:
    body = monitor_body("model_bias", **{**BIAS, "bias_config": {"facet_name": "Age"}})
    assert "label_values_or_threshold" in problems(body)["bias_config"]


def test_per_stage_values_are_refused_in_single_account_mode() -> None:
    body = realtime_body(inference_instance={"dev": "ml.m5.large", "staging": "ml.m5.large", "prod": "ml.m5.large"})
    assert "multi-account" in problems(body)["inference_instance"]


def test_per_stage_values_need_every_stage_and_only_stages() -> None:
    body = realtime_body(
        inference_instance={"dev": "ml.m5.large", "staging": "ml.m5.large"},
        data_capture_location={"dev": "b1/x", "staging": "b2/x", "prod": "b3/x", "qa": "b4/x"},
    )
    found = problems(body, multi_account=True)
    assert found["inference_instance.prod"] == "is required"
    assert found["data_capture_location.qa"] == "is not a stage: use dev, staging and prod"


def test_per_stage_values_are_refused_for_training_in_multi_account_mode() -> None:
    body = example("model_training_builtin")
    body["instance_type"] = {"dev": "ml.m5.large", "staging": "ml.m5.large", "prod": "ml.m5.large"}
    assert "instance_type" in problems(body, multi_account=True)


def test_training_cross_field_rules() -> None:
    body = example("model_tuner_builtin")
    body.update(
        job_name="a-tuning-job-name-longer-than-32-chars",
        max_runtime_per_job=7200,
        max_wait_time_spot_instances=3600,
        hyperparamaters_ranges={"eta": ["continuous", [0.5, 0.1]]},
    )
    found = problems(body)
    assert "hyperparamaters_ranges" in found
    body["hyperparamaters_ranges"] = {"eta": ["continuous", [0.1, 0.5]]}
    found = problems(body)
    assert set(found) == {"job_name", "max_wait_time_spot_instances"}


def test_unknown_keys_become_warnings_not_errors() -> None:
    validated = validate_request(realtime_body(modle_name="typo", dry_run=True), make_settings())
    assert [(warning.field, "ignored" in warning.message) for warning in validated.warnings] == [("modle_name", True)]
    assert validated.dry_run is True


def test_dry_run_must_be_a_boolean() -> None:
    assert "dry_run" in problems(realtime_body(dry_run="yes"))
