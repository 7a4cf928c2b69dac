"""Stand-ins for a custom resource Lambda's surroundings: CloudFormation's event and response URL, and SageMaker."""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Iterator, Mapping
from types import ModuleType
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from mlops_orchestrator.blueprints.custom_resource_runtime import cfn_response

RESPONSE_URL = "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/answer?X-Amz-Signature=abc"
STACK_ID = "arn:aws:cloudformation:us-east-1:123456789012:stack/training/guid"
KMS = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
ROLE = "arn:aws:iam::123456789012:role/execution"


class Answers:
    """What the handler PUT to CloudFormation's presigned URL."""

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    def urlopen(self, request: Any, timeout: float) -> Any:
        assert (request.full_url, request.get_method(), timeout) == (RESPONSE_URL, "PUT", 10)
        # The URL is presigned without a content type; sending one would be refused.
        assert request.get_header("Content-type") == ""
        self.sent.append(json.loads(request.data))
        return io.BytesIO(b"")

    @property
    def only(self) -> dict[str, Any]:
        assert len(self.sent) == 1
        return self.sent[0]


def record_answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    recorded = Answers()
    monkeypatch.setattr(cfn_response.urllib.request, "urlopen", recorded.urlopen)
    return recorded


def cfn_event(
    request_type: str,
    resource_type: str,
    properties: Mapping[str, Any],
    *,
    logical_id: str = "Job",
    stack_id: str = STACK_ID,
) -> dict[str, Any]:
    """The event CloudFormation sends; any request but Create names the resource's current physical id."""
    event: dict[str, Any] = {
        "RequestType": request_type,
        "ResponseURL": RESPONSE_URL,
        "StackId": stack_id,
        "RequestId": "req-1",
        "ResourceType": resource_type,
        "LogicalResourceId": logical_id,
        "ResourceProperties": dict(properties),
    }
    if request_type != "Create":
        event["PhysicalResourceId"] = "previous-job"
    return event


def success(job: str, data: Mapping[str, str], *, logical_id: str = "Job", stack_id: str = STACK_ID) -> dict[str, Any]:
    """The answer to a Create or Update that started `job`: its name is the resource's physical id."""
    return {
        "Status": "SUCCESS",
        "Reason": "",
        "PhysicalResourceId": job,
        "StackId": stack_id,
        "RequestId": "req-1",
        "LogicalResourceId": logical_id,
        "Data": dict(data),
    }


@contextlib.contextmanager
def stubbed_sagemaker(monkeypatch: pytest.MonkeyPatch, handler: ModuleType) -> Iterator[Stubber]:
    """A stubbed client in place of the handler's `sagemaker_client()`; every queued response must be used."""
    client = boto3.client("sagemaker", region_name="us-east-1")
    monkeypatch.setattr(handler, "sagemaker_client", lambda: client)
    with Stubber(client) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()
