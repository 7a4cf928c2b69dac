"""The Lambda handler end to end against moto: API events, S3 config events, and every error path."""

from __future__ import annotations

import json
from typing import Any

import pytest

from mlops_orchestrator.orchestrator.runtime import handler
from tests.functional.api_events import api, body_of, s3_event, stack_names
from tests.support import example


def test_provision_returns_the_original_shape_with_json(environment: dict[str, Any]) -> None:
    response = api("/provisionpipeline", example("byom_realtime_builtin"))
    assert response["statusCode"] == 200
    assert response["headers"]["Content-Type"] == "application/json"
    body = body_of(response)
    assert body["message"] == "success: stack creation started"
    assert body["pipeline_id"].startswith("arn:aws:cloudformation:")


def test_status_summarises_the_stack(environment: dict[str, Any]) -> None:
    pipeline_id = body_of(api("/provisionpipeline", example("byom_batch_builtin")))["pipeline_id"]
    response = api("/pipelinestatus", {"pipeline_id": pipeline_id})
    assert response["statusCode"] == 200
    body = body_of(response)
    assert body["message"] == "pipeline cloudformation stack has not provisioned the pipeline yet."
    assert body["summary"]["stack_status"] == "CREATE_COMPLETE"


def test_bad_request_lists_every_field_and_creates_nothing(environment: dict[str, Any]) -> None:
    response = api("/provisionpipeline", {"pipeline_type": "byom_realtime_builtin", "model_name": "bad_name"})
    assert response["statusCode"] == 400
    body = body_of(response)
    assert body["message"] == "A BadRequest exception occurred"
    fields = [error["field"] for error in body["errors"]]
    assert fields[:2] == ["inference_instance", "model_framework"] and "model_name" in fields
    assert body["detailedMessage"] == "Bad request. API body does not have the necessary parameter: inference_instance"
    assert stack_names(environment) == []
    assert environment["s3"].list_objects_v2(Bucket="testassetsbucket")["KeyCount"] == 0


@pytest.mark.parametrize("raw", ["{not json", "[1, 2]", "", "null", '"text"'])
def test_malformed_bodies_are_400(environment: dict[str, Any], raw: str) -> None:
    response = api("/provisionpipeline", None, raw=raw)
    assert response["statusCode"] == 400
    assert body_of(response)["errors"][0]["field"] == "body"


def test_dry_run_returns_the_plan_and_touches_nothing(environment: dict[str, Any]) -> None:
    body = {**example("byom_data_quality_monitor"), "dry_run": True, "extra_key": 1}
    response = api("/provisionpipeline", body)
    assert response["statusCode"] == 200
    result = body_of(response)
    assert result["plan"]["stack_name"] == "mlops-pipeline-churn-xgboost-byomdataqualitymonitor-codepipeline"
    assert result["warnings"] == [
        {
            "field": "extra_key",
            "message": "is not used by pipeline type byom_data_quality_monitor in this orchestrator; ignored",
        }
    ]
    assert stack_names(environment) == []


def test_status_without_pipeline_id_is_400_and_unknown_pipeline_is_404(environment: dict[str, Any]) -> None:
    assert api("/pipelinestatus", {})["statusCode"] == 400
    missing = api("/pipelinestatus", {"pipeline_id": "mlops-pipeline-nothing-codepipeline"})
    assert missing["statusCode"] == 404


def test_unknown_path_keeps_the_original_message(environment: dict[str, Any]) -> None:
    response = api("/deleteeverything", {})
    assert response["statusCode"] == 400
    assert body_of(response)["detailedMessage"].startswith("Unacceptable event path. Path must be /provisionpipeline")


def test_server_errors_hide_details_unless_the_operator_allows_them(
    environment: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("internal arn:aws:iam::123456789012:role/secret")

    monkeypatch.setattr("mlops_orchestrator.core.service.Provisioner.provision", explode)
    hidden = body_of(api("/provisionpipeline", example("byom_realtime_builtin")))
    assert hidden == {"message": "An Unexpected Server side exception occurred"}
    monkeypatch.setenv("ALLOW_DETAILED_ERROR_MESSAGE", "Yes")
    shown = body_of(api("/provisionpipeline", example("byom_realtime_builtin")))
    assert "role/secret" in shown["detailedMessage"]


def test_config_file_events_handle_every_record_and_decode_keys(environment: dict[str, Any]) -> None:
    s3 = environment["s3"]
    s3.put_object(Bucket="config-bucket", Key="mlops-config.json", Body=json.dumps(example("byom_batch_custom")))
    s3.put_object(Bucket="config-bucket", Key="mlops-config.json.bak", Body=b"{}")
    result = handler.lambda_handler(s3_event("mlops-config.json", "mlops-config.json.bak", "mlops%2Dconfig.json"), None)
    assert len(result["provisioned"]) == 2
    assert stack_names(environment) == ["mlops-pipeline-churn-batch-custom-byompipelinebatchcustom-codepipeline"]


def test_a_bad_config_file_is_answered_not_raised_and_notifies(environment: dict[str, Any]) -> None:
    sqs = environment["sqs"]
    queue = sqs.create_queue(QueueName="watch")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    environment["sns"].subscribe(TopicArn=environment["topic"], Protocol="sqs", Endpoint=arn)
    environment["s3"].put_object(
        Bucket="config-bucket",
        Key="mlops-config.json",
        Body=json.dumps({"pipeline_type": "byom_realtime_builtin"}),
    )
    # Not raised: Lambda would retry a request that fails the same way every time.
    result = handler.lambda_handler(s3_event("mlops-config.json"), None)
    assert "model_name" in result["failed"][0]["message"]
    messages = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=1)["Messages"]
    assert "inference_instance" in json.loads(messages[0]["Body"])["Message"]
    assert stack_names(environment) == []


def test_model_card_operations_are_refused_from_the_config_file(environment: dict[str, Any]) -> None:
    environment["s3"].put_object(
        Bucket="config-bucket",
        Key="mlops-config.json",
        Body=json.dumps({"pipeline_type": "create_model_card"}),
    )
    result = handler.lambda_handler(s3_event("mlops-config.json"), None)
    assert "not available through mlops-config.json" in result["failed"][0]["message"]


def test_an_event_that_is_neither_api_nor_s3_is_400() -> None:
    response = handler.lambda_handler({"something": "else"}, None)
    assert response["statusCode"] == 400
