"""The wheel, installed as a user installs it: a fresh venv outside the repository, nothing else on PATH.

`pip install <wheel>` gives the CLI (validate, plan, schema, provision and status against an API);
`pip install "<wheel>[local]"` adds local mode. The dependencies come from a wheelhouse in the user's cache
folder (beside pip's: kept between runs and clones, keyed by constraints.txt and pyproject.toml; the first run
fills it from the package index), so the installs themselves need no network.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support import ready_line

pytestmark = pytest.mark.packaging

REPO = Path(__file__).resolve().parents[2]
WHEELHOUSES = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mlops-orchestrator" / "wheelhouse"
UNUSED_DAYS = 7
"""Wheelhouses of other pin sets are removed once unused for this long."""
EXAMPLE = "byom_realtime_builtin.json"


@dataclass(frozen=True)
class Installed:
    venv: Path
    wheel: Path
    wheelhouse: Path
    cwd: Path

    def run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.venv / "bin" / "mlops-orchestrator"), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=self.cwd,
            env=user_environment(self.venv),
        )

    def install(self, requirement: str) -> None:
        # --no-compile: byte-compiling all of moto costs more than this test's imports compiling on first use.
        pip(self.venv, "install", "--no-compile", "--no-index", "--find-links", str(self.wheelhouse), requirement)


def user_environment(venv: Path) -> dict[str, str]:
    """A user's shell: the venv's bin on PATH and nothing else (no node), no PYTHONPATH, dummy credentials."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "PYTHON", "JSII_"))}
    env.update(PATH=str(venv / "bin"), AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing")
    env.update(AWS_DEFAULT_REGION="us-east-1", AWS_EC2_METADATA_DISABLED="true")
    assert shutil.which("node", path=env["PATH"]) is None
    return env


def pip(venv: Path | None, *args: str) -> None:
    target = ["--python", str(venv / "bin" / "python")] if venv is not None else []
    command = [sys.executable, "-m", "pip", *target, *args, "--quiet", "--disable-pip-version-check"]
    # Without PYTHONPATH: a source tree on it would count as the package already installed.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, env=env)
    assert done.returncode == 0, done.stdout + done.stderr


def wheelhouse(wheel: Path) -> Path:
    """Wheels of every dependency of `wheel[local]`, pinned by constraints.txt; built once per pin set."""
    digest = hashlib.sha256()
    for name in ("constraints.txt", "pyproject.toml"):
        digest.update((REPO / name).read_bytes())
    folder = WHEELHOUSES / digest.hexdigest()[:16]
    if not (folder / ".complete").exists():
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = folder.with_name(f"{folder.name}.{os.getpid()}.partial")
        shutil.rmtree(staging, ignore_errors=True)
        pip(None, "wheel", "-w", str(staging), "-c", str(REPO / "constraints.txt"), f"{wheel}[local]")
        (staging / wheel.name).unlink()  # the project's own wheel is built fresh on every run
        (staging / ".complete").touch()
        shutil.rmtree(folder, ignore_errors=True)
        staging.rename(folder)
    (folder / ".complete").touch()  # marks it used
    for other in WHEELHOUSES.iterdir():
        marker = other / ".complete"
        if marker.exists() and time.time() - marker.stat().st_mtime > UNUSED_DAYS * 86400:
            shutil.rmtree(other, ignore_errors=True)
    return folder


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    root = tmp_path_factory.mktemp("wheel")
    pip(None, "wheel", "--no-deps", "-w", str(root / "dist"), str(REPO))
    (wheel,) = (root / "dist").glob("*.whl")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    cwd = root / "work"
    cwd.mkdir()
    shutil.copy(REPO / "examples" / EXAMPLE, cwd / EXAMPLE)
    result = Installed(venv, wheel, wheelhouse(wheel), cwd)
    result.install(str(wheel))
    yield result


def test_the_wheel_alone_gives_the_offline_cli_and_says_how_to_add_local_mode(installed: Installed) -> None:
    where = subprocess.run(
        [str(installed.venv / "bin" / "python"), "-c", "import mlops_orchestrator; print(mlops_orchestrator.__file__)"],
        capture_output=True,
        text=True,
        cwd=installed.cwd,
        env=user_environment(installed.venv),
        check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(installed.venv)

    validated = installed.run("validate", EXAMPLE)
    assert validated.returncode == 0, validated.stderr
    planned = installed.run("plan", EXAMPLE)
    assert planned.returncode == 0, planned.stderr
    assert "byom_realtime_inference_pipeline.yaml" in planned.stdout
    schema = installed.run("schema")
    assert schema.returncode == 0, schema.stderr
    assert "pipeline_type" in schema.stdout and json.loads(schema.stdout)

    refused = installed.run("local")
    assert refused.returncode == 2
    assert "mlops-workload-orchestrator[local]" in refused.stderr


def test_the_local_extra_adds_local_mode_that_provisions(installed: Installed, tmp_path: Path) -> None:
    installed.install(f"{installed.wheel}[local]")
    log = tmp_path / "local.log"
    with log.open("w+") as stderr:
        process = subprocess.Popen(
            [str(installed.venv / "bin" / "mlops-orchestrator"), "local"],
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            cwd=installed.cwd,
            env=user_environment(installed.venv),
        )
        try:
            assert process.stdout is not None
            api_url = json.loads(ready_line(process.stdout, log))["api_url"]
            provisioned = installed.run("provision", EXAMPLE, "--api-url", api_url, "--json")
            assert provisioned.returncode == 0, provisioned.stdout + provisioned.stderr
            pipeline_id = json.loads(provisioned.stdout)["pipeline_id"]
            status = installed.run("status", pipeline_id, "--api-url", api_url, "--json")
            assert status.returncode == 0, status.stdout + status.stderr
            assert json.loads(status.stdout)
            process.send_signal(signal.SIGINT)
            process.communicate(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        stderr.seek(0)
        output = stderr.read()
    assert process.returncode == 0, output
    assert "Warning" not in output and "Traceback" not in output, output
