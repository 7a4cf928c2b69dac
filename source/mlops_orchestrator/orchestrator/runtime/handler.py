"""The orchestrator Lambda: API Gateway (POST /provisionpipeline, /pipelinestatus, /deprovisionpipeline,
/listpipelines), S3 config uploads and SageMaker model package state changes (EventBridge)."""

from __future__ import annotations

import json
import os
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from botocore.exceptions import ClientError

from mlops_orchestrator.core import aws
from mlops_orchestrator.core.errors import BadRequestError, FieldProblem, OrchestratorError, RequestValidationError
from mlops_orchestrator.core.registry_releases import PackageStateChange
from mlops_orchestrator.core.service import Orchestrator
from mlops_orchestrator.core.settings import Settings

from . import responses

logger = Logger(service="mlops-orchestrator", level=os.environ.get("LOG_LEVEL", "INFO"))
app = APIGatewayRestResolver()

BAD_PATH = (
    "Unacceptable event path. Path must be /provisionpipeline, /pipelinestatus, /deprovisionpipeline or /listpipelines"
)
BAD_EVENT = (
    "Bad request format. Expected httpMethod or pipeline_type, received none. "
    "Check documentation for API & config formats."
)


def _orchestrator() -> Orchestrator:
    # Settings are read per request so that an operator's change applies without a cold start.
    return Orchestrator(Settings.from_env())


def _json_body() -> Any:
    raw = app.current_event.body
    if raw is None or not raw.strip():
        raise RequestValidationError([FieldProblem("body", "is required: send a JSON object")])
    try:
        return json.loads(raw)
    except RecursionError as error:
        raise RequestValidationError(
            [FieldProblem("body", "is nested too deeply")], "Bad request. The body is nested too deeply."
        ) from error
    except json.JSONDecodeError as error:
        raise RequestValidationError(
            [FieldProblem("body", f"is not valid JSON ({error.msg} at line {error.lineno} column {error.colno})")],
            "Bad request. The body is not valid JSON.",
        ) from error


@app.post("/provisionpipeline")
def provision_pipeline() -> Response[str]:
    return responses.ok(_orchestrator().provision(_json_body()).body)


@app.post("/pipelinestatus")
def pipeline_status() -> Response[str]:
    return responses.ok(_orchestrator().status(_json_body()).body)


@app.post("/deprovisionpipeline")
def deprovision_pipeline() -> Response[str]:
    return responses.ok(_orchestrator().deprovision(_json_body()).body)


@app.post("/listpipelines")
def list_pipelines() -> Response[str]:
    raw = app.current_event.body
    body = _json_body() if raw and raw.strip() else {}
    return responses.ok(_orchestrator().list_pipelines(body).body)


@app.exception_handler(OrchestratorError)
def handle_orchestrator_error(error: OrchestratorError) -> Response[str]:
    if error.status_code >= 500 and not error.public_details:
        logger.exception("request failed")
    else:
        logger.info("request refused", extra={"reason": str(error)})
    return responses.failure(error, Settings.from_env().detailed_errors)


@app.exception_handler(list(aws.TRANSPORT_ERRORS))
def handle_unanswered_aws_call(error: Exception) -> Response[str]:
    return handle_orchestrator_error(aws.transport_error(error))


@app.exception_handler(ClientError)
def handle_unwrapped_aws_error(error: ClientError) -> Response[str]:
    # Every core call site translates its AWS errors; this is the net under one that does not, so that the
    # answer still names AWS's code and message instead of an anonymous 500.
    return handle_orchestrator_error(aws.service_error(error.operation_name, error))


@app.exception_handler(Exception)
def handle_unexpected(error: Exception) -> Response[str]:
    logger.exception("unexpected error")
    return responses.failure(error, Settings.from_env().detailed_errors)


@app.not_found
def handle_unknown_path(_error: Exception) -> Response[str]:
    return responses.failure(BadRequestError(BAD_PATH), False)


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    request_id = getattr(context, "aws_request_id", None)
    if request_id:
        logger.append_keys(request_id=request_id)
    if "httpMethod" in event:
        return _single_value_headers(app.resolve(event, context))
    if event.get("Records"):
        config_bucket = os.environ.get("CONFIG_BUCKET") or None
        result = _orchestrator().config_file_event(event, config_bucket)
        answer: dict[str, Any] = {"provisioned": [outcome.body for outcome in result.provisioned]}
        if result.failed:
            # Not raised (and notified at once): Lambda would retry a request that fails the same way every time.
            # An AWS failure is raised (ConfigFileError): retried, and notified after the last attempt only.
            answer["failed"] = [failure.as_dict() for failure in result.failed]
        return answer
    change = PackageStateChange.of(event)
    if change is not None:
        # EventBridge invokes asynchronously: a ReleaseError raised here is retried by Lambda, then goes to the
        # function's on-failure destination. Only the last attempt publishes it on the notifications topic.
        return _orchestrator().package_state_changed(change, event).body
    return responses.lambda_proxy(400, {"message": "A BadRequest exception occurred", "detailedMessage": BAD_EVENT})


def _single_value_headers(response: dict[str, Any]) -> dict[str, Any]:
    """Answer with `headers`, as the original did; API Gateway accepts either form."""
    multi = response.pop("multiValueHeaders", None) or {}
    headers = dict(response.get("headers") or {})
    headers.update({name: ", ".join(values) for name, values in multi.items()})
    response["headers"] = headers
    return response


handler = lambda_handler  # the original's entry point name
