"""API Gateway and S3 events for the handler, and small readers of its responses."""

from __future__ import annotations

import json
from typing import Any

from mlops_orchestrator.orchestrator.runtime import handler


def api(path: str, body: Any, method: str = "POST", raw: str | None = None) -> dict[str, Any]:
    event = {
        "resource": path,
        "path": path,
        "httpMethod": method,
        "headers": {"Content-Type": "application/json"},
        "requestContext": {"resourcePath": path, "httpMethod": method, "stage": "prod", "requestId": "test"},
        "body": raw if raw is not None else json.dumps(body),
        "isBase64Encoded": False,
    }
    response: dict[str, Any] = handler.lambda_handler(event, None)
    return response


def body_of(response: dict[str, Any]) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(response["body"])
    return parsed


def s3_event(*keys: str, bucket: str = "config-bucket") -> dict[str, Any]:
    return {
        "Records": [
            {
                "eventSource": "aws:s3",
                "eventName": "ObjectCreated:Put",
                "s3": {"bucket": {"name": bucket}, "object": {"key": key}},
            }
            for key in keys
        ]
    }


def stack_names(clients: dict[str, Any]) -> list[str]:
    return [s["StackName"] for s in clients["cloudformation"].describe_stacks()["Stacks"]]
