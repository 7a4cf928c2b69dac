"""`mlops-orchestrator local` and `mlops-orchestrator demo` as a user runs them: separate processes."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.helpers import noise, python_only_path

pytestmark = pytest.mark.e2e

READY_KEYS = {
    "api_url",
    "aws_endpoint_url",
    "region",
    "assets_bucket",
    "blueprint_bucket",
    "config_bucket",
    "stack_prefix",
    "multi_account",
    "model_registry",
    "accounts",
}
CLI = [sys.executable, "-c", "import sys; from mlops_orchestrator.cli.main import main; sys.exit(main())"]


def _environment() -> dict[str, str]:
    """No real credentials and no emulator endpoint inherited from this process, and no `node` on PATH:
    `local` and `demo` need only Python."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "JSII_"))}
    env.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION="us-east-1")
    env.update(AWS_EC2_METADATA_DISABLED="true", PATH=python_only_path())
    return env


def test_local_prints_one_json_line_and_exits_0_on_sigint(tmp_path: Path) -> None:
    with (tmp_path / "stderr.log").open("w+") as stderr:
        process = subprocess.Popen(
            [*CLI, "local"], stdout=subprocess.PIPE, stderr=stderr, text=True, env=_environment()
        )
        try:
            lines: queue.Queue[str] = queue.Queue()
            stdout = process.stdout
            assert stdout is not None
            threading.Thread(target=lambda: lines.put(stdout.readline()), daemon=True).start()
            try:
                ready = lines.get(timeout=60)
            except queue.Empty:
                pytest.fail("no ready line within 60 s")
            info = json.loads(ready)
            assert set(info) == READY_KEYS
            assert info["multi_account"] is False
            assert info["accounts"] == {}
            request = urllib.request.Request(f"{info['api_url']}/pipelinestatus", data=b"{}", method="POST")
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(request, timeout=30)
            assert refused.value.code == 400

            process.send_signal(signal.SIGINT)
            rest, _ = process.communicate(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        stderr.seek(0)
        assert process.returncode == 0, stderr.read()
        assert rest == ""  # the ready line is the only output on stdout


def test_demo_tells_the_whole_story() -> None:
    finished = subprocess.run([*CLI, "demo"], capture_output=True, text=True, timeout=180, env=_environment())

    assert finished.returncode == 0, finished.stdout + finished.stderr
    for step in ("1. Train a model", "2. Deploy it to a real-time endpoint", "4. Attach a data-quality monitor"):
        assert step in finished.stdout
    assert '200 {"prediction": "0.' in finished.stdout.split("3. Call the inference API")[1]
    status = finished.stdout.split("5. Status of everything")[1]
    assert status.count(" Succeeded") == 3  # the training, real-time and monitor pipelines
    assert "InService" in status
    assert "Done." in finished.stdout
    assert noise(finished.stderr) == []  # no emulator warnings, jsii banner or Python warnings


def test_demo_stops_with_the_reason_when_a_job_fails() -> None:
    environment = {**_environment(), "MLOPS_LOCAL_FAIL_JOBS": "training"}
    finished = subprocess.run([*CLI, "demo"], capture_output=True, text=True, timeout=180, env=environment)

    assert finished.returncode == 1, finished.stdout + finished.stderr
    assert "FAILED: the training job" in finished.stdout
    assert "failure injected in local mode" in finished.stdout
    assert "2. Deploy it" not in finished.stdout


def test_demo_provisions_a_given_request() -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "byom_batch_builtin.json"
    finished = subprocess.run(
        [*CLI, "demo", "--config", str(example)], capture_output=True, text=True, timeout=180, env=_environment()
    )

    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert "POST /pipelinestatus" in finished.stdout
    assert "template.zip: s3://" in finished.stdout
    assert "Done." in finished.stdout
