"""The inference Lambda: the exact invoke_endpoint request, JSON answers, 4xx for what the caller must fix."""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ConnectTimeoutError
from botocore.response import StreamingBody
from botocore.stub import Stubber

from mlops_orchestrator.blueprints.realtime_inference.runtime import handler
from mlops_orchestrator.blueprints.realtime_inference.runtime_package import INFERENCE_LAMBDA
from mlops_orchestrator.blueprints.stacks import blueprint_lambdas
from tests.unit.blueprints.workload_package import zip_imports

ENDPOINT = "churn-endpoint"


@pytest.fixture
def stub(monkeypatch: pytest.MonkeyPatch) -> Iterator[Stubber]:
    monkeypatch.setenv(handler.ENDPOINT_ENV, ENDPOINT)
    client = boto3.client("sagemaker-runtime", region_name="us-east-1")
    monkeypatch.setattr(handler, "runtime_client", lambda: client)
    with Stubber(client) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()


def event(body: Any, *, encoded: bool = False) -> dict[str, Any]:
    text = body if isinstance(body, str) or body is None else json.dumps(body)
    if encoded and text is not None:
        text = base64.b64encode(text.encode()).decode()
    return {"httpMethod": "POST", "path": "/inference", "body": text, "isBase64Encoded": encoded}


def answer(raw: bytes, content_type: str) -> dict[str, Any]:
    return {"Body": StreamingBody(io.BytesIO(raw), len(raw)), "ContentType": content_type}


def call(request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    result = handler.lambda_handler(request, None)
    assert result["headers"] == {"Content-Type": "application/json"}
    assert result["isBase64Encoded"] is False
    return result["statusCode"], json.loads(result["body"])


def test_a_csv_payload_is_sent_as_is(stub: Stubber) -> None:
    stub.add_response(
        "invoke_endpoint",
        answer(b"0.93\n", "text/csv; charset=utf-8"),
        {"EndpointName": ENDPOINT, "ContentType": "text/csv", "Body": b"1,2,3"},
    )
    status, body = call(event({"payload": "1,2,3", "content_type": " text/csv "}))
    assert (status, body) == (200, {"prediction": "0.93\n", "content_type": "text/csv; charset=utf-8"})


def test_a_json_payload_is_sent_as_json_text_and_a_json_answer_is_parsed(stub: Stubber) -> None:
    stub.add_response(
        "invoke_endpoint",
        answer(b'{"score": 0.5}', "application/json"),
        {
            "EndpointName": ENDPOINT,
            "ContentType": "application/json",
            "Accept": "application/json",
            "Body": b'{"features": [1, 2]}',
        },
    )
    request = {"payload": {"features": [1, 2]}, "content_type": "application/json", "accept": "application/json"}
    status, body = call(event(request, encoded=True))
    assert (status, body) == (200, {"prediction": {"score": 0.5}, "content_type": "application/json"})


def test_a_mislabelled_json_answer_is_returned_as_text(stub: Stubber) -> None:
    stub.add_response("invoke_endpoint", answer(b"not json", "application/json"))
    assert call(event({"payload": "x", "content_type": "text/csv"}))[1]["prediction"] == "not json"


def test_a_binary_answer_is_returned_base64_encoded(stub: Stubber) -> None:
    stub.add_response("invoke_endpoint", answer(b"\xff\xfe", "application/x-image"))
    status, body = call(event({"payload": "x", "content_type": "text/csv"}))
    assert (status, body) == (200, {"prediction_base64": "//4=", "content_type": "application/x-image"})


@pytest.mark.parametrize(
    ("request_event", "message"),
    [
        (event(None), "the body is required"),
        (event("   "), "the body is required"),
        (event("{not json"), "not valid JSON"),
        ({"body": "%%%", "isBase64Encoded": True}, "not valid base64"),
        (event([1, 2]), "must be a JSON object"),
        (event({"content_type": "text/csv"}), "payload is required"),
        (event({"payload": "", "content_type": "text/csv"}), "payload is required"),
        (event({"payload": "1,2"}), "content_type is required"),
        (event({"payload": "1,2", "content_type": 5}), "content_type is required"),
        (event({"payload": "1,2", "content_type": "text/csv", "accept": ""}), "accept must be a MIME type"),
    ],
)
def test_bad_input_is_a_400_and_never_reaches_the_endpoint(
    stub: Stubber, request_event: dict[str, Any], message: str
) -> None:
    status, body = call(request_event)
    assert status == 400
    assert message in body["message"]


@pytest.mark.parametrize(
    ("code", "http", "status"),
    [
        ("ValidationError", 400, 400),
        ("ModelError", 424, 424),
        ("ModelNotReadyException", 429, 503),
        ("ThrottlingException", 400, 503),
        ("ServiceUnavailable", 503, 503),
    ],
)
def test_sagemaker_refusals_keep_their_meaning(stub: Stubber, code: str, http: int, status: int) -> None:
    stub.add_client_error("invoke_endpoint", code, f"{code} from SageMaker", http)
    result_status, body = call(event({"payload": "1", "content_type": "text/csv"}))
    assert (result_status, body) == (status, {"message": f"{code} from SageMaker", "error_code": code})


def test_an_unexpected_error_is_a_502_without_details(stub: Stubber) -> None:
    stub.add_client_error("invoke_endpoint", "AccessDeniedException", "arn:aws:iam::123456789012:role/x", 403)
    assert call(event({"payload": "1", "content_type": "text/csv"})) == (
        502,
        {"message": "The endpoint could not be invoked."},
    )


def test_no_answer_in_time_is_a_504(monkeypatch: pytest.MonkeyPatch) -> None:
    class Silent:
        def invoke_endpoint(self, **_kwargs: Any) -> Any:
            raise ConnectTimeoutError(endpoint_url="https://runtime.sagemaker.us-east-1.amazonaws.com")

    monkeypatch.setenv(handler.ENDPOINT_ENV, ENDPOINT)
    monkeypatch.setattr(handler, "runtime_client", Silent)
    assert call(event({"payload": "1", "content_type": "text/csv"}))[0] == 504


def test_the_registry_publishes_the_inference_lambda() -> None:
    assert INFERENCE_LAMBDA in blueprint_lambdas()
    assert INFERENCE_LAMBDA.key == "blueprints/lambdas/inference.zip"


def test_the_handler_imports_from_its_zip_with_boto3_only() -> None:
    assert zip_imports(INFERENCE_LAMBDA, INFERENCE_LAMBDA.handler) >= {"boto3"}
