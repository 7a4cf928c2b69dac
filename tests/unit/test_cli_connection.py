"""Finding the API (--api-url, --stack, $MLOPS_API_URL) and turning its error answers into one clear line."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from mlops_orchestrator.cli.api_errors import api_error
from mlops_orchestrator.cli.api_url import pick_api_url, resolve_api_url
from mlops_orchestrator.cli.exit_codes import EXIT_INVALID, EXIT_SERVER, EXIT_USAGE, CliError

EXECUTE_API = "https://abc123defg.execute-api.eu-west-1.amazonaws.com/prod/"


class FakeCloudFormation:
    def __init__(self, outputs: list[dict[str, str]] | None = None, error: str | None = None) -> None:
        self.outputs = outputs or []
        self.error = error
        self.asked: list[str] = []

    def describe_stacks(self, StackName: str) -> dict[str, Any]:
        self.asked.append(StackName)
        if self.error:
            raise ClientError({"Error": {"Code": "ValidationError", "Message": self.error}}, "DescribeStacks")
        return {"Stacks": [{"StackName": StackName, "Outputs": self.outputs}]}


def _factory(fake: FakeCloudFormation) -> Any:
    return lambda region, profile: fake


def test_the_api_url_option_wins_and_loses_its_trailing_slash() -> None:
    environ = {"MLOPS_API_URL": "http://127.0.0.1:1"}
    assert resolve_api_url(EXECUTE_API, None, environ=environ) == EXECUTE_API.rstrip("/")


def test_the_environment_variable_is_the_fallback() -> None:
    assert resolve_api_url(None, None, environ={"MLOPS_API_URL": "http://127.0.0.1:9/"}) == "http://127.0.0.1:9"


def test_without_any_url_the_error_says_how_to_give_one() -> None:
    with pytest.raises(CliError) as missing:
        resolve_api_url(None, None, environ={})
    assert missing.value.exit_code == EXIT_USAGE
    assert "--api-url" in str(missing.value) and "MLOPS_API_URL" in str(missing.value)


def test_a_url_that_is_not_http_is_a_usage_error() -> None:
    with pytest.raises(CliError) as bad:
        resolve_api_url("abc123.execute-api.eu-west-1.amazonaws.com", None, environ={})
    assert bad.value.exit_code == EXIT_USAGE


def test_the_stack_output_named_for_the_api_is_read() -> None:
    fake = FakeCloudFormation(
        [
            {"OutputKey": "AssetsBucket", "OutputValue": "https://s3.console.aws.amazon.com/s3/buckets/assets"},
            {"OutputKey": "OrchestratorApiUrl", "OutputValue": EXECUTE_API},
        ]
    )
    url = resolve_api_url(
        None, "mlops-orchestrator", environ={"MLOPS_API_URL": "http://x"}, cloudformation=_factory(fake)
    )
    assert url == EXECUTE_API.rstrip("/")
    assert fake.asked == ["mlops-orchestrator"]


def test_pick_api_url_prefers_the_name_then_an_execute_api_value() -> None:
    named = {"OutputKey": "PipelineApiEndpoint1234", "OutputValue": "https://api.example.com/prod"}
    bare = {"OutputKey": "Something", "OutputValue": EXECUTE_API}
    console = {"OutputKey": "BlueprintsBucket", "OutputValue": "https://s3.console.aws.amazon.com/s3/buckets/b"}
    assert pick_api_url([console, bare]) == EXECUTE_API
    assert pick_api_url([bare, {"OutputKey": "OrchestratorApiUrl", "OutputValue": "https://x.example/p"}]) == (
        "https://x.example/p"
    )
    assert pick_api_url([console, named]) == "https://api.example.com/prod"
    assert pick_api_url([console, {"OutputKey": "ApiUrl", "OutputValue": "not a url"}]) is None


def test_a_missing_stack_or_output_is_invalid_input() -> None:
    gone = FakeCloudFormation(error="Stack with id nope does not exist")
    with pytest.raises(CliError) as missing:
        resolve_api_url(None, "nope", environ={}, cloudformation=_factory(gone))
    assert missing.value.exit_code == EXIT_INVALID
    assert "does not exist" in str(missing.value)

    bare = FakeCloudFormation([{"OutputKey": "ECRRepoName", "OutputValue": "repo"}])
    with pytest.raises(CliError) as no_output:
        resolve_api_url(None, "orchestrator", environ={}, cloudformation=_factory(bare))
    assert "ECRRepoName" in str(no_output.value) and "--api-url" in str(no_output.value)


def test_other_cloudformation_failures_are_aws_errors() -> None:
    denied = FakeCloudFormation(error="User is not authorized to perform: cloudformation:DescribeStacks")
    with pytest.raises(CliError) as failed:
        resolve_api_url(None, "orchestrator", environ={}, cloudformation=_factory(denied))
    assert failed.value.exit_code == EXIT_SERVER


def test_a_400_names_every_field() -> None:
    body = {
        "message": "A BadRequest exception occurred",
        "detailedMessage": "Bad request. API body does not have the necessary parameter: inference_instance",
        "errors": [
            {"field": "inference_instance", "message": "is required"},
            {"field": "model_name", "message": "must contain only letters"},
        ],
    }
    error = api_error(400, json.dumps(body).encode(), "https://x/prod/provisionpipeline")
    assert error.exit_code == EXIT_INVALID
    assert str(error) == (
        "HTTP 400 from https://x/prod/provisionpipeline: A BadRequest exception occurred: "
        "Bad request. API body does not have the necessary parameter: inference_instance"
    )
    assert error.details == ["inference_instance: is required", "model_name: must contain only letters"]


@pytest.mark.parametrize(
    ("status", "body", "hint", "exit_code"),
    [
        (403, {"message": "Missing Authentication Token"}, "ends with the stage", EXIT_INVALID),
        (403, {"message": "The request signature we calculated does not match ..."}, "--region", EXIT_INVALID),
        (403, {"Message": "User: arn:aws:iam::1:user/u is not authorized to perform: execute-api:Invoke"}, "execute-api:Invoke", EXIT_INVALID),
        (404, {"message": "A NotFound exception occurred"}, "mlops-orchestrator list", EXIT_INVALID),
        (409, {"message": "A Conflict exception occurred"}, "--watch", EXIT_INVALID),
        (429, {"message": "Too Many Requests"}, "throttling", EXIT_SERVER),
        (502, {"message": "Internal server error"}, "CloudWatch logs", EXIT_SERVER),
    ],
)  # fmt: skip
def test_the_usual_errors_come_with_a_hint(status: int, body: dict[str, str], hint: str, exit_code: int) -> None:
    error = api_error(status, json.dumps(body).encode(), "https://x/prod/p")
    assert error.exit_code == exit_code
    assert error.status == status
    assert hint in error.details[-1]
    assert error.details[-1].startswith("hint: ")


def test_a_body_that_is_not_json_still_gives_one_line() -> None:
    error = api_error(504, b"<html>Gateway Timeout</html>", "https://x/prod/p")
    assert str(error) == "HTTP 504 from https://x/prod/p: <html>Gateway Timeout</html>"
    assert error.exit_code == EXIT_SERVER
