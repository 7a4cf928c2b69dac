"""The offline CLI commands: validate, plan and schema (no AWS, no emulator)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mlops_orchestrator.cli.main import EXIT_INVALID, EXIT_OK, EXIT_USAGE, main
from mlops_orchestrator.core.catalog import PIPELINE_TYPES
from tests.support import EXAMPLES


def test_validate_accepts_every_example(capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(EXAMPLES / f"{pipeline_type}.json") for pipeline_type in sorted(PIPELINE_TYPES)]
    assert main(["validate", *files]) == EXIT_OK
    assert capsys.readouterr().out.count(": ok (") == len(files)


def test_validate_reports_every_problem_of_every_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"pipeline_type": "byom_batch_builtin", "model_name": "bad_name"}))
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    assert main(["validate", str(bad), str(broken)]) == EXIT_INVALID
    out = capsys.readouterr().out
    assert f"{bad}: model_name:" in out and f"{bad}: batch_inference_data: is required" in out
    assert f"{broken}: not valid JSON: Expecting property name" in out


def test_validate_prints_the_typo_warnings_with_the_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = json.loads((EXAMPLES / "byom_realtime_builtin.json").read_text())
    body["endpoint_nmae"] = body.pop("endpoint_name")
    body["inference_instance"] = "ml.m5.largee"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(body))
    assert main(["validate", str(bad)]) == EXIT_INVALID
    out = capsys.readouterr().out
    assert f"{bad}: warning: endpoint_nmae: " in out and "did you mean endpoint_name?" in out
    assert f"{bad}: inference_instance: " in out and "did you mean ml.m5.large" in out


def test_plan_json_prints_the_dry_run_plan(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "--json", "--multi-account", str(EXAMPLES / "byom_batch_builtin.json")]) == EXIT_OK
    plan = json.loads(capsys.readouterr().out)
    assert plan["stack_name"] == "mlops-pipeline-churn-batch-byompipelinebatchbuiltin-codepipeline"
    assert sorted(plan["stages"]) == ["dev", "prod", "staging"]


def test_schema_prints_the_shipped_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == EXIT_OK
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads((EXAMPLES.parent / "schema" / "mlops-config.schema.json").read_text())


def test_no_command_prints_help() -> None:
    assert main([]) == EXIT_USAGE
