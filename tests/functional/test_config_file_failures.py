"""An mlops-config.json upload that AWS fails is retried by Lambda and notified once, after the last attempt;
an invalid one is notified at once (it is not retried)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from mlops_orchestrator.core import aws
from mlops_orchestrator.core.event_attempts import EventAttempts
from mlops_orchestrator.core.service import CONFIG_FILE_FAILED, ConfigFileError
from mlops_orchestrator.orchestrator.runtime import handler
from tests.functional.api_events import s3_event, stack_names
from tests.reliability.faults import ACCESS_DENIED, Injection
from tests.support import example, published_since, watch_topic

BODY = example("byom_batch_builtin")


def upload(clients: dict[str, Any], body: Any) -> dict[str, Any]:
    """Upload mlops-config.json; the event S3 sends, for the test to deliver (and Lambda to retry)."""
    clients["s3"].put_object(Bucket="config-bucket", Key="mlops-config.json", Body=json.dumps(body))
    return s3_event("mlops-config.json")


def refuse_create_stack(times: int) -> Injection:
    return Injection("cloudformation", "CreateStack", ACCESS_DENIED, times).attach(
        aws.client("cloudformation", "us-east-1")
    )


def attempt_records(clients: dict[str, Any]) -> list[Any]:
    listed = clients["s3"].list_object_versions(Bucket="testassetsbucket", Prefix=EventAttempts.KEY_PREFIX)
    return [*listed.get("Versions", []), *listed.get("DeleteMarkers", [])]


def test_three_failed_attempts_send_one_notification(environment: dict[str, Any]) -> None:
    queue = watch_topic(environment)
    event = upload(environment, BODY)
    injection = refuse_create_stack(times=3)
    try:
        for _attempt in (1, 2):
            with pytest.raises(ConfigFileError, match="CreateStack failed with AccessDenied"):
                handler.lambda_handler(event, None)
            assert published_since(environment, queue) == []
        with pytest.raises(ConfigFileError):
            handler.lambda_handler(event, None)
    finally:
        injection.detach()
    [(subject, message)] = published_since(environment, queue)
    assert subject == CONFIG_FILE_FAILED
    assert message.startswith("s3://config-bucket/mlops-config.json: CreateStack failed with AccessDenied")
    assert "Attempt 3 of 3 failed" in message and "failed-events queue" in message
    assert attempt_records(environment) == []
    # Every attempt kept it as the last config-file failure, which /listpipelines shows.
    listed = json.loads(handler.lambda_handler({"httpMethod": "POST", "path": "/listpipelines"}, None)["body"])
    assert "CreateStack failed with AccessDenied" in listed["last_config_file_failure"]["message"]


def test_a_success_on_the_second_attempt_sends_no_failure_notification(environment: dict[str, Any]) -> None:
    queue = watch_topic(environment)
    event = upload(environment, BODY)
    injection = refuse_create_stack(times=1)
    try:
        with pytest.raises(ConfigFileError):
            handler.lambda_handler(event, None)
        result = handler.lambda_handler(event, None)
    finally:
        injection.detach()
    assert len(result["provisioned"]) == 1 and "failed" not in result
    assert len(stack_names(environment)) == 1
    assert published_since(environment, queue) == []
    assert attempt_records(environment) == []


def test_an_invalid_request_is_notified_at_once_and_not_retried(environment: dict[str, Any]) -> None:
    queue = watch_topic(environment)
    result = handler.lambda_handler(upload(environment, {"pipeline_type": "byom_batch_builtin"}), None)
    assert [failure["config_file"] for failure in result["failed"]] == ["s3://config-bucket/mlops-config.json"]
    [(subject, message)] = published_since(environment, queue)
    assert subject == CONFIG_FILE_FAILED and "model_name:" in message and "Attempt" not in message
    assert attempt_records(environment) == []
