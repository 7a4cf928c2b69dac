"""Local mode, multi-account with the registry: an unshared group is provisioned with a warning, and the command
the warning suggests (`registry share`, against the emulator's group policies) makes it go away."""

from __future__ import annotations

import pytest

from mlops_orchestrator.local.registry_samples import EXAMPLE_GROUP
from mlops_orchestrator.local.runner import LocalMode
from tests.support import example, group_variant, register_packages_with

from .helpers import Cli, post

pytestmark = pytest.mark.e2e


def dry_run_warnings(mode: LocalMode, group: str) -> list[dict[str, str]]:
    body = {**group_variant(example("byom_realtime_builtin"), group=group), "model_name": group, "dry_run": True}
    status, answer = post(mode, "/provisionpipeline", body)
    assert status == 200, answer
    return [warning for warning in answer.get("warnings", []) if "registry share" in warning["message"]]


def test_registry_share_lets_the_stage_accounts_in(
    multi_registry: LocalMode, capsys: pytest.CaptureFixture[str]
) -> None:
    mode = multi_registry
    assert dry_run_warnings(mode, EXAMPLE_GROUP) == []  # local mode shares its example group when it seeds it
    register_packages_with(mode.client("sagemaker"), "share-e2e", "Approved")
    [warning] = dry_run_warnings(mode, "share-e2e")
    command = warning["message"].split("`")[1].split()
    code, out, err = Cli(mode, capsys)(*command[1:])
    assert code == 0, err
    accounts = sorted(stage.account_id for stage in mode.settings.accounts.values())
    assert [f"--account {account}" in warning["message"] for account in accounts] == [True] * 3
    assert out.startswith(f"share-e2e is shared with {', '.join(accounts)}")
    assert dry_run_warnings(mode, "share-e2e") == []
    code, _, err = Cli(mode, capsys)("registry", "share", "share-e2e", "--account", accounts[0])
    assert code == 1 and "already has a different resource policy" in err
