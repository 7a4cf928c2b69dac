"""HTTP responses in the original's shape (statusCode, message, detailedMessage), with JSON bodies."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.event_handler import Response

from mlops_orchestrator.core.errors import OrchestratorError, RequestValidationError

JSON = "application/json"


def ok(body: dict[str, Any]) -> Response[str]:
    return Response(status_code=200, content_type=JSON, body=json.dumps(body))


def error_body(error: BaseException, detailed_errors: bool) -> tuple[int, dict[str, Any]]:
    """Status and body for an error. Server-side details only when the operator allowed them."""
    if isinstance(error, OrchestratorError):
        status = error.status_code
        body: dict[str, Any] = {"message": error.public_message}
        if isinstance(error, RequestValidationError):
            body["detailedMessage"] = error.detailed_message
            body["errors"] = [problem.as_dict() for problem in error.problems]
            if error.warnings:
                body["warnings"] = [problem.as_dict() for problem in error.warnings]
        elif error.public_details or detailed_errors:
            body["detailedMessage"] = str(error)
        code = getattr(error, "code", None)
        if code:
            body["error_code"] = code
        return status, body
    body = {"message": OrchestratorError.public_message}
    if detailed_errors:
        body["detailedMessage"] = str(error)
    return 500, body


def failure(error: BaseException, detailed_errors: bool) -> Response[str]:
    status, body = error_body(error, detailed_errors)
    return Response(status_code=status, content_type=JSON, body=json.dumps(body))


def lambda_proxy(status: int, body: dict[str, Any]) -> dict[str, Any]:
    """A raw API Gateway proxy response, for events that never reach the resolver."""
    return {
        "statusCode": status,
        "isBase64Encoded": False,
        "headers": {"Content-Type": JSON},
        "body": json.dumps(body),
    }
