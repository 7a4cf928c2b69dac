"""Day 2 against single-account local mode: `show`, what `status` resolves a name to, its exit codes, and a
second `deprovision`."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from mlops_orchestrator.cli.exit_codes import EXIT_PIPELINE_FAILED
from mlops_orchestrator.cli.main import EXIT_INVALID, EXIT_OK
from mlops_orchestrator.local.runner import LocalMode
from tests.support import example

from .helpers import Cli, break_next_deployment, parameters, provision, stack

pytestmark = pytest.mark.e2e


def _request_file(tmp_path: Path, pipeline_type: str, name: str) -> Path:
    path = tmp_path / f"{name}.json"
    body = {**example(pipeline_type), "model_name": name}
    if "endpoint_name" in body:  # endpoint names are unique, as on AWS: the example's may be deployed already
        body["endpoint_name"] = f"{name}-endpoint"
    path.write_text(json.dumps(body))
    return path


def test_show_lists_the_deployed_stack_its_outputs_and_the_request(
    single: LocalMode, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cli = Cli(single, capsys)
    code, out, err = cli("provision", str(_request_file(tmp_path, "byom_realtime_builtin", "cli-show")))
    assert code == EXIT_OK, out + err
    pipeline_id = re.search(r"^pipeline_id\s+(\S+)$", out, re.MULTILINE).group(1)  # type: ignore[union-attr]
    blueprint_stack = parameters(stack(single, pipeline_id))["StackName"]

    code, out, err = cli("show", pipeline_id)
    assert code == EXIT_OK, out + err
    assert re.search(rf"^default\s+stack\s+{blueprint_stack}\s+CREATE_COMPLETE$", out, re.MULTILINE), out
    assert re.search(r"^SageMakerEndpointName\s+\S+", out, re.MULTILINE), out
    # Local mode serves the blueprint's inference API on its front, and the output says where.
    assert re.search(r"^InferenceApiUrl\s+http://127\.0\.0\.1:\d+/inference/\w+/prod/inference$", out, re.MULTILINE), (
        out
    )
    assert '"model_name": "cli-show"' in out and '"pipeline_type": "byom_realtime_builtin"' in out

    code, out, _ = cli("show", pipeline_id, "--json")
    summary = json.loads(out)
    [deployment] = summary["deployments"]
    assert deployment["stage"] == "default" and deployment["stack"] == blueprint_stack
    assert "SageMakerEndpointName" in deployment["outputs"]
    assert summary["request"]["model_name"] == "cli-show"


def test_status_resolves_the_names_people_paste_and_refuses_others_at_once(
    single: LocalMode, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cli = Cli(single, capsys)
    code, out, err = cli("provision", str(_request_file(tmp_path, "byom_batch_builtin", "cli-resolve")))
    assert code == EXIT_OK, out + err
    code, out, _ = cli("plan", str(tmp_path / "cli-resolve.json"), "--json", api=False)
    plan = json.loads(out)
    pipeline_stack, blueprint_stack = plan["stack_name"], plan["blueprint_stack_name"]

    for name, note in (
        (blueprint_stack, f"note: {blueprint_stack} is the blueprint stack of pipeline {pipeline_stack}"),
        ("cli-resolve", f"note: cli-resolve is the model name of pipeline {pipeline_stack}"),
    ):
        code, out, err = cli("status", name, "--watch", "--timeout", "30", "--interval", "0")
        assert code == EXIT_OK, out + err
        assert re.search(rf"^pipeline stack\s+{pipeline_stack}$", out, re.MULTILINE), out
        assert note in out

    pipeline_name = json.loads(cli("status", pipeline_stack, "--json")[1])["summary"]["pipeline_name"]
    code, out, _ = cli("status", pipeline_name)
    assert code == EXIT_OK and f"is the CodePipeline of pipeline {pipeline_stack}" in out

    started = time.monotonic()
    code, _, err = cli("status", "mlops-pipeline-nothing-like-it", "--watch", "--timeout", "600")
    assert code == EXIT_INVALID and "No pipeline with id mlops-pipeline-nothing-like-it was found" in err
    assert "the blueprint stack's name, the model name" in err
    assert time.monotonic() - started < 30  # refused at once, not waited for


def test_a_failed_pipeline_exits_4_with_and_without_watch(
    single: LocalMode, capsys: pytest.CaptureFixture[str]
) -> None:
    cli = Cli(single, capsys)
    pipeline_id = provision(single, {**example("byom_realtime_custom"), "model_name": "cli-fails"})
    break_next_deployment(single, pipeline_id)

    code, out, err = cli("status", pipeline_id)
    assert code == EXIT_PIPELINE_FAILED, out + err
    assert "stage DeployCloudFormation / action deploy_stack: Failed" in out and "KmsKeyArn" in out
    assert "error: the pipeline failed" in err
    code, _, _ = cli("status", pipeline_id, "--watch", "--interval", "0")
    assert code == EXIT_PIPELINE_FAILED


def test_deprovisioning_twice_exits_0_both_times(
    single: LocalMode, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cli = Cli(single, capsys)
    path = _request_file(tmp_path, "byom_batch_builtin", "cli-twice")
    assert cli("provision", str(path))[0] == EXIT_OK
    code, out, err = cli("deprovision", "--file", str(path), "--wait", "--interval", "0")
    assert code == EXIT_OK and "has been deleted" in out, out + err
    code, out, err = cli("deprovision", "--file", str(path))
    assert code == EXIT_OK, out + err
    assert "Nothing to delete: the pipeline of this request file is already gone" in out
