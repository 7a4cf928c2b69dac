"""Shared fixtures of the training and Autopilot runtime tests: CloudFormation's answers and a stubbed SageMaker."""

from __future__ import annotations

import json
from typing import Any

import pytest

from mlops_orchestrator.blueprints.batch_transform.runtime import cfn_response

RESPONSE_URL = "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/answer?X-Amz-Signature=abc"
STACK_ID = "arn:aws:cloudformation:us-east-1:123456789012:stack/training/guid"
KMS = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
ROLE = "arn:aws:iam::123456789012:role/execution"


class Answers:
    """What the handler PUT to CloudFormation's presigned URL."""

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    def urlopen(self, request: Any, timeout: float) -> Any:
        assert (request.full_url, request.get_method(), timeout) == (RESPONSE_URL, "PUT", 10.0)
        self.sent.append(json.loads(request.data))

        class Closed:
            def __enter__(self) -> Closed:
                return self

            def __exit__(self, *_args: object) -> None:
                return None

            def read(self) -> bytes:
                return b""

        return Closed()

    @property
    def only(self) -> dict[str, Any]:
        assert len(self.sent) == 1
        return self.sent[0]


def record_answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    recorded = Answers()
    monkeypatch.setattr(cfn_response.urllib.request, "urlopen", recorded.urlopen)
    return recorded


def cfn_event(request_type: str, resource_type: str, properties: dict[str, Any]) -> dict[str, Any]:
    event: dict[str, Any] = {
        "RequestType": request_type,
        "ResponseURL": RESPONSE_URL,
        "StackId": STACK_ID,
        "RequestId": "req-1",
        "ResourceType": resource_type,
        "LogicalResourceId": "Job",
        "ResourceProperties": properties,
    }
    if request_type != "Create":
        event["PhysicalResourceId"] = "previous-job"
    return event
