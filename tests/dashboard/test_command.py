"""`mlops-orchestrator dashboard`: its option checks, the loopback warning, and the server it starts."""

from __future__ import annotations

import urllib.request

import pytest

from mlops_orchestrator.cli.main import EXIT_OK, EXIT_USAGE, main
from mlops_orchestrator.dashboard import server
from mlops_orchestrator.dashboard.server import DashboardServer

from .fakes import API_URL, Harness


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--local", "--api-url", API_URL], "--local starts its own API"),
        (["--multi-account", "--api-url", API_URL], "describe local mode: add --local"),
    ],
)
def test_options_that_contradict_each_other_are_usage_errors(
    arguments: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["dashboard", *arguments]) == EXIT_USAGE
    assert message in capsys.readouterr().err


def test_no_api_url_is_a_usage_error_before_anything_listens(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("MLOPS_API_URL", raising=False)

    assert main(["dashboard", "--port", "0"]) == EXIT_USAGE
    assert "no API URL" in capsys.readouterr().err


def test_a_host_that_is_not_loopback_is_served_with_a_warning(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(self: DashboardServer) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(server.DashboardServer, "serve", interrupted)

    code = main(["dashboard", "--host", "0.0.0.0", "--port", "0", "--api-url", API_URL, "--no-sign"])

    out, err = capsys.readouterr()
    assert code == EXIT_OK
    assert "warning: listening on 0.0.0.0, not on loopback" in err
    assert out.startswith("Dashboard: http://0.0.0.0:")


def test_the_default_is_loopback_without_a_warning(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(server.DashboardServer, "serve", lambda self: None)

    assert main(["dashboard", "--port", "0", "--api-url", API_URL, "--no-sign"]) == EXIT_OK

    out, err = capsys.readouterr()
    assert out.startswith("Dashboard: http://127.0.0.1:") and "warning" not in err


def test_the_server_answers_on_loopback_until_stopped() -> None:
    harness = Harness()
    harness.api.routes["/listpipelines"] = lambda body: (200, {"pipelines": []})
    running = DashboardServer(harness.app).start()
    try:
        with urllib.request.urlopen(f"{running.url}/pipelines", timeout=10) as response:
            assert response.status == 200 and b"No pipelines yet." in response.read()
    finally:
        running.stop()
    with pytest.raises(OSError):
        urllib.request.urlopen(f"{running.url}/pipelines", timeout=2)


@pytest.mark.e2e
def test_local_starts_local_mode_in_the_same_process_and_stops_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from mlops_orchestrator.local import runner

    seen: dict[str, object] = {}

    def one_request(self: DashboardServer) -> None:
        self.start()
        try:
            with urllib.request.urlopen(f"{self.url}/pipelines", timeout=30) as response:
                seen["page"] = response.read().decode()
            seen["running"] = runner._active is not None
        finally:
            self.stop()

    monkeypatch.setattr(server.DashboardServer, "serve", one_request)

    assert main(["dashboard", "--local", "--multi-account", "--port", "0"]) == EXIT_OK

    assert "No pipelines yet." in str(seen["page"]) and seen["running"] is True
    assert runner._active is None  # stopped with the dashboard
