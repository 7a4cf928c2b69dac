"""An unknown key close to a key of the pipeline type is reported with "did you mean"; when the key it resembles
is required and missing, one error names both."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mlops_orchestrator.cli.main import EXIT_INVALID, EXIT_OK, main
from mlops_orchestrator.core.catalog import KNOWN_MISSPELLINGS, PIPELINE_TYPES
from mlops_orchestrator.core.errors import RequestValidationError
from mlops_orchestrator.core.key_typos import UnknownKeys
from mlops_orchestrator.core.validation import validate_request
from tests.support import example, make_settings, registry_variant
from tests.unit.request_bodies import realtime_body

NOT_USED = "is not used by pipeline type {} in this orchestrator; ignored"


def renamed(body: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    return {new if key == old else key: value for key, value in body.items()}


def problems(body: dict[str, Any], **mode: bool) -> dict[str, str]:
    with pytest.raises(RequestValidationError) as raised:
        validate_request(body, make_settings(**mode))
    return {problem.field: problem.message for problem in raised.value.problems}


def warnings(body: dict[str, Any], **mode: bool) -> dict[str, str]:
    return {warning.field: warning.message for warning in validate_request(body, make_settings(**mode)).warnings}


def test_a_misspelt_required_key_is_one_error_naming_both_keys() -> None:
    body = renamed(realtime_body(), "inference_instance", "inference_instanse")
    assert problems(body) == {
        "inference_instance": "is required; did you mean it for the unknown key inference_instanse?"
    }


def test_the_legacy_detailed_message_still_names_the_missing_key() -> None:
    body = renamed(realtime_body(), "inference_instance", "inference_instanse")
    with pytest.raises(RequestValidationError) as raised:
        validate_request(body, make_settings())
    assert raised.value.detailed_message == (
        "Bad request. API body does not have the necessary parameter: inference_instance"
    )


def test_a_misspelt_optional_key_is_a_warning_with_the_suggestion() -> None:
    assert warnings(realtime_body(endpoint_nmae="churn-endpoint")) == {
        "endpoint_nmae": "is not a key of pipeline type byom_realtime_builtin; did you mean endpoint_name? ignored"
    }


def test_a_truly_unused_key_stays_a_plain_warning() -> None:
    assert warnings(realtime_body(colour="blue")) == {"colour": NOT_USED.format("byom_realtime_builtin")}


def test_a_key_of_the_type_in_another_mode_is_not_taken_for_a_typo() -> None:
    # model_framework is a real key (outside registry mode); it must not read as a typo of anything.
    body = {**registry_variant(example("byom_realtime_builtin")), "model_framework": "xgboost"}
    assert warnings(body, model_registry=True) == {"model_framework": NOT_USED.format("byom_realtime_builtin")}


def test_a_key_already_given_is_not_suggested_again() -> None:
    assert warnings(realtime_body(endpoint_name="churn", endpoint_nmae="churn")) == {
        "endpoint_nmae": NOT_USED.format("byom_realtime_builtin")
    }


def test_case_differences_count_as_typos() -> None:
    body = renamed(realtime_body(), "model_name", "Model_Name")
    assert problems(body) == {"model_name": "is required; did you mean it for the unknown key Model_Name?"}


def test_every_typo_is_reported_at_once_with_the_other_problems() -> None:
    body = renamed(renamed(realtime_body(), "model_name", "model_nme"), "data_capture_location", "data_capture_loc")
    body["inference_instance"] = "ml.m5.largee"
    found = problems(body)
    assert found["model_name"] == "is required; did you mean it for the unknown key model_nme?"
    assert found["data_capture_location"] == "is required; did you mean it for the unknown key data_capture_loc?"
    assert "did you mean ml.m5.large" in found["inference_instance"]


def test_a_misspelt_problem_type_is_named_in_its_error() -> None:
    body = renamed(example("byom_model_quality_monitor"), "problem_type", "problem_typ")
    assert problems(body)["problem_type"].endswith("; did you mean it for the unknown key problem_typ?")


@pytest.mark.parametrize(
    ("pipeline_type", "written", "meant"),
    [
        ("model_training_builtin", "algo_hyperparameters", "algo_hyperparamaters"),
        ("model_tuner_builtin", "hyperparameters_ranges", "hyperparamaters_ranges"),
        ("byom_batch_builtin", "instance_type", "inference_instance"),
        ("byom_data_quality_monitor", "inference_instance", "instance_type"),
    ],
)
def test_known_misspellings_of_required_keys(pipeline_type: str, written: str, meant: str) -> None:
    body = renamed(example(pipeline_type), meant, written)
    assert problems(body)[meant] == f"is required; did you mean it for the unknown key {written}?"


def test_a_known_misspelling_of_an_optional_key_is_a_warning() -> None:
    body = {**example("model_autopilot_training"), "generate_definitions_only": True}
    body.pop("generate_definition_only", None)
    assert "did you mean generate_definition_only?" in warnings(body)["generate_definitions_only"]


def test_every_known_misspelling_points_at_a_real_key() -> None:
    keys = {key for declaration in PIPELINE_TYPES.values() for key in declaration.used_keys()}
    assert set(KNOWN_MISSPELLINGS.values()) <= keys


def test_a_typo_inside_an_option_object_is_named_with_its_fix() -> None:
    body = realtime_body(autoscaling={"max_capacity": 4, "target_invocation_per_instance": 100})
    message = problems(body)["autoscaling"]
    assert "target_invocation_per_instance (did you mean target_invocations_per_instance?)" in message


def test_unknown_keys_alone() -> None:
    found = UnknownKeys.of(["model_nam", "zzz", "model_name"], ["model_name"], {}, "t")
    assert found.meant == {"model_nam": None, "zzz": None}
    found = UnknownKeys.of(["model_nam"], ["model_name", "endpoint_name"], {}, "t")
    assert found.meant == {"model_nam": "model_name"}
    assert found.warnings(required=["model_name"]) == ()
    assert [w.field for w in found.warnings(required=[])] == ["model_nam"]


def test_validate_plan_and_a_dry_run_provision_share_the_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    request = tmp_path / "typo.json"
    request.write_text(json.dumps(renamed(realtime_body(), "inference_instance", "inference_instanse")))
    expected = "inference_instance: is required; did you mean it for the unknown key inference_instanse?"
    assert main(["validate", str(request)]) == EXIT_INVALID
    assert f"{request}: {expected}" in capsys.readouterr().out
    assert main(["plan", str(request)]) == EXIT_INVALID
    assert expected in "".join(capsys.readouterr())
    optional = tmp_path / "optional.json"
    optional.write_text(json.dumps(realtime_body(endpoint_nmae="e")))
    assert main(["validate", str(optional)]) == EXIT_OK
    assert (
        "warning: endpoint_nmae: is not a key of pipeline type byom_realtime_builtin; did you mean endpoint_name?"
        in (capsys.readouterr().out)
    )
