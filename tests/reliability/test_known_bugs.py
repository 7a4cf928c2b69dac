"""Bugs the fuzzing found in source/ (now fixed), kept as regression tests."""

from __future__ import annotations

from typing import Any

import pytest

from mlops_orchestrator.core.errors import RequestValidationError
from mlops_orchestrator.core.planning import plan_request
from mlops_orchestrator.core.validation import validate_request
from tests.functional.api_events import api
from tests.reliability import snapshot
from tests.reliability.bodies import base_body, deeply_nested
from tests.support import make_settings


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
