"""Local mode, registry on: `registry list` names where the group's versions run, from the follower lookup."""

from __future__ import annotations

import json

import pytest

from mlops_orchestrator.local.runner import LocalMode
from tests.support import example, group_variant, register_packages_with

from .helpers import Cli, provision

pytestmark = pytest.mark.e2e


def test_registry_list_names_the_followers_and_the_stage_running_each_version(
    registry: LocalMode, capsys: pytest.CaptureFixture[str]
) -> None:
    v1, v2 = register_packages_with(registry.client("sagemaker"), "list-e2e", "Approved", "PendingManualApproval")
    body = {
        **group_variant(example("byom_realtime_builtin"), group="list-e2e"),
        "model_name": "list-e2e",
        "endpoint_name": "list-e2e",  # endpoint names are unique in the account: the example's may be deployed
    }
    provision(registry, body)
    code, out, err = Cli(registry, capsys)("registry", "list", "list-e2e", "--json")
    assert code == 0, err
    running = {package["ModelPackageArn"]: package["running_in"] for package in json.loads(out)["packages"]}
    assert len(running[v1]) == 1 and running[v1][0].startswith("mlops-pipeline-list-e2e-"), running
    assert running[v2] == []
