"""`approve` and `reject` against multi-account local mode, found from the API URL alone; the hint `status` prints."""

from __future__ import annotations

import json
import re

import pytest

from mlops_orchestrator.cli.main import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from mlops_orchestrator.local.runner import LocalMode
from tests.support import example

from .helpers import Cli, pipeline_status, provision, stages

pytestmark = pytest.mark.e2e


def test_the_approve_command_status_prints_promotes_when_pasted(
    multi: LocalMode, capsys: pytest.CaptureFixture[str]
) -> None:
    cli = Cli(multi, capsys)
    pipeline_id = provision(multi, {**example("byom_realtime_custom"), "model_name": "cli-approve"})

    code, out, _ = cli("status", pipeline_id)
    assert code == EXIT_OK, out
    hint = re.search(r"^    (mlops-orchestrator approve .*)$", out, re.MULTILINE)
    assert hint, out
    assert hint.group(1).endswith(f"--stage staging --api-url {multi.info.api_url}")
    assert "DeployDev / DeployStaging (opens staging)" in out

    code, out, err = cli(*hint.group(1).split()[1:], api=False)  # pasted as printed
    assert code == EXIT_OK, out + err
    assert "Approved DeployDev / DeployStaging" in out and "deploys to staging now" in out
    state = pipeline_status(multi, pipeline_id)
    assert state["summary"]["pending_approvals"] == [{"stage": "DeployStaging", "action": "DeployProd"}]

    code, _, err = cli("approve", pipeline_id, "--stage", "staging")
    assert code == EXIT_INVALID
    assert "is not waiting for approval of staging; it waits for: --stage prod" in err

    code, out, err = cli("approve", pipeline_id, "--comment", "staging looks fine")
    assert code == EXIT_OK, out + err
    assert pipeline_status(multi, pipeline_id)["summary"]["pipeline_status"] == "Succeeded"

    code, out, err = cli("show", pipeline_id)
    assert code == EXIT_OK, out + err
    for stage in ("dev", "staging", "prod"):
        account = multi.info.accounts[stage]["account_id"]
        assert re.search(rf"^{stage}\s+StackSet\s+mlops-pipeline-cli-approve-\S+-{stage}-\S+\s+CURRENT$", out, re.M), (
            out
        )
        assert re.search(rf"^{account}\s+us-east-1\s+(CURRENT|SUCCEEDED)", out, re.MULTILINE), out
    assert "its stacks and their outputs live in the stage account" in out
    assert '"model_name": "cli-approve"' in out

    code, _, err = cli("approve", pipeline_id)
    assert code == EXIT_INVALID and "is waiting for approval" in err and "nothing in" in err


def test_reject_stops_the_run(multi: LocalMode, capsys: pytest.CaptureFixture[str]) -> None:
    cli = Cli(multi, capsys)
    pipeline_id = provision(multi, {**example("byom_batch_builtin"), "model_name": "cli-reject"})

    code, out, err = cli("reject", pipeline_id, "--stage", "staging", "--comment", "not this one", "--json")
    assert code == EXIT_OK, out + err
    answered = json.loads(out)
    assert (answered["verdict"], answered["stage_name"], answered["action_name"]) == (
        "reject",
        "DeployDev",
        "DeployStaging",
    )
    assert answered["message"].startswith("Rejected DeployDev / DeployStaging")
    state = pipeline_status(multi, pipeline_id)
    assert state["summary"]["pipeline_status"] == "Failed"
    assert stages(state)["DeployStaging"] == "NotStarted"


def test_a_wrong_stage_is_a_usage_error(multi: LocalMode, capsys: pytest.CaptureFixture[str]) -> None:
    cli = Cli(multi, capsys)
    code, _, err = cli("approve", "anything", "--stage", "dev")
    assert code == EXIT_USAGE and "invalid choice: 'dev'" in err
