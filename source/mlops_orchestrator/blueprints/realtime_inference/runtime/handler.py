"""POST /inference: send `{"payload", "content_type"}` to the SageMaker endpoint and return the prediction as JSON.

A string payload is sent as is; any other JSON value is sent as its JSON text. Bad input is a 400 before
the endpoint is called; SageMaker's answers keep their meaning (400 invalid request, 424 model error,
503 not ready or throttled); only unexpected failures are 5xx with a generic message.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import logging
import os
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

ENDPOINT_ENV = "SAGEMAKER_ENDPOINT_NAME"
# API Gateway gives up after 29 s: the client must answer (or fail) before that.
_CONFIG = Config(retries={"max_attempts": 2, "mode": "standard"}, connect_timeout=3, read_timeout=25)
_STATUS_BY_CODE = {
    "ValidationError": 400,
    "ModelError": 424,
    "ModelNotReadyException": 503,
    "ThrottlingException": 503,
    "ServiceUnavailable": 503,
}

logger = logging.getLogger(__name__)
logger.setLevel(os.environ.get("LOG_LEVEL", "INFO"))


class BadRequest(Exception):
    """The request cannot be sent to the endpoint; the message tells the caller what to fix."""


@functools.cache
def runtime_client() -> Any:
    return boto3.client("sagemaker-runtime", config=_CONFIG)


def parse(event: dict[str, Any]) -> dict[str, Any]:
    """The invoke_endpoint arguments of an API Gateway proxy event (without the endpoint name)."""
    body = event.get("body")
    if body is None or not str(body).strip():
        raise BadRequest('the body is required: {"payload": ..., "content_type": "..."}')
    if event.get("isBase64Encoded"):
        try:
            body = base64.b64decode(body, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            raise BadRequest("the body is not valid base64-encoded UTF-8") from None
    try:
        request = json.loads(body)
    except ValueError:
        raise BadRequest("the body is not valid JSON") from None
    if not isinstance(request, dict):
        raise BadRequest("the body must be a JSON object")
    payload = request.get("payload")
    if payload is None or payload == "":
        raise BadRequest("payload is required")
    content_type = request.get("content_type")
    if not isinstance(content_type, str) or not content_type.strip():
        raise BadRequest("content_type is required: the MIME type of the payload, for example text/csv")
    arguments: dict[str, Any] = {
        "ContentType": content_type.strip(),
        "Body": (payload if isinstance(payload, str) else json.dumps(payload)).encode("utf-8"),
    }
    accept = request.get("accept")
    if accept is not None:
        if not isinstance(accept, str) or not accept.strip():
            raise BadRequest("accept must be a MIME type, for example application/json")
        arguments["Accept"] = accept.strip()
    return arguments


def prediction(result: dict[str, Any]) -> dict[str, Any]:
    raw: bytes = result["Body"].read()
    content_type = str(result.get("ContentType", ""))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return {"prediction_base64": base64.b64encode(raw).decode("ascii"), "content_type": content_type}
    if content_type.split(";")[0].strip().lower() == "application/json":
        try:
            return {"prediction": json.loads(text), "content_type": content_type}
        except ValueError:
            pass  # a model that mislabels its output: return the text as it is
    return {"prediction": text, "content_type": content_type}


def response(status: int, body: dict[str, Any]) -> dict[str, Any]:
    return {
        "statusCode": status,
        "headers": {"Content-Type": "application/json"},
        "isBase64Encoded": False,
        "body": json.dumps(body),
    }


def _failure(error: ClientError) -> dict[str, Any]:
    code = str(error.response.get("Error", {}).get("Code", ""))
    status = _STATUS_BY_CODE.get(code)
    if status is None:
        logger.exception("invoke_endpoint failed")
        return response(502, {"message": "The endpoint could not be invoked."})
    logger.info("invoke_endpoint refused: %s", code)
    message = str(error.response.get("Error", {}).get("Message", "")) or code
    return response(status, {"message": message, "error_code": code})


def lambda_handler(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    try:
        arguments = parse(event)
    except BadRequest as error:
        return response(400, {"message": str(error)})
    try:
        result = runtime_client().invoke_endpoint(EndpointName=os.environ[ENDPOINT_ENV], **arguments)
    except ClientError as error:
        return _failure(error)
    except BotoCoreError:
        logger.exception("invoke_endpoint did not answer")
        return response(504, {"message": "The endpoint did not answer in time."})
    return response(200, prediction(result))
