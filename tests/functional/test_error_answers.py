"""Every route's failure answer names AWS's error code and message, never a bare "A boto3 ClientError occurred".

Each case makes one AWS call of one route fail permanently (AccessDenied, through botocore's own request path)
with detailed errors off, the default: what a caller sees must still say which call failed and why.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError, ReadTimeoutError

from mlops_orchestrator.core import aws
from mlops_orchestrator.core.service import ConfigFileError
from mlops_orchestrator.orchestrator.runtime import handler
from tests.functional.api_events import api, body_of, s3_event
from tests.reliability.faults import ACCESS_DENIED, ALWAYS, Injection
from tests.support import example

BODY = example("byom_batch_builtin")
BARE = "A boto3 ClientError occurred"


def _inject(service: str, operation: str) -> Injection:
    return Injection(service, operation, ACCESS_DENIED, ALWAYS).attach(aws.client(service, "us-east-1"))


def _provisioned() -> str:
    response = api("/provisionpipeline", BODY)
    assert response["statusCode"] == 200, response
    pipeline_id: str = body_of(response)["pipeline_id"]
    return pipeline_id


ROUTES = [
    ("/provisionpipeline", "cloudformation", "CreateStack", lambda: BODY),
    ("/provisionpipeline", "s3", "PutObject", lambda: BODY),
    ("/pipelinestatus", "cloudformation", "ListStackResources", lambda: {"pipeline_id": _provisioned()}),
    ("/deprovisionpipeline", "cloudformation", "DeleteStack", lambda: {"pipeline_id": _provisioned()}),
    ("/deprovisionpipeline", "s3", "ListObjectVersions", lambda: {"pipeline_id": _provisioned()}),
    ("/listpipelines", "cloudformation", "DescribeStacks", lambda: {}),
]


@pytest.mark.parametrize(("path", "service", "operation", "body"), ROUTES, ids=[f"{r[0]}-{r[2]}" for r in ROUTES])
def test_the_answer_names_the_aws_code_and_message(
    environment: dict[str, Any], path: str, service: str, operation: str, body: Any
) -> None:
    sent = body()
    injection = _inject(service, operation)
    try:
        response = api(path, sent)
    finally:
        injection.detach()
    assert injection.injected >= 1, "the fault was not injected"
    answer = body_of(response)
    assert response["statusCode"] == 403, answer
    code = ACCESS_DENIED.code(service)
    assert answer["message"] == f"{operation} failed with {code}: injected access-denied"
    assert answer["error_code"] == code
    assert BARE not in response["body"]


def test_an_aws_error_no_core_call_site_translated_is_still_named(
    environment: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    refused = ClientError({"Error": {"Code": "LimitExceededException", "Message": "Too many stacks"}}, "CreateStack")
    refused.response["ResponseMetadata"] = {"HTTPStatusCode": 400}

    def refuse(*_args: Any, **_kwargs: Any) -> None:
        raise refused

    monkeypatch.setattr("mlops_orchestrator.core.service.Provisioner.provision", refuse)
    response = api("/provisionpipeline", BODY)
    assert response["statusCode"] == 400
    assert body_of(response)["message"] == "CreateStack failed with LimitExceededException: Too many stacks"
    assert body_of(response)["error_code"] == "LimitExceededException"


def test_a_call_aws_never_answered_names_the_operation_and_keeps_its_text_for_detailed_errors(
    environment: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "botocore.retries.standard.ExponentialBackoff.delay_amount", lambda self, context: 0, raising=True
    )

    def no_answer(request: Any, **_: Any) -> None:
        raise ReadTimeoutError(endpoint_url="http://internal.example/secret")

    client = aws.client("cloudformation", "us-east-1")
    client.meta.events.register_first("before-send.cloudformation.DescribeStacks", no_answer, unique_id="timeout")
    try:
        hidden = api("/listpipelines", {})
        monkeypatch.setenv("ALLOW_DETAILED_ERROR_MESSAGE", "Yes")
        shown = api("/listpipelines", {})
    finally:
        client.meta.events.unregister("before-send.cloudformation.DescribeStacks", unique_id="timeout")
    assert hidden["statusCode"] == 504
    assert body_of(hidden) == {
        "message": "DescribeStacks got no usable answer from AWS (ReadTimeoutError)",
        "error_code": "ReadTimeoutError",
    }
    assert "internal.example" in body_of(shown)["detailedMessage"]


def test_an_aws_failure_on_a_config_file_is_raised_for_a_retry_with_its_code(
    environment: dict[str, Any],
) -> None:
    environment["s3"].put_object(Bucket="config-bucket", Key="mlops-config.json", Body=json.dumps(BODY))
    injection = _inject("cloudformation", "CreateStack")
    try:
        with pytest.raises(ConfigFileError) as raised:  # raised, so that S3's invocation is retried
            handler.lambda_handler(s3_event("mlops-config.json"), None)
    finally:
        injection.detach()
    assert "CreateStack failed with AccessDenied: injected access-denied" in str(raised.value)
    assert BARE not in str(raised.value)
