"""Which approval approve/reject answer, and the connection options a pasted hint repeats."""

from __future__ import annotations

from typing import Any

import pytest

from mlops_orchestrator.cli.approval_stages import APPROVAL_OF_STAGE, stage_opened_by
from mlops_orchestrator.cli.commands_approvals import pending_approval
from mlops_orchestrator.cli.connection import connection_arguments
from mlops_orchestrator.cli.exit_codes import CliError
from mlops_orchestrator.cli.main import build_parser
from mlops_orchestrator.cli.status_view import render_status


def _state(*waiting: tuple[str, str]) -> dict[str, Any]:
    return {
        "stageStates": [
            {
                "stageName": stage,
                "actionStates": [
                    {"actionName": f"{stage}StackSet", "latestExecution": {"status": "Succeeded"}},
                    {"actionName": action, "latestExecution": {"status": "InProgress", "token": f"token-{action}"}},
                ],
            }
            for stage, action in waiting
        ]
    }


def test_the_stages_an_approval_opens_come_from_the_pipeline_declaration() -> None:
    assert sorted(APPROVAL_OF_STAGE) == ["prod", "staging"]
    assert stage_opened_by("DeployStaging") == "staging" and stage_opened_by("DeployProd") == "prod"
    assert stage_opened_by("DeployDevStackSet") is None


def test_the_one_waiting_approval_is_answered_without_stage() -> None:
    assert pending_approval(_state(("DeployDev", "DeployStaging")), None, "p") == (
        "DeployDev",
        "DeployStaging",
        "token-DeployStaging",
    )
    assert pending_approval(_state(("DeployStaging", "DeployProd")), "prod", "p")[2] == "token-DeployProd"


@pytest.mark.parametrize(
    ("state", "stage", "message"),
    [
        (_state(), None, "nothing in p is waiting for approval"),
        (
            _state(("DeployDev", "DeployStaging")),
            "prod",
            "not waiting for approval of prod; it waits for: --stage staging",
        ),
        (_state(("DeployDev", "DeployStaging"), ("DeployStaging", "DeployProd")), None, "several approvals"),
    ],
)
def test_no_matching_approval_says_why(state: dict[str, Any], stage: str | None, message: str) -> None:
    with pytest.raises(CliError, match=message):
        pending_approval(state, stage, "p")


def test_a_hint_repeats_the_options_the_command_was_given() -> None:
    args = build_parser().parse_args(["status", "p", "--stack", "orch", "--region", "eu-west-1", "--profile", "ops"])
    assert connection_arguments(args) == ["--stack", "orch", "--region", "eu-west-1", "--profile", "ops"]
    summary = {
        "stack_name": "mlops-pipeline-m-byompipelinerealtimebuiltin-codepipeline",
        "pipeline_name": "pipe",
        "pipeline_status": "AwaitingApproval",
        "pending_approvals": [{"stage": "DeployDev", "action": "DeployStaging"}],
    }
    text = render_status({"summary": summary}, ["--api-url", "http://127.0.0.1:9000"])
    assert (
        "    mlops-orchestrator approve mlops-pipeline-m-byompipelinerealtimebuiltin-codepipeline --stage staging "
        "--api-url http://127.0.0.1:9000" in text
    )
    assert "mlops-orchestrator reject mlops-pipeline-m-byompipelinerealtimebuiltin-codepipeline --stage staging" in text
    assert "put-approval-result" not in text  # the AWS CLI line would miss local mode's endpoint
