"""/pipelinestatus, /deprovisionpipeline and /listpipelines: each bad body is a 400 with the original's texts,
naming every offending field, before any AWS call."""

from __future__ import annotations

from typing import Any

import pytest

from mlops_orchestrator.core.errors import RequestValidationError
from mlops_orchestrator.core.requests import DeprovisionRequest, ListRequest, StatusRequest, parse
from mlops_orchestrator.core.service import Orchestrator
from tests.support import example, make_settings

MISSING_ID = "Bad request. API body does not have the necessary parameter: pipeline_id"
STATUS_ID = "is required: the pipeline_id returned by /provisionpipeline"
UNKNOWN_ID = "must be a pipeline stack name or stack id, as /provisionpipeline returned"
PAGE = "must be a whole number from 1 to 100"
TOKEN = "must be the next_token of a previous response"
STACK_ID = "arn:aws:cloudformation:us-east-1:123456789012:stack/mlops-pipeline-a-codepipeline/0123-abcd"


def no_aws(service: str) -> Any:
    raise AssertionError(f"a bad request reached {service}")


def refused(operation: str, body: Any) -> tuple[str, list[tuple[str, str]]]:
    orchestrator = Orchestrator(make_settings(), no_aws)
    with pytest.raises(RequestValidationError) as raised:
        getattr(orchestrator, operation)(body)
    return raised.value.detailed_message, [(problem.field, problem.message) for problem in raised.value.problems]


@pytest.mark.parametrize("body", [{}, None, [], "mlops-pipeline-a", {"pipeline_id": None}, {"pipeline_id": 7}])
def test_status_without_a_pipeline_id(body: Any) -> None:
    assert refused("status", body) == (MISSING_ID, [("pipeline_id", STATUS_ID)])


@pytest.mark.parametrize("pipeline_id", ["", "   ", "\t"])
def test_status_with_a_blank_pipeline_id(pipeline_id: str) -> None:
    assert refused("status", {"pipeline_id": pipeline_id}) == (MISSING_ID, [("pipeline_id", STATUS_ID)])


@pytest.mark.parametrize("pipeline_id", ["0abc", "a b", "mlops_pipeline", "x" * 129, "arn:aws:s3:::bucket"])
def test_status_with_something_that_is_no_pipeline_id(pipeline_id: str) -> None:
    assert refused("status", {"pipeline_id": pipeline_id}) == (
        f"Bad request. pipeline_id: {UNKNOWN_ID}",
        [("pipeline_id", UNKNOWN_ID)],
    )


@pytest.mark.parametrize("pipeline_id", ["mlops-pipeline-a-codepipeline", f"  {STACK_ID} "])
def test_a_pipeline_id_is_a_stack_name_or_id_without_padding(pipeline_id: str) -> None:
    assert parse(StatusRequest, {"pipeline_id": pipeline_id, "other": 1}).pipeline_id == pipeline_id.strip()
    assert parse(DeprovisionRequest, {"pipeline_id": pipeline_id}).pipeline_id == pipeline_id.strip()


@pytest.mark.parametrize("body", [None, [], "x", 3, [{"pipeline_id": "mlops-pipeline-a"}]])
def test_deprovision_and_list_take_only_objects(body: Any) -> None:
    expected = ("Bad request. body: must be a JSON object", [("body", "must be a JSON object")])
    assert refused("deprovision", body) == expected
    if body is not None:  # no body at all lists the first page
        assert refused("list_pipelines", body) == expected


@pytest.mark.parametrize(
    ("body", "detailed", "problems"),
    [
        ({}, MISSING_ID, [("pipeline_id", "is required (or send the body that provisioned the pipeline)")]),
        (
            {"pipeline_id": None},
            MISSING_ID,
            [("pipeline_id", "is required (or send the body that provisioned the pipeline)")],
        ),
        ({"pipeline_id": ""}, None, [("pipeline_id", "must be a non-empty string")]),
        ({"pipeline_id": ["a"]}, None, [("pipeline_id", "must be a non-empty string")]),
        ({"pipeline_id": "0"}, None, [("pipeline_id", UNKNOWN_ID)]),
        ({"dry_run": "yes", "pipeline_id": "mlops-pipeline-a"}, None, [("dry_run", "must be true or false")]),
        ({"dry_run": None}, None, [("dry_run", "must be true or false")]),
        (
            {"dry_run": 1, "pipeline_id": 2},
            None,
            [("dry_run", "must be true or false"), ("pipeline_id", "must be a non-empty string")],
        ),
        ({**example("byom_batch_builtin"), "dry_run": "no"}, None, [("dry_run", "must be true or false")]),
    ],
)
def test_deprovision_bad_bodies(body: Any, detailed: str | None, problems: list[tuple[str, str]]) -> None:
    first_field, first_message = problems[0]
    assert refused("deprovision", body) == (detailed or f"Bad request. {first_field}: {first_message}", problems)


def test_deprovision_by_provisioning_body_validates_it_as_provisioning_does() -> None:
    detailed, problems = refused("deprovision", {"pipeline_type": "byom_batch_builtin", "pipeline_id": None})
    assert detailed == "Bad request. API body does not have the necessary parameter: model_name"
    assert problems[0] == ("model_name", "is required")


@pytest.mark.parametrize(
    ("body", "problems"),
    [
        ({"max_results": 0}, [("max_results", PAGE)]),
        ({"max_results": 101}, [("max_results", PAGE)]),
        ({"max_results": True}, [("max_results", PAGE)]),
        ({"max_results": 5.0}, [("max_results", PAGE)]),
        ({"max_results": "10"}, [("max_results", PAGE)]),
        ({"max_results": None}, [("max_results", PAGE)]),
        ({"next_token": 5}, [("next_token", TOKEN)]),
        ({"next_token": ["a"]}, [("next_token", TOKEN)]),
        ({"max_results": -1, "next_token": {}}, [("max_results", PAGE), ("next_token", TOKEN)]),
    ],
)
def test_list_bad_paging_names_every_field(body: dict[str, Any], problems: list[tuple[str, str]]) -> None:
    assert refused("list_pipelines", body) == (f"Bad request. {problems[0][0]}: {problems[0][1]}", problems)


@pytest.mark.parametrize(
    ("body", "page"),
    [
        (None, (20, None)),
        ({}, (20, None)),
        ({"max_results": 1, "next_token": None}, (1, None)),
        ({"max_results": 100, "next_token": "t", "x": 1}, (100, "t")),
    ],
)
def test_list_paging_defaults(body: Any, page: tuple[int, str | None]) -> None:
    request = parse(ListRequest, body)
    assert (request.max_results, request.next_token) == page
