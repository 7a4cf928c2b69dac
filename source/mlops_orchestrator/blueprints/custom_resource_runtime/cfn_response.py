"""The answer of a custom resource: a PUT of the result to CloudFormation's presigned URL."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Mapping
from typing import Any

# CloudFormation refuses a response body above 4 KB; the reason is the only unbounded part.
REASON_LIMIT = 1024


def body(event: Mapping[str, Any], status: str, physical_id: str, reason: str, data: Mapping[str, str]) -> bytes:
    return json.dumps(
        {
            "Status": status,
            "Reason": reason[:REASON_LIMIT],
            "PhysicalResourceId": physical_id,
            "StackId": event["StackId"],
            "RequestId": event["RequestId"],
            "LogicalResourceId": event["LogicalResourceId"],
            "Data": dict(data),
        }
    ).encode("utf-8")


def send(
    event: Mapping[str, Any],
    status: str,
    physical_id: str,
    reason: str = "",
    data: Mapping[str, str] | None = None,
    timeout: float = 10.0,
) -> None:
    # The URL is presigned without a content type: sending one would break the signature.
    request = urllib.request.Request(
        event["ResponseURL"],
        data=body(event, status, physical_id, reason, data or {}),
        method="PUT",
        headers={"Content-Type": ""},
    )
    with urllib.request.urlopen(request, timeout=timeout) as answer:
        answer.read()
