"""One body-size limit, declared in core: `validate` applies it offline and every 413 states it."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mlops_orchestrator.cli.main import EXIT_INVALID, EXIT_OK, main
from mlops_orchestrator.core.body_limit import MAX_BODY_BYTES, TOO_LARGE
from mlops_orchestrator.local.api_server import ApiServer
from tests.support import example


def padded_request(size: int, path: Path) -> Path:
    """A valid request whose file is exactly `size` bytes (JSON allows trailing whitespace)."""
    text = json.dumps(example("byom_realtime_builtin"))
    path.write_text(text + " " * (size - len(text)), encoding="utf-8")
    assert path.stat().st_size == size
    return path


def test_validate_refuses_a_file_over_the_api_limit_and_states_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    request = padded_request(MAX_BODY_BYTES + 1, tmp_path / "big.json")
    assert main(["validate", str(request)]) == EXIT_INVALID
    out = "".join(capsys.readouterr())
    assert f"{MAX_BODY_BYTES + 1} bytes is more than the API accepts in one request body" in out
    assert f"10 MB ({MAX_BODY_BYTES} bytes)" in out


def test_validate_accepts_a_file_of_exactly_the_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    request = padded_request(MAX_BODY_BYTES, tmp_path / "full.json")
    assert main(["validate", str(request)]) == EXIT_OK
    assert ": ok (byom_realtime_builtin)" in capsys.readouterr().out


@pytest.fixture
def front() -> Iterator[tuple[ApiServer, list[dict[str, Any]]]]:
    seen: list[dict[str, Any]] = []

    def invoke(event: dict[str, Any]) -> dict[str, Any]:
        seen.append(event)
        return {"statusCode": 200, "headers": {}, "body": "{}"}

    server = ApiServer(invoke).start()
    try:
        yield server, seen
    finally:
        server.stop()


def test_local_mode_s_413_states_the_limit_without_reading_the_body(
    front: tuple[ApiServer, list[dict[str, Any]]],
) -> None:
    server, seen = front
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.putrequest("POST", "/prod/provisionpipeline")
    connection.putheader("Content-Type", "application/json")
    connection.putheader("Content-Length", str(MAX_BODY_BYTES + 1))
    connection.endheaders()
    response = connection.getresponse()
    assert response.status == 413
    assert json.loads(response.read()) == {"message": TOO_LARGE}
    assert f"{MAX_BODY_BYTES} bytes" in TOO_LARGE
    assert seen == []
    connection.close()
