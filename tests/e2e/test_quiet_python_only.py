"""`local` needs only Python and prints nothing from the emulator or jsii unless `--verbose`.

It runs as a user runs it, in its own process, with a PATH that holds no `node`: local mode reads the
blueprint templates shipped with the package and never starts jsii. (`test_cli` runs the demo the same way.)
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.helpers import noise, python_only_path
from tests.support import ready_line

pytestmark = pytest.mark.e2e

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "byom_realtime_builtin.json"
EMULATOR_WARNING = "No Moto CloudFormation support for AWS::Probe::Resource"
PYTHON_WARNING = "UserWarning: a probe warning"
# The CLI, with a known warning from the emulator's logger and a Python warning right after `local` has set
# what it prints: whichever resource types the emulator still lacks, there is always noise to hide or show.
CLI = [
    sys.executable,
    "-c",
    f"""
import logging, sys, warnings
from mlops_orchestrator.local import verbosity
chosen = verbosity.apply
def apply(verbose):
    chosen(verbose)
    logging.getLogger("moto.cloudformation.parsing").warning({EMULATOR_WARNING!r})
    warnings.warn("a probe warning")
verbosity.apply = apply
from mlops_orchestrator.cli.main import main
sys.exit(main())
""",
]


def _without_node() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "JSII_"))}
    env.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION="us-east-1")
    env.update(AWS_EC2_METADATA_DISABLED="true", PATH=python_only_path())
    return env


def test_local_without_node_provisions_and_stays_quiet_unless_verbose(tmp_path: Path) -> None:
    quiet = _provision_once(tmp_path / "quiet.log", verbose=False)
    verbose = _provision_once(tmp_path / "verbose.log", verbose=True)

    assert noise(quiet) == []
    assert EMULATOR_WARNING in verbose
    assert PYTHON_WARNING in verbose


def _provision_once(log: Path, verbose: bool) -> str:
    """Start `local`, provision the real-time example through the API, stop; returns stderr."""
    command = [*CLI, "local", *(["--verbose"] if verbose else [])]
    with log.open("w+") as stderr:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr, text=True, env=_without_node())
        try:
            assert process.stdout is not None
            info = json.loads(ready_line(process.stdout, log))
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
