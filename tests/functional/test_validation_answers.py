"""The API answers a request with typos and values SageMaker would reject with one 400 listing every field."""

from __future__ import annotations

from typing import Any

from tests.functional.api_events import api, body_of, stack_names
from tests.support import example


def test_a_400_lists_every_offending_field_with_its_suggestion(environment: dict[str, Any]) -> None:
    body = example("byom_realtime_builtin")
    body["inference_instanse"] = body.pop("inference_instance")
    body["model_framework_version"] = 7
    body["autoscaling"] = {"max_capacity": 2, "target_invocations_per_instanc": 10}
    body["endpoint_name"] = "churn_endpoint"
    body["kms_key_ar"] = "arn:aws:kms:us-east-1:123456789012:key/abc"
    response = api("/provisionpipeline", body)
    assert response["statusCode"] == 400
    # The warnings come with the errors, so one round fixes every mistake, the optional key's typo included.
    assert body_of(response)["warnings"] == [
        {
            "field": "kms_key_ar",
            "message": "is not a key of pipeline type byom_realtime_builtin; did you mean kms_key_arn? ignored",
        }
    ]
    errors = {error["field"]: error["message"] for error in body_of(response)["errors"]}
    assert errors["inference_instance"] == "is required; did you mean it for the unknown key inference_instanse?"
    assert "did you mean target_invocations_per_instance?" in errors["autoscaling"]
    assert {"model_framework_version", "endpoint_name"} <= set(errors)
    assert stack_names(environment) == []
    assert environment["s3"].list_objects_v2(Bucket="testassetsbucket")["KeyCount"] == 0


def test_a_bad_instance_type_is_a_400_naming_the_closest(environment: dict[str, Any]) -> None:
    response = api("/provisionpipeline", {**example("byom_batch_builtin"), "inference_instance": "ml.c5.xlargee"})
    assert response["statusCode"] == 400
    [error] = body_of(response)["errors"]
    assert error["field"] == "inference_instance"
    assert "did you mean ml.c5.xlarge" in error["message"]


def test_a_dry_run_returns_the_typo_warning(environment: dict[str, Any]) -> None:
    response = api(
        "/provisionpipeline", {**example("byom_realtime_builtin"), "dry_run": True, "initial_instance_cont": 2}
    )
    assert response["statusCode"] == 200
    assert body_of(response)["warnings"] == [
        {
            "field": "initial_instance_cont",
            "message": "is not a key of pipeline type byom_realtime_builtin; did you mean initial_instance_count? ignored",
        }
    ]
