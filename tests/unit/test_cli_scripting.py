"""What scripts rely on: --version, shell completion, and exit codes that tell a failed pipeline apart."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from mlops_orchestrator import __version__
from mlops_orchestrator.cli import commands_status
from mlops_orchestrator.cli.exit_codes import EXIT_OK, EXIT_PIPELINE_FAILED, CliError
from mlops_orchestrator.cli.main import build_parser, main
from mlops_orchestrator.cli.status_view import progress_line
from tests.support import REPO

AWAITING = {
    "pipelineName": "pipe",
    "stageStates": [
        {
            "stageName": "Source",
            "actionStates": [{"actionName": "S3Source", "latestExecution": {"status": "Succeeded"}}],
        },
        {
            "stageName": "DeployDev",
            "actionStates": [
                {"actionName": "DeployDevStackSet", "latestExecution": {"status": "Succeeded"}},
                {"actionName": "DeployStaging", "latestExecution": {"status": "InProgress", "token": "t"}},
            ],
        },
    ],
    "summary": {
        "pipeline_name": "pipe",
        "pipeline_status": "AwaitingApproval",
        "stages": [{"name": "Source", "status": "Succeeded"}, {"name": "DeployDev", "status": "InProgress"}],
    },
}


def test_version_is_the_packages(capsys: pytest.CaptureFixture[str]) -> None:
    declared = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    assert __version__ == declared
    assert main(["--version"]) == EXIT_OK
    assert capsys.readouterr().out.strip() == f"mlops-orchestrator {declared}"


def _complete(line: str, tmp_path: Path) -> list[str]:
    """Ask the CLI for completions as bash's hook does (in a child process: argcomplete writes to fds 8 and 9)."""
    answer = tmp_path / "completions"
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO / "source"),
        "_ARGCOMPLETE": "1",
        "_ARGCOMPLETE_IFS": "\n",
        "_ARGCOMPLETE_STDOUT_FILENAME": str(answer),
        "COMP_LINE": line,
        "COMP_POINT": str(len(line)),
    }
    subprocess.run([sys.executable, "-m", "mlops_orchestrator.cli.main"], env=env, check=True, timeout=60)
    return [word.strip() for word in answer.read_text().split("\n") if word.strip()]


def test_shell_completion_offers_the_commands_and_their_options(tmp_path: Path) -> None:
    commands = set(build_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    assert commands | {"--version"} <= set(_complete("mlops-orchestrator ", tmp_path))
    assert "--watch" in _complete("mlops-orchestrator status p --w", tmp_path)


class OneAnswer:
    def __init__(self, answer: dict[str, Any]) -> None:
        self.answer = answer

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        return self.answer


@pytest.mark.parametrize(
    ("answer", "code"),
    [
        ({"summary": {"pipeline_status": "Succeeded"}}, EXIT_OK),
        ({"summary": {"pipeline_status": "AwaitingApproval"}}, EXIT_OK),
        ({"summary": {"pipeline_status": "InProgress"}}, EXIT_OK),
        ({"summary": {"pipeline_status": "Failed"}}, EXIT_PIPELINE_FAILED),
        ({"message": "not yet", "summary": {"stack_status": "ROLLBACK_COMPLETE"}}, EXIT_PIPELINE_FAILED),
    ],
)
def test_status_without_watch_exits_non_zero_for_a_failed_pipeline(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], answer: dict[str, Any], code: int
) -> None:
    monkeypatch.setattr(commands_status, "connect", lambda args: OneAnswer(answer))
    assert main(["status", "p", "--api-url", "http://127.0.0.1:1"]) == code
    if code == EXIT_PIPELINE_FAILED:
        assert "error: the pipeline failed" in capsys.readouterr().err


def test_the_watch_line_names_the_running_action() -> None:
    assert progress_line(AWAITING) == (
        "AwaitingApproval  Source=Succeeded DeployDev=InProgress  now: DeployDev/DeployStaging"
    )


def test_a_failed_outcome_raises_the_documented_code() -> None:
    with pytest.raises(CliError) as failed:
        commands_status.exit_code_of(commands_status.Outcome.FAILED)
    assert failed.value.exit_code == EXIT_PIPELINE_FAILED == 4
