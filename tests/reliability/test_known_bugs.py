"""Bugs the suite found in source/: fixed ones kept as regression tests, open ones as strict xfails."""

from __future__ import annotations

from typing import Any

import pytest

from mlops_orchestrator.core import aws
from mlops_orchestrator.core.errors import RequestValidationError
from mlops_orchestrator.core.planning import plan_request
from mlops_orchestrator.core.validation import validate_request
from tests.functional.api_events import api, body_of
from tests.reliability import snapshot
from tests.reliability.bodies import base_body, deeply_nested
from tests.reliability.faults import ALWAYS, TIMEOUT, Injection
from tests.support import example, make_settings


def test_deeply_nested_hyperparameters_are_refused_as_a_bad_request() -> None:
    settings = make_settings()
    body = base_body("model_training_builtin", "single")
    body["algo_hyperparamaters"] = deeply_nested(301)
    with pytest.raises(RequestValidationError) as raised:
        plan_request(validate_request(body, settings), settings)
    assert "algo_hyperparamaters" in {problem.field for problem in raised.value.problems}


@pytest.mark.parametrize("raw", ["[" * 100_000 + "]" * 100_000, '{"a":' * 5_000 + "1" + "}" * 5_000])
def test_a_body_nested_beyond_the_recursion_limit_is_a_bad_request(environment: dict[str, Any], raw: str) -> None:
    before = snapshot.state(environment)
    response = api("/provisionpipeline", None, raw=raw)
    assert response["statusCode"] == 400, response["body"]
    assert snapshot.state(environment) == before


@pytest.mark.usefixtures("no_backoff")
@pytest.mark.parametrize(
    ("path", "step"),
    [
        ("/provisionpipeline", ("cloudformation", "DescribeStacks")),
        ("/provisionpipeline", ("s3", "PutObject")),
        ("/listpipelines", ("cloudformation", "DescribeStacks")),
    ],
    ids=["provision-DescribeStacks", "provision-PutObject", "list-DescribeStacks"],
)
def test_an_aws_call_that_times_out_on_every_attempt_is_a_clear_error(
    environment: dict[str, Any], path: str, step: tuple[str, str]
) -> None:
    before = snapshot.state(environment)
    injection = Injection(*step, TIMEOUT, ALWAYS).attach(aws.client(step[0], "us-east-1"))
    response = api(path, example("byom_batch_builtin") if path == "/provisionpipeline" else {})
    assert injection.injected >= 6, "the timeout was not injected on every attempt"
    assert snapshot.state(environment) == before
    body = body_of(response)
    assert response["statusCode"] == 504, body
    assert body.get("error_code") == "ReadTimeoutError", body
