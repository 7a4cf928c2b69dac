"""How approve/reject find local mode's AWS emulator from the API URL alone: the local API's discovery route."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from mlops_orchestrator.cli.aws_clients import aws_client, local_emulator
from mlops_orchestrator.cli.exit_codes import CliError
from mlops_orchestrator.local.api_server import ApiServer


def _not_the_route(event: dict[str, Any]) -> dict[str, Any]:
    return {"statusCode": 404, "body": '{"message": "Not Found"}'}


@pytest.fixture
def server() -> Iterator[ApiServer]:
    running = ApiServer(_not_the_route).start()
    yield running
    running.stop()


def test_the_local_api_names_its_emulator(server: ApiServer) -> None:
    server.announce_emulator("http://localhost:4599", "eu-west-1")
    assert local_emulator(server.url) == ("http://localhost:4599", "eu-west-1")
    client = aws_client("codepipeline", server.url, region=None, profile=None)
    assert client.meta.endpoint_url == "http://localhost:4599" and client.meta.region_name == "eu-west-1"


def test_an_api_that_does_not_name_an_emulator_is_a_clear_error(server: ApiServer) -> None:
    with pytest.raises(CliError, match="does not say where its AWS emulator is") as missing:
        local_emulator(server.url)  # not announced yet: the request reaches the handler, which has no such route
    assert any("mlops-orchestrator local" in line for line in missing.value.details)
