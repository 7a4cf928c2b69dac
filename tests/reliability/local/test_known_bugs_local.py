"""Bugs schemathesis found on local mode: fixed ones kept as regression tests, open ones as strict xfails."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request

import pytest

from mlops_orchestrator.local.runner import LocalMode


def post(url: str, body: object) -> int:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


@pytest.mark.parametrize("path", ["/pipelinestatus", "/deprovisionpipeline"])
def test_a_pipeline_id_with_a_control_character_is_not_a_server_error(local: LocalMode, path: str) -> None:
    assert post(local.info.api_url + path, {"pipeline_id": "\u0017"}) < 500


def test_a_forged_next_token_is_not_a_server_error(local: LocalMode) -> None:
    forged = base64.urlsafe_b64encode(json.dumps(["not-a-token", 0]).encode()).decode()
    assert post(local.info.api_url + "/listpipelines", {"next_token": forged}) == 400
