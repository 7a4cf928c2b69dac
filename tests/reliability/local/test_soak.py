"""Soak: sequential provision + deprovision cycles over HTTP, with stable memory in the handler process and no
growth in temporary files.

The emulator (local mode: moto server, its providers and the pipeline simulation) runs in a child process, so
that its state, which grows with every cycle by design (moto keeps every deleted stack and object version), is
not in the process measured. This process is the Lambda container: the HTTP front (`ApiServer`), the handler
(`HandlerInvoker`) and its boto3 clients, which reach the child over HTTP. Every Python allocation of this
process is traced (tracemalloc); the only traces left out are tracemalloc's own.
"""

from __future__ import annotations

import gc
import json
import os
import select
import subprocess
import sys
import tempfile
import time
import tracemalloc
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mlops_orchestrator.core import aws
from mlops_orchestrator.local import settings as local
from mlops_orchestrator.local.api_server import ApiServer
from mlops_orchestrator.local.environment import emulator_environment
from mlops_orchestrator.local.invoker import HandlerInvoker
from tests.reliability.modes import budget
from tests.reliability.tally import TALLY
from tests.support import example

AREA = "soak (local mode)"
CYCLES = budget(50, 1_000)
WARMUP = 10
# Allowed growth of this process's traced memory, per cycle after warm-up, plus a one-off allowance. Measured
# with the emulator in its own process (docs/reliability.md): +8 KiB over 50 cycles on a quiet machine, all of it
# one-off (a regular expression compiled once, the objects of the HTTP request in flight, urllib3's pool); on a
# loaded machine (suite under `-n 2`) the pool's sockets and botocore's request objects have reached +46 KiB, once.
# A handler that keeps 1 KiB per request (two requests per cycle at least, 100 KiB over 50 cycles) still fails it in
# CI mode, 200 bytes per request in long mode.
BYTES_PER_CYCLE = 256
SLACK = 64 * 1024
STARTUP_SECONDS = 120
NOT_TRACEMALLOC = [tracemalloc.Filter(False, tracemalloc.__file__)]

_CHILD = """
import sys
from mlops_orchestrator.cli.main import main
sys.exit(main(["local"]))
"""


def post(url: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST")
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return int(response.status), json.loads(response.read())
    except urllib.error.HTTPError as error:
        return int(error.code), json.loads(error.read())


def temporary_files() -> int:
    return sum(len(files) for _, _, files in os.walk(tempfile.gettempdir()))


@pytest.fixture
def private_tempdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This process's temporary directory, on its own: other processes on the machine also write to /tmp."""
    directory = tmp_path / "soak-tmp"
    directory.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(directory))
    return directory


def _ready_line(child: subprocess.Popen[str]) -> dict[str, Any]:
    assert child.stdout is not None
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        readable, _, _ = select.select([child.stdout], [], [], 1.0)
        if readable:
            line = child.stdout.readline()
            if line:
                info: dict[str, Any] = json.loads(line)
                return info
        if child.poll() is not None:
            break
    raise AssertionError(f"local mode did not start in a child process (exit code {child.poll()})")


@pytest.fixture
def emulator_process(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """Local mode in a child process (with its own temporary directory); its ready line, with the endpoints."""
    child_tmp = tmp_path / "emulator-tmp"
    child_tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(child_tmp), "PYTHONUNBUFFERED": "1"}
    env.pop("AWS_ENDPOINT_URL", None)
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        yield _ready_line(child)
    finally:
        child.terminate()
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait(timeout=30)


@pytest.fixture
def handler_process(emulator_process: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """This process as the orchestrator's Lambda container: the handler behind an HTTP front, configured as local
    mode configures it, its AWS clients pointed at the emulator's process. Yields the API's URL."""
    endpoint = emulator_process["aws_endpoint_url"]
    settings = local.offline_settings(blueprint_bucket_url=f"{endpoint}/{local.BLUEPRINT_BUCKET}")
    assert settings.assets_bucket == emulator_process["assets_bucket"]
    environment = {**emulator_environment(local.REGION), "AWS_ENDPOINT_URL": endpoint, **local.settings_env(settings)}
    for key, value in environment.items():
        monkeypatch.setenv(key, value)
    aws.reset_clients()
    invoker = HandlerInvoker()
    api = ApiServer(invoker).start()
    try:
        yield api.url
    finally:
        api.stop()
        invoker.close()
        aws.reset_clients()


def settle() -> None:
    """Free what is unreachable, and empty CPython's type attribute cache: each of its 4,096 entries holds the
    name last looked up through it, and botocore looks up methods by names it builds anew for each call
    (`getattr(self, f"_handle_{shape.type_name}")`), so the cache fills with such strings, by up to about
    250 KiB, however many requests follow. That is not the handler's memory."""
    gc.collect()
    sys._clear_type_cache()


def cycle(api_url: str, index: int) -> None:
    body = {**example("byom_batch_builtin"), "model_name": f"soak-{index % 7}"}
    status, provisioned = post(api_url + "/provisionpipeline", body)
    TALLY.case(AREA, status)
    assert status == 200, provisioned
    for _ in range(20):
        status, deleted = post(api_url + "/deprovisionpipeline", {"pipeline_id": provisioned["pipeline_id"]})
        TALLY.case(AREA, status)
        assert status == 200, deleted
        if deleted["status"] == "deleted":
            return
    raise AssertionError(f"pipeline {provisioned['pipeline_id']} was not deleted")


@pytest.mark.usefixtures("private_tempdir")
def test_provision_deprovision_cycles_keep_memory_and_temporary_files_flat(handler_process: str) -> None:
    for index in range(WARMUP):
        cycle(handler_process, index)
    gc.collect()
    files_before = temporary_files()
    tracemalloc.start(1)
    try:
        settle()
        start = tracemalloc.take_snapshot().filter_traces(NOT_TRACEMALLOC)
        for index in range(CYCLES):
            cycle(handler_process, WARMUP + index)
        settle()
        end = tracemalloc.take_snapshot().filter_traces(NOT_TRACEMALLOC)
    finally:
        tracemalloc.stop()
    differences = end.compare_to(start, "lineno")
    growth = sum(stat.size_diff for stat in differences)
    top = [str(stat) for stat in differences[:8]]
    files_after = temporary_files()
    bound = BYTES_PER_CYCLE * CYCLES + SLACK
    if growth > bound:
        TALLY.leak(AREA)
    if files_after > files_before:
        TALLY.leak(AREA, files_after - files_before)
    print(
        f"soak: {CYCLES} cycles, handler process traced memory {growth / 1024:+.1f} KiB "
        f"({growth / CYCLES:+.0f} B per cycle), temp files {files_before}->{files_after}; largest: {top}"
    )
    assert growth <= bound, f"memory grew {growth} bytes over {CYCLES} cycles: {top}"
    assert files_after <= files_before, f"temporary files grew from {files_before} to {files_after}"
