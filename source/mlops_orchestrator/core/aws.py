"""boto3 clients with retries for throttling, 5xx and timeouts, created once per process."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Literal, Protocol, cast, overload

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, ConnectTimeoutError, ReadTimeoutError
from botocore.parsers import ResponseParserError

from .errors import AwsServiceError, NotFoundError

if TYPE_CHECKING:
    # Stub packages (tests and type checks only): nothing here is imported when the Lambda runs.
    from botocore.client import BaseClient
    from types_boto3_cloudformation import CloudFormationClient
    from types_boto3_codepipeline import CodePipelineClient
    from types_boto3_s3 import S3Client
    from types_boto3_sagemaker import SageMakerClient
    from types_boto3_sns import SNSClient

ServiceName = Literal["s3", "cloudformation", "codepipeline", "sagemaker", "sns"]
"""The services the orchestrator calls."""

_CONFIG = Config(
    retries={"max_attempts": 6, "mode": "standard"},
    connect_timeout=5,
    read_timeout=30,
    user_agent_extra="mlops-workload-orchestrator",
)


@functools.cache
def _session() -> boto3.session.Session:
    # One session: each new session reloads botocore's service data, which dominates a cold start.
    return boto3.session.Session()


@overload
def client(service: Literal["s3"], region: str) -> S3Client: ...
@overload
def client(service: Literal["cloudformation"], region: str) -> CloudFormationClient: ...
@overload
def client(service: Literal["codepipeline"], region: str) -> CodePipelineClient: ...
@overload
def client(service: Literal["sagemaker"], region: str) -> SageMakerClient: ...
@overload
def client(service: Literal["sns"], region: str) -> SNSClient: ...
def client(service: ServiceName, region: str) -> BaseClient:
    """One client per service and region; AWS_ENDPOINT_URL (local mode) is honoured by botocore."""
    return _client(service, region)


@functools.cache
def _client(service: str, region: str) -> BaseClient:
    created: BaseClient = _session().client(service, region_name=region, config=_CONFIG)
    created.meta.events.register("after-call-error", _name_the_operation)
    return created


class ClientFactory(Protocol):
    """Clients by service name, typed per service (the orchestrator's own, or a test's fakes)."""

    @overload
    def __call__(self, service: Literal["s3"]) -> S3Client: ...
    @overload
    def __call__(self, service: Literal["cloudformation"]) -> CloudFormationClient: ...
    @overload
    def __call__(self, service: Literal["codepipeline"]) -> CodePipelineClient: ...
    @overload
    def __call__(self, service: Literal["sagemaker"]) -> SageMakerClient: ...
    @overload
    def __call__(self, service: Literal["sns"]) -> SNSClient: ...
    def __call__(self, service: ServiceName) -> BaseClient: ...


def clients_of(region: str) -> ClientFactory:
    """The orchestrator's clients in `region`."""
    # `client`'s overloads, with the region bound, are exactly ClientFactory's.
    return cast("ClientFactory", functools.partial(client, region=region))


def reset_clients() -> None:
    _client.cache_clear()
    _session.cache_clear()


def error_code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", "Unknown"))


def error_message(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Message", ""))


def is_stack_missing(error: ClientError) -> bool:
    return error_code(error) == "ValidationError" and "does not exist" in error_message(error)


# Errors of a call that got no usable AWS answer. ResponseParserError is not a BotoCoreError.
TRANSPORT_ERRORS: tuple[type[Exception], ...] = (BotoCoreError, ResponseParserError)
_OPERATION_ATTRIBUTE = "mlops_aws_operation"


def _name_the_operation(event_name: str, exception: BaseException, **_: object) -> None:
    # Transport errors (timeouts, refused connections, unparseable answers) do not say which call
    # failed; botocore names it in the event ("after-call-error.<service>.<Operation>").
    setattr(exception, _OPERATION_ATTRIBUTE, event_name.rsplit(".", 1)[-1])


def transport_error(error: Exception) -> AwsServiceError:
    """A call that got no usable AWS answer on any attempt: 504 for timeouts, 502 otherwise."""
    operation = getattr(error, _OPERATION_ATTRIBUTE, "An AWS call")
    status = 504 if isinstance(error, (ReadTimeoutError, ConnectTimeoutError)) else 502
    return AwsServiceError(operation, type(error).__name__, str(error), status, answered=False)


def service_error(operation: str, error: ClientError) -> AwsServiceError | NotFoundError:
    """Translate a final (already retried) AWS error into the orchestrator's error."""
    if is_stack_missing(error):
        return NotFoundError(error_message(error))
    status = int(error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 502) or 502)
    if status < 400:
        status = 502
    return AwsServiceError(operation, error_code(error), error_message(error), status)
