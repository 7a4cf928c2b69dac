"""The answer of a custom resource: a PUT of the result to CloudFormation's presigned URL."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Mapping
from typing import Any

# CloudFormation shows the reason in its events; it refuses responses above 4 KB.
_REASON_LIMIT = 1024


def send(
    event: Mapping[str, Any],
    status: str,
    physical_id: str,
    reason: str = "",
    data: Mapping[str, str] | None = None,
    timeout: float = 10.0,
) -> None:
    body = json.dumps(
        {
            "Status": status,
            "Reason": reason[:_REASON_LIMIT],
            "PhysicalResourceId": physical_id,
            "StackId": event["StackId"],
            "RequestId": event["RequestId"],
            "LogicalResourceId": event["LogicalResourceId"],
            "Data": dict(data or {}),
        }
    ).encode("utf-8")
    # The URL is presigned without a content type: sending one would break the signature.
    request = urllib.request.Request(event["ResponseURL"], data=body, method="PUT", headers={"Content-Type": ""})
    with urllib.request.urlopen(request, timeout=timeout) as answer:
        answer.read()
