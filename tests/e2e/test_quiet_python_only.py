"""`local` and `demo` need only Python, and print nothing from the emulator or jsii unless `--verbose`.

Each runs as a user runs it, in its own process, with a PATH that holds no `node`: local mode reads the
blueprint templates shipped with the package and never starts jsii.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path
from typing import IO

import pytest

pytestmark = pytest.mark.e2e

CLI = [sys.executable, "-c", "import sys; from mlops_orchestrator.cli.main import main; sys.exit(main())"]
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "byom_realtime_builtin.json"
EMULATOR_WARNING = "No Moto CloudFormation support"
NOISE = (EMULATOR_WARNING, "b'!!", "end-of-life", "Warning:", "Traceback")
"""What the emulator, jsii and Python's warnings print; none of it belongs on a quiet run's stderr."""


def _without_node() -> dict[str, str]:
    """The environment of a user who has Python and nothing else: PATH is the interpreter's folder only."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "JSII_"))}
    env.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION="us-east-1")
    env.update(AWS_EC2_METADATA_DISABLED="true", PATH=str(Path(sys.executable).parent))
    assert shutil.which("node", path=env["PATH"]) is None
    return env


def _noise(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if any(marker in line for marker in NOISE)]


def test_demo_runs_without_node_and_prints_no_noise() -> None:
    finished = subprocess.run([*CLI, "demo"], capture_output=True, text=True, timeout=180, env=_without_node())

    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert "Done." in finished.stdout
    assert _noise(finished.stderr) == []


def test_local_without_node_provisions_and_stays_quiet_unless_verbose(tmp_path: Path) -> None:
    quiet = _provision_once(tmp_path / "quiet.log", verbose=False)
    verbose = _provision_once(tmp_path / "verbose.log", verbose=True)

    assert _noise(quiet) == []
    # The same provisioning does make the emulator warn: --verbose shows it, so the quiet run hid it.
    assert EMULATOR_WARNING in verbose


def _provision_once(log: Path, verbose: bool) -> str:
    """Start `local`, provision the real-time example through the API, stop; returns stderr."""
    command = [*CLI, "local", *(["--verbose"] if verbose else [])]
    with log.open("w+") as stderr:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr, text=True, env=_without_node())
        try:
            assert process.stdout is not None
            info = json.loads(_first_line(process.stdout, log))
            request = urllib.request.Request(
                f"{info['api_url']}/provisionpipeline", data=EXAMPLE.read_bytes(), method="POST"
            )
            with urllib.request.urlopen(request, timeout=60) as response:
                assert response.status == 200
            process.send_signal(signal.SIGINT)
            process.communicate(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        assert process.returncode == 0
        stderr.seek(0)
        return stderr.read()


def _first_line(stdout: IO[str], log: Path) -> str:
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: lines.put(stdout.readline()), daemon=True).start()
    try:
        return lines.get(timeout=60)
    except queue.Empty:
        pytest.fail(f"no ready line within 60 s: {log.read_text()}")
