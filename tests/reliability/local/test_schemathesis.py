"""schemathesis against the shipped OpenAPI document, on local mode (127.0.0.1 only): no 5xx, JSON answers,
every 400 names its fields."""

from __future__ import annotations

import json
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from mlops_orchestrator.core.schema import openapi_document
from mlops_orchestrator.local.runner import LocalMode
from tests.reliability.checks import problems_are_named
from tests.reliability.modes import budget
from tests.reliability.tally import TALLY

AREA = "schemathesis (local mode)"
SCHEMA = schemathesis.openapi.from_dict(openapi_document())
PATHS = ["/provisionpipeline", "/pipelinestatus", "/deprovisionpipeline", "/listpipelines"]


@pytest.mark.parametrize("path", PATHS)
def test_generated_requests_get_no_server_error(local: LocalMode, path: str) -> None:
    operation = SCHEMA[path]["POST"]

    @settings(
        max_examples=budget(25, 500),
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    # Control characters and forged next_tokens included: the bugs they hit (test_known_bugs_local.py) are fixed.
    @given(case=operation.as_strategy())
    def run(case: Any) -> None:
        response = case.call(base_url=local.info.api_url, timeout=60)
        TALLY.case(AREA, response.status_code)
        if response.status_code >= 500:
            TALLY.failure(AREA)
        case.validate_response(response, checks=[not_a_server_error])
        body = json.loads(response.content)
        if response.status_code == 400:
            problems_are_named(body.get("errors", []))

    run()


def test_schema_has_every_operation() -> None:
    document = openapi_document()
    assert {path: sorted(methods) for path, methods in document["paths"].items()} == {path: ["post"] for path in PATHS}
