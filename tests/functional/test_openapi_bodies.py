"""The generated OpenAPI document tells the truth: the handler's answers on moto satisfy its response schemas."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from mlops_orchestrator.core.schema import openapi_document
from tests.functional.api_events import api, body_of
from tests.support import example

DOCUMENT = openapi_document()
REGISTRY = Registry().with_resource("urn:openapi", Resource(DOCUMENT, specification=DRAFT202012))


def check(path: str, body: Any, status: int) -> dict[str, Any]:
    """Call the route; the answer has `status` and the body the document declares for it."""
    response = api(path, body)
    assert response["statusCode"] == status, response
    answer = body_of(response)
    declared = DOCUMENT["paths"][path]["post"]["responses"][str(status)]["content"]["application/json"]["schema"]
    reference = {"$ref": "urn:openapi#/components/schemas/" + declared["$ref"].rsplit("/", 1)[-1]}
    jsonschema.Draft202012Validator(reference, registry=REGISTRY).validate(answer)
    return answer


def test_every_route_answers_as_documented(environment: dict[str, Any]) -> None:
    check("/provisionpipeline", {**example("byom_batch_builtin"), "dry_run": True, "unused": 1}, 200)
    pipeline_id = check("/provisionpipeline", example("byom_batch_builtin"), 200)["pipeline_id"]
    check("/pipelinestatus", {"pipeline_id": pipeline_id}, 200)
    listed = check("/listpipelines", {"max_results": 1}, 200)
    assert [item["pipeline_id"] for item in listed["pipelines"]] == [pipeline_id]
    check("/deprovisionpipeline", {"pipeline_id": pipeline_id, "dry_run": True}, 200)
    check("/deprovisionpipeline", example("byom_batch_builtin"), 200)
    check("/pipelinestatus", {"pipeline_id": "mlops-pipeline-never-codepipeline"}, 404)


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/provisionpipeline", {"pipeline_type": "byom_batch_builtin"}),
        ("/pipelinestatus", {"pipeline_id": ""}),
        ("/deprovisionpipeline", {"dry_run": 1, "pipeline_id": 2}),
        ("/listpipelines", {"max_results": 0, "next_token": 1}),
    ],
)
def test_bad_requests_answer_the_documented_error(environment: dict[str, Any], path: str, body: Any) -> None:
    assert check(path, body, 400)["errors"]
