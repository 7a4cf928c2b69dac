"""Every CLI subcommand against local mode, in process: validate, plan, provision, status, list, deprovision.

One pipeline type per blueprint family, on a multi-account and a single-account orchestrator. The
multi-account tests come first: the package's local mode then switches to single-account once, which the
modules after this one use as well. Pipelines are named cli-* so they never meet the other modules' ones.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from mlops_orchestrator.cli.main import EXIT_INVALID, EXIT_OK, EXIT_SERVER, EXIT_USAGE
from mlops_orchestrator.core.catalog import PIPELINE_TYPES, Deployment
from mlops_orchestrator.core.catalog.codepipeline import PROVISIONED_PREFIX
from mlops_orchestrator.core.release_history import history_key
from mlops_orchestrator.local.runner import LocalMode
from tests.support import REPO, example

from .helpers import Cli, without_handler_logs

pytestmark = pytest.mark.e2e

FAMILIES = ["byom_batch_builtin", "byom_data_quality_monitor", "model_training_builtin", "byom_image_builder"]
DOCS_EXAMPLES = sorted((REPO / "docs" / "examples").glob("*.json"))


def _request_file(tmp_path: Path, pipeline_type: str, name: str, mode: LocalMode) -> tuple[Path, dict[str, Any]]:
    declaration = PIPELINE_TYPES[pipeline_type]
    body = {**example(pipeline_type), declaration.name_key: name}
    if declaration.deployment is Deployment.DIRECT:
        # The image builder's source: the algorithm's zip in the assets bucket.
        mode.client("s3").put_object(Bucket=mode.info.assets_bucket, Key=body["custom_algorithm_docker"], Body=b"PK")
    path = tmp_path / f"{pipeline_type}.json"
    path.write_text(json.dumps(body))
    return path, body


def _leftovers(mode: LocalMode, blueprint_stack: str) -> list[str]:
    """Stacks, StackSets and S3 objects (any version) of the pipeline still in the emulator."""
    cloudformation = mode.client("cloudformation")
    stacks = [
        f"stack:{item['StackName']}"
        for item in cloudformation.describe_stacks()["Stacks"]
        if item["StackName"].startswith(blueprint_stack) and item["StackStatus"] != "DELETE_COMPLETE"
    ]
    stacksets = [
        f"stackset:{item['StackSetName']}"
        for item in cloudformation.list_stack_sets(Status="ACTIVE")["Summaries"]
        # moto ignores the Status filter; AWS lists deleted StackSets only when asked for them
        if item["StackSetName"].startswith(blueprint_stack) and item.get("Status") != "DELETED"
    ]
    listing = mode.client("s3").list_object_versions(
        Bucket=mode.info.assets_bucket, Prefix=f"{PROVISIONED_PREFIX}/{blueprint_stack}/"
    )
    objects = [f"s3:{item['Key']}" for item in [*listing.get("Versions", []), *listing.get("DeleteMarkers", [])]]
    return stacks + stacksets + objects


def _lifecycle(cli: Cli, tmp_path: Path, pipeline_type: str, multi_account: bool) -> None:
    declaration = PIPELINE_TYPES[pipeline_type]
    name = f"cli-{'multi' if multi_account else 'single'}-{declaration.stack_postfix.lower()[:12]}"
    path, _body = _request_file(tmp_path, pipeline_type, name, cli.mode)
    flags = ["--multi-account"] if multi_account else []
    promoted = multi_account and declaration.deployment is Deployment.STAGED
    direct = declaration.deployment is Deployment.DIRECT

    assert cli("validate", *flags, str(path), api=False) == (EXIT_OK, f"{path}: ok ({pipeline_type})\n", "")

    code, out, _ = cli("plan", "--json", *flags, str(path), api=False)
    plan = json.loads(out)
    stack_name, blueprint_stack = plan["stack_name"], plan["blueprint_stack_name"]
    code, out, _ = cli("plan", *flags, str(path), api=False)
    assert code == EXIT_OK
    assert re.search(rf"^pipeline stack\s+{stack_name}$", out, re.MULTILINE), out
    for stage in ("dev", "staging", "prod") if promoted else ("-" if direct else "default",):
        params_file = "-" if direct else plan["stages"][stage]["params_file"]
        row = rf"^{stage}\s+{blueprint_stack}\s+{declaration.blueprint.file_name}\s+{params_file}$"
        assert re.search(row, out, re.MULTILINE), out

    code, out, _ = cli("provision", str(path))
    assert code == EXIT_OK, out
    found = re.search(r"^pipeline_id\s+(\S+)$", out, re.MULTILINE)
    assert found, out
    pipeline_id = found.group(1)
    assert f"/{stack_name}/" in pipeline_id
    assert f"next: mlops-orchestrator status {pipeline_id} --watch" in out

    expected = "AwaitingApproval" if promoted else "Succeeded"
    code, out, err = cli("status", pipeline_id, "--watch", "--interval", "0")
    assert code == EXIT_OK, out + err
    assert re.search(rf"^pipeline status\s+{expected}$", out, re.MULTILINE), out
    assert f"] {expected}  Source=Succeeded" in err  # the progress line
    if promoted:
        assert re.search(r"^DeployDev\s+InProgress\s+DeployDevStackSet\s+Succeeded", out, re.MULTILINE), out
        assert f"mlops-orchestrator approve {stack_name} --stage staging --api-url" in out
    else:
        deploy_stage = "Build" if direct else "DeployCloudFormation"
        assert re.search(rf"^{deploy_stage}\s+Succeeded", out, re.MULTILINE), out
        assert "Waiting for approval" not in out

    code, out, _ = cli("list", "--json")
    listed = {item["stack_name"]: item for item in json.loads(out)["pipelines"]}
    assert listed[stack_name]["pipeline_type"] == pipeline_type
    assert listed[stack_name]["name"] == name
    assert listed[stack_name]["last_pipeline_result"] == expected
    code, out, _ = cli("list")
    assert re.search(rf"^{name}\s+{pipeline_type}\s+\S+\s+{expected}\s.*{stack_name}$", out, re.MULTILINE), out

    code, out, _ = cli("deprovision", pipeline_id, "--dry-run")
    assert code == EXIT_OK
    would_delete = {line.split()[0] for line in out.splitlines() if line.endswith("would be deleted")}
    expected_items = {f"stack:{stack_name}"} | (set() if direct else {f"stack:{blueprint_stack}"})
    if not direct:
        expected_items.add(f"s3://{cli.mode.info.assets_bucket}/{plan['template_zip']}")
        expected_items.add(f"s3://{cli.mode.info.assets_bucket}/{history_key(plan['template_zip'])}")
    if promoted:  # the blueprint runs in the stage accounts, through the dev StackSet
        expected_items = {item for item in expected_items if item != f"stack:{blueprint_stack}"}
        stacksets = {item for item in would_delete if item.startswith(f"stackset:{blueprint_stack}-dev-")}
        assert len(stacksets) == 1, out
        expected_items |= stacksets
    assert expected_items <= would_delete, out

    code, out, _ = cli("deprovision", pipeline_id, "--wait", "--interval", "0")
    assert code == EXIT_OK, out
    assert "has been deleted" in out
    assert {line.split()[0] for line in out.splitlines() if line.endswith(" deleted")} == expected_items

    code, out, _ = cli("list", "--json")
    assert stack_name not in {item["stack_name"] for item in json.loads(out)["pipelines"]}
    code, _, err = cli("status", stack_name)
    assert code == EXIT_INVALID and "HTTP 404" in err
    assert _leftovers(cli.mode, blueprint_stack) == []


# -- multi-account ------------------------------------------------------------------------------


@pytest.mark.parametrize("pipeline_type", FAMILIES)
def test_multi_account_lifecycle(
    multi: LocalMode, capsys: pytest.CaptureFixture[str], tmp_path: Path, pipeline_type: str
) -> None:
    _lifecycle(Cli(multi, capsys), tmp_path, pipeline_type, multi_account=True)


@pytest.mark.parametrize("path", [path for path in DOCS_EXAMPLES if ".multi-account." in path.name], ids=str)
def test_the_guides_multi_account_examples_run(
    multi: LocalMode, capsys: pytest.CaptureFixture[str], path: Path
) -> None:
    cli = Cli(multi, capsys)
    assert cli("validate", "--multi-account", str(path), api=False)[0] == EXIT_OK
    code, out, err = cli("provision", str(path), "--watch", "--interval", "0")
    assert code == EXIT_OK, out + err
    assert re.search(r"^pipeline status\s+AwaitingApproval$", out, re.MULTILINE), out


def test_multi_account_deprovision_wait_removes_the_stacksets(
    multi: LocalMode, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cli = Cli(multi, capsys)
    path, _ = _request_file(tmp_path, "byom_realtime_custom", "cli-multi-stacksets", multi)
    assert cli("provision", str(path))[0] == EXIT_OK
    code, out, err = cli("deprovision", "--file", str(path), "--wait", "--interval", "0.1", "--timeout", "1")
    assert code == EXIT_OK, out + err
    assert _leftovers(multi, "mlops-pipeline-cli-multi-stacksets-byompipelinerealtimecustom") == []


# -- single-account -----------------------------------------------------------------------------


@pytest.mark.parametrize("pipeline_type", FAMILIES)
def test_single_account_lifecycle(
    single: LocalMode, capsys: pytest.CaptureFixture[str], tmp_path: Path, pipeline_type: str
) -> None:
    _lifecycle(Cli(single, capsys), tmp_path, pipeline_type, multi_account=False)


def test_listing_pages_and_provision_watch_json(
    single: LocalMode, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cli = Cli(single, capsys)
    first, _ = _request_file(tmp_path, "byom_realtime_custom", "cli-page-one", single)
    code, out, _ = cli("provision", str(first), "--json", "--watch", "--interval", "0")
    answer = json.loads(out)
    assert code == EXIT_OK and set(answer) == {"provision", "status"}
    assert answer["status"]["summary"]["pipeline_status"] == "Succeeded"
    second = tmp_path / "second.json"
    second.write_text(json.dumps({**json.loads(first.read_text()), "model_name": "cli-page-two"}))
    assert cli("provision", str(second), "--json")[0] == EXIT_OK

    code, out, _ = cli("list", "--max-results", "1")
    token = re.search(r"^more: mlops-orchestrator list --next-token (\S+)$", out, re.MULTILINE)
    assert code == EXIT_OK and token, out
    code, out, _ = cli("list", "--max-results", "1", "--next-token", token.group(1), "--json")
    assert len(json.loads(out)["pipelines"]) == 1
    code, out, _ = cli("list", "--max-results", "1", "--all", "--json")
    names = {item["name"] for item in json.loads(out)["pipelines"]}
    assert {"cli-page-one", "cli-page-two"} <= names and "next_token" not in json.loads(out)

    for path in (first, second):
        assert cli("deprovision", "--file", str(path), "--wait", "--interval", "0")[0] == EXIT_OK
    assert _leftovers(single, "mlops-pipeline-cli-page-") == []


def test_an_invalid_request_names_every_field(
    single: LocalMode, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cli = Cli(single, capsys)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"pipeline_type": "byom_realtime_builtin", "model_name": "bad_name"}))

    code, out, err = cli("provision", str(path))

    assert (code, out) == (EXIT_INVALID, "")
    lines = err.splitlines()
    assert lines[0].startswith(f"error: HTTP 400 from {single.info.api_url}/provisionpipeline: A BadRequest")
    assert "  model_name: must contain only letters, digits and hyphens" in err
    assert "  inference_instance: is required" in lines
    assert "Traceback" not in err


def test_per_stage_values_are_refused_by_a_single_account_orchestrator(
    single: LocalMode, capsys: pytest.CaptureFixture[str]
) -> None:
    cli = Cli(single, capsys)
    path = next(path for path in DOCS_EXAMPLES if ".multi-account." in path.name)
    code, _, err = cli("provision", str(path))
    assert code == EXIT_INVALID
    assert "  inference_instance: per-stage values" in err


def test_unknown_pipelines_and_unreachable_apis(
    single: LocalMode, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cli = Cli(single, capsys)
    code, out, _ = cli("deprovision", "mlops-pipeline-ghost-codepipeline")
    assert code == EXIT_OK and "Nothing to delete: mlops-pipeline-ghost-codepipeline is already gone" in out
    code, _, err = cli("status", "mlops-pipeline-ghost-codepipeline")
    assert code == EXIT_INVALID and "No pipeline with id mlops-pipeline-ghost-codepipeline" in err

    monkeypatch.delenv("MLOPS_API_URL", raising=False)
    code, _, err = cli("list", api=False)
    assert code == EXIT_USAGE and err.startswith("error: no API URL")
    monkeypatch.setenv("MLOPS_API_URL", single.info.api_url)
    code, out, _ = cli("list", api=False)
    assert code == EXIT_OK and out.startswith(("NAME ", "No pipelines."))

    closed = "http://127.0.0.1:9"  # the discard port: nothing listens there
    code, _, err = cli("status", "x", "--api-url", closed, api=False)
    assert code == EXIT_SERVER and err.startswith(f"error: cannot reach the API at {closed}/pipelinestatus")


def test_the_guides_python_snippet_provisions_and_reads_the_status(
    single: LocalMode, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    guide = (REPO / "docs" / "user-guide.md").read_text()
    # The complete script; later python blocks of the guide continue it (they use its `call`).
    (snippet,) = re.findall(r"```python\n(\"\"\"Provision a pipeline.*?)```", guide, re.DOTALL)
    monkeypatch.setenv("MLOPS_API_URL", single.info.api_url)
    monkeypatch.chdir(REPO)  # the snippet opens examples/byom_realtime_builtin.json

    exec(compile(snippet, "docs/user-guide.md", "exec"), {"__name__": "__main__"})

    printed = without_handler_logs(capsys.readouterr().out).splitlines()
    assert printed[0].startswith("success: stack creation started arn:aws:cloudformation:")
    assert printed[1] == "Succeeded"
    cli = Cli(single, capsys)
    assert (
        cli("deprovision", "--file", "examples/byom_realtime_builtin.json", "--wait", "--interval", "0")[0] == EXIT_OK
    )
    assert _leftovers(single, "mlops-pipeline-churn-xgboost-byompipelinerealtimebuiltin") == []
