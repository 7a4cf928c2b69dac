"""What the CLI prints: status tables with failure reasons, `--watch`, tables, and `--help` everywhere."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest

from mlops_orchestrator.cli import commands_status
from mlops_orchestrator.cli.commands_pipelines import _last_result
from mlops_orchestrator.cli.exit_codes import EXIT_OK, EXIT_PIPELINE_FAILED, EXIT_SERVER, CliError
from mlops_orchestrator.cli.main import build_parser, main
from mlops_orchestrator.cli.status_view import Outcome, outcome, render_status
from mlops_orchestrator.cli.tables import table

FAILED = {
    "pipelineName": "pipe",
    "stageStates": [
        {
            "stageName": "Source",
            "actionStates": [{"actionName": "S3Source", "latestExecution": {"status": "Succeeded", "summary": "ok"}}],
        },
        {
            "stageName": "DeployCloudFormation",
            "actionStates": [
                {
                    "actionName": "deploy_stack",
                    "latestExecution": {"status": "Failed", "errorDetails": {"message": "Template error: bad"}},
                }
            ],
        },
    ],
    "summary": {
        "stack_name": "mlops-pipeline-m-byompipelinebatchbuiltin-codepipeline",
        "stack_status": "CREATE_COMPLETE",
        "pipeline_name": "pipe",
        "pipeline_status": "Failed",
        "stages": [{"name": "Source", "status": "Succeeded"}, {"name": "DeployCloudFormation", "status": "Failed"}],
        "pending_approvals": [],
        "failures": [
            {
                "stack": "mlops-pipeline-m-byompipelinebatchbuiltin",
                "resource": "Model",
                "resource_type": "AWS::SageMaker::Model",
                "status": "CREATE_FAILED",
                "reason": "Could not find model data at s3://assets/model.tar.gz",
            },
            {"stage": "DeployCloudFormation", "action": "deploy_stack", "reason": "Template error: bad"},
        ],
    },
}
NOT_YET = {
    "message": "pipeline cloudformation stack has not provisioned the pipeline yet.",
    "summary": {"stack_name": "s", "stack_status": "CREATE_IN_PROGRESS"},
}


def _with_status(status: str) -> dict[str, Any]:
    return {**FAILED, "summary": {**FAILED["summary"], "pipeline_status": status, "failures": []}}


def test_a_failed_pipeline_shows_its_stages_actions_and_reasons() -> None:
    text = render_status(FAILED)
    assert "pipeline status  Failed" in text
    assert "DeployCloudFormation  Failed" in text
    assert "Failures:" in text
    assert "  stack mlops-pipeline-m-byompipelinebatchbuiltin: Model (AWS::SageMaker::Model) CREATE_FAILED\n" in text
    assert "\n    Could not find model data at s3://assets/model.tar.gz" in text
    assert "  stage DeployCloudFormation / action deploy_stack: Failed\n    Template error: bad" in text


def test_a_stack_that_has_not_made_its_pipeline_yet_says_so() -> None:
    text = render_status(NOT_YET)
    assert "CREATE_IN_PROGRESS" in text and "has not provisioned the pipeline yet" in text
    assert outcome(NOT_YET) is Outcome.RUNNING
    rolled_back = {"message": "x", "summary": {"stack_status": "ROLLBACK_COMPLETE"}}
    assert outcome(rolled_back) is Outcome.FAILED


class ScriptedClient:
    """Answers /pipelinestatus from a script, one answer per call, the last one forever."""

    def __init__(self, answers: list[dict[str, Any]]) -> None:
        self._answers: Iterator[dict[str, Any]] = iter(answers)
        self._last = answers[-1]
        self.calls = 0

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        assert path == "/pipelinestatus" and body == {"pipeline_id": "p"}
        self.calls += 1
        self._last = next(self._answers, self._last)
        return self._last


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_watch_prints_each_change_once_and_stops_at_a_terminal_state() -> None:
    client = ScriptedClient([NOT_YET, NOT_YET, _with_status("InProgress"), _with_status("Succeeded")])
    clock, progress = FakeClock(), io.StringIO()

    answer, result = commands_status.watch(client, "p", 5, 60, progress, clock, clock.sleep)  # type: ignore[arg-type]

    assert result is Outcome.SUCCEEDED and answer["summary"]["pipeline_status"] == "Succeeded"
    assert client.calls == 4
    assert progress.getvalue().splitlines() == [
        "[    0s] stack CREATE_IN_PROGRESS",
        "[   10s] InProgress  Source=Succeeded DeployCloudFormation=Failed",
        "[   15s] Succeeded  Source=Succeeded DeployCloudFormation=Failed",
    ]


def test_watch_gives_up_after_the_timeout(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    clock = FakeClock()
    monkeypatch.setattr(commands_status.time, "monotonic", clock)
    monkeypatch.setattr(commands_status.time, "sleep", clock.sleep)
    client = ScriptedClient([NOT_YET])

    with pytest.raises(CliError) as late:
        commands_status.watch_and_show(client, "p", 10, 25, False)  # type: ignore[arg-type]

    assert late.value.exit_code == EXIT_SERVER
    assert "has not finished after 25 s" in str(late.value)
    assert client.calls == 4  # at 0, 10, 20 and 25 seconds
    assert "CREATE_IN_PROGRESS" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("status", "code"), [("Succeeded", EXIT_OK), ("AwaitingApproval", EXIT_OK), ("Failed", EXIT_PIPELINE_FAILED)]
)
def test_watch_exit_codes(status: str, code: int) -> None:
    client = ScriptedClient([_with_status(status)])
    try:
        result = commands_status.watch_and_show(client, "p", 0, 10, False)  # type: ignore[arg-type]
    except CliError as error:
        result = error.exit_code
    assert result == code


def test_tables_align_columns_and_wrap_long_cells_on_spaces() -> None:
    text = table(["name", "value"], [["a", "one two three four"], ["longer", None], ["b", "arn:aws:x:y:z"]], wrap=9)
    assert text.splitlines() == [
        "NAME    VALUE",
        "a       one two",
        "        three",
        "        four",
        "longer  -",
        "b       arn:aws:x:y:z",
    ]


SUBCOMMANDS = [
    "local",
    "demo",
    "validate",
    "plan",
    "schema",
    "provision",
    "status",
    "show",
    "approve",
    "reject",
    "model-card",
    "registry",
    "list",
    "deprovision",
    "dashboard",
]


def test_every_subcommand_is_listed_and_has_examples_and_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    listed = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert sorted(listed) == sorted(SUBCOMMANDS)
    for command in SUBCOMMANDS:
        assert main([command, "--help"]) == EXIT_OK
        text = capsys.readouterr().out
        assert "examples:\n  mlops-orchestrator " in text, command
        assert "exit codes:\n  0  success" in text, command


def test_usage_errors_exit_2_without_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deprovision"]) == 2
    assert main(["list", "--max-results", "0"]) == 2
    assert main(["status", "p", "--interval", "-1"]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_the_listing_shows_why_a_pipeline_result_could_not_be_read() -> None:
    unreadable = {"last_pipeline_result": None, "status_error": {"operation": "GetPipelineState", "error_code": "X"}}
    assert _last_result(unreadable) == "unreadable: X on GetPipelineState"
    assert _last_result({"last_pipeline_result": "Succeeded"}) == "Succeeded"
