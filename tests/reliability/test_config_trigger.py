"""mlops-config.json events against moto: an invalid file is answered once (not raised, so not retried) and
notified, every record is handled, re-uploads converge."""

from __future__ import annotations

import json
from typing import Any

import pytest

from mlops_orchestrator.core.config_failures import LAST_FAILURE_KEY
from mlops_orchestrator.orchestrator.runtime import handler
from tests.functional.api_events import s3_event
from tests.reliability import snapshot
from tests.reliability.invariants import nothing_half_done
from tests.reliability.tally import TALLY
from tests.support import example

AREA = "config-file trigger"


def watch_topic(clients: dict[str, Any]) -> str:
    sqs = clients["sqs"]
    queue: str = sqs.create_queue(QueueName="reliability-watch")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    clients["sns"].subscribe(TopicArn=clients["topic"], Protocol="sqs", Endpoint=arn)
    return queue


def notifications(clients: dict[str, Any], queue: str) -> list[str]:
    messages = clients["sqs"].receive_message(QueueUrl=queue, MaxNumberOfMessages=10).get("Messages", [])
    return [json.loads(message["Body"])["Message"] for message in messages]


def upload(clients: dict[str, Any], body: Any, bucket: str = "config-bucket") -> None:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    clients["s3"].put_object(Bucket=bucket, Key="mlops-config.json", Body=raw)


BROKEN = {
    "missing keys": ({"pipeline_type": "byom_batch_builtin"}, ["model_name", "inference_instance"]),
    "wrong types": ({**example("byom_batch_builtin"), "inference_instance": 7, "model_name": []}, ["model_name"]),
    "not json": (b"{not json", ["body"]),
    "not an object": (b"[1, 2]", ["body"]),
    "unknown type": ({"pipeline_type": "nope"}, ["pipeline_type"]),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_malformed_config_file_is_answered_once_and_notifies_the_validation_errors(
    environment: dict[str, Any], name: str
) -> None:
    body, fields = BROKEN[name]
    queue = watch_topic(environment)
    upload(environment, body)
    result = handler.lambda_handler(s3_event("mlops-config.json"), None)
    TALLY.case(AREA, 400)
    message = "\n".join(notifications(environment, queue))
    (failed,) = result["failed"]
    for field in fields:
        assert f"{field}:" in message and f"{field}:" in failed["message"], (field, message)
    assert snapshot.stacks(environment) == {}
    # Nothing but the record /listpipelines shows as the last config-file failure.
    assert {key for key, _version in snapshot.objects(environment)} == {LAST_FAILURE_KEY}


def test_every_record_of_one_event_is_handled_even_after_a_failure(environment: dict[str, Any]) -> None:
    """Two buckets' records in one event: the first file is broken, the second still provisions."""
    environment["s3"].create_bucket(Bucket="other-config-bucket")
    queue = watch_topic(environment)
    upload(environment, {"pipeline_type": "byom_batch_builtin"})
    upload(environment, example("byom_batch_builtin"), bucket="other-config-bucket")
    event = s3_event("mlops-config.json")
    event["Records"] += s3_event("mlops-config.json", bucket="other-config-bucket")["Records"]
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("CONFIG_BUCKET")  # accept records of any bucket, as an operator without a fixed bucket
        result = handler.lambda_handler(event, None)
    TALLY.case(AREA, 400)
    assert [failed["config_file"] for failed in result["failed"]] == ["s3://config-bucket/mlops-config.json"]
    assert len(result["provisioned"]) == 1
    assert len(snapshot.stacks(environment)) == 1, "the valid record was not handled"
    assert len(notifications(environment, queue)) == 1
    nothing_half_done(environment)


def test_several_valid_records_are_all_provisioned(environment: dict[str, Any]) -> None:
    upload(environment, example("byom_batch_builtin"))
    event = s3_event("mlops-config.json", "mlops-config.json", "mlops-config.json")
    result = handler.lambda_handler(event, None)
    TALLY.case(AREA, 200)
    assert len(result["provisioned"]) == 3
    assert len(snapshot.stacks(environment)) == 1


def test_the_same_file_uploaded_twice_converges(environment: dict[str, Any]) -> None:
    upload(environment, example("byom_batch_builtin"))
    first = handler.lambda_handler(s3_event("mlops-config.json"), None)["provisioned"][0]
    upload(environment, example("byom_batch_builtin"))
    second = handler.lambda_handler(s3_event("mlops-config.json"), None)["provisioned"][0]
    TALLY.case(AREA, 200)
    TALLY.case(AREA, 200)
    assert second["pipeline_id"] == first["pipeline_id"]
    assert "No updates are to be performed" in second["message"]
    assert len(snapshot.stacks(environment)) == 1
    zips = [key for key, _ in snapshot.objects(environment) if key.endswith("/template.zip")]
    assert len(zips) == 1, "the same file uploaded twice made a second template.zip"
    nothing_half_done(environment)
