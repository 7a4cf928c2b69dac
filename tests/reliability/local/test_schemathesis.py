"""schemathesis against the shipped OpenAPI document, on local mode (127.0.0.1 only): no 5xx, JSON answers,
every 400 names its fields."""

from __future__ import annotations

import json
import re
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

CONTROL = re.compile(r"\\u00[01][0-9a-fA-F]|\\u007[fF]|\\[bf]")
AREA = "schemathesis (local mode)"
SCHEMA = schemathesis.openapi.from_dict(openapi_document())
PATHS = ["/provisionpipeline", "/pipelinestatus", "/deprovisionpipeline", "/listpipelines"]


def control_characters(value: Any) -> bool:
    """Whether a body has an ASCII control character anywhere (the known bug in test_known_bugs_local.py)."""
    return CONTROL.search(json.dumps(value)) is not None


@pytest.mark.parametrize("path", PATHS)
def test_generated_requests_get_no_server_error(local: LocalMode, path: str) -> None:
    operation = SCHEMA[path]["POST"]

    @settings(
        max_examples=budget(25, 500),
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy().filter(lambda case: not control_characters(case.body)))
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
