"""`mlops-orchestrator demo`: the orchestrator's main job, offline, start to finish.

Starts local mode, provisions a request through POST /provisionpipeline, uploads the same request as
`mlops-config.json` to the config bucket and waits for it to be handled, then shows what was created
(stacks, template.zip, the pipeline's stages from POST /pipelinestatus) and stops everything.
"""

from __future__ import annotations

import io
import json
import logging
import sys
import urllib.error
import urllib.request
import zipfile
from pathlib import Path
from typing import Any

import mlops_orchestrator
from mlops_orchestrator.core.service import CONFIG_FILE_KEY

from .config_trigger import FAILED, GAVE_UP, HANDLED, ConfigEvent
from .runner import LocalMode, configure_logging

DEFAULT_EXAMPLE = "byom_realtime_builtin.json"
CONFIG_WAIT_SECONDS = 30.0
EXIT_FAILED = 1
EXIT_USAGE = 2


class DemoFailed(Exception):
    pass


def examples_dir() -> Path:
    """`examples/` of the repository this package is installed from (editable installs only)."""
    package = Path(mlops_orchestrator.__file__).resolve().parent
    for candidate in (package.parent.parent / "examples", package.parent / "examples"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"examples/ was not found next to {package} (the demo needs the repository checkout: "
        "install it with `pip install -e .`, or pass --config FILE)"
    )


def run_demo(config: Path | None) -> int:
    configure_logging(logging.WARNING)
    try:
        path = config if config is not None else examples_dir() / DEFAULT_EXAMPLE
        body = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        print(f"demo: cannot read the request: {error}", file=sys.stderr)
        return EXIT_USAGE
    out = _Report()
    mode = LocalMode()
    try:
        info = mode.start()
    except Exception as error:
        print(f"demo: local mode could not start: {error}", file=sys.stderr)
        return EXIT_FAILED
    try:
        out.title("MLOps Workload Orchestrator - offline demo (AWS is emulated in this process)")
        out.line(f"API:          {info.api_url}")
        out.line(f"AWS emulator: {info.aws_endpoint_url}")
        _demo(mode, path, body, out)
    except DemoFailed as failure:
        out.line("")
        out.line(f"FAILED: {failure}")
        return EXIT_FAILED
    finally:
        mode.stop()
    print()
    print("Done. Everything ran offline against the emulator; nothing was created on AWS.")
    return 0


def _demo(mode: LocalMode, path: Path, body: Any, out: _Report) -> None:
    info = mode.info
    out.step(f"1. POST /provisionpipeline with {path.name}")
    status, answer = post_json(f"{info.api_url}/provisionpipeline", body)
    out.line(f"{status} {answer.get('message', '')}")
    if status != 200:
        for problem in answer.get("errors", []):
            out.line(f"  {problem.get('field')}: {problem.get('message')}")
        raise DemoFailed(f"the request was refused ({status}): {answer.get('detailedMessage', '')}")
    pipeline_id = str(answer["pipeline_id"])
    out.line(f"pipeline_id: {pipeline_id}")

    out.step(f"2. Upload the same request to s3://{info.config_bucket}/{CONFIG_FILE_KEY}")
    event = _upload_config(mode, body)
    if event.outcome != HANDLED:
        raise DemoFailed(f"the {CONFIG_FILE_KEY} upload was not provisioned: {event.detail}")
    for provisioned in (event.detail or {}).get("provisioned", []):
        out.line(f"handled: {provisioned.get('message')}")

    out.step("3. What was created")
    cloudformation = mode.client("cloudformation")
    stacks = cloudformation.describe_stacks()["Stacks"]
    width = max(len(stack["StackName"]) for stack in stacks)
    out.line("Stacks:")
    for stack in sorted(stacks, key=lambda item: item["CreationTime"]):
        role = "created by the orchestrator" if stack["StackId"] == pipeline_id else "deployed by the pipeline"
        out.line(f"  {stack['StackName']:<{width}}  {stack['StackStatus']:<16}  ({role})")
    for stack in stacks:
        if stack["StackId"] != pipeline_id:
            given = {item["ParameterKey"]: item["ParameterValue"] for item in stack.get("Parameters", [])}
            out.line(f"Parameters of {stack['StackName']} (non-empty):")
            for key, value in sorted(given.items()):
                if value:
                    out.line(f"  {key} = {value}")
    pipeline_stack = next((stack for stack in stacks if stack["StackId"] == pipeline_id), None)
    if pipeline_stack is None or not pipeline_stack["StackStatus"].endswith("_COMPLETE"):
        raise DemoFailed("the pipeline stack did not complete")
    for key, members in _template_zips(mode):
        out.line(f"template.zip: s3://{info.assets_bucket}/{key}")
        out.line(f"  members: {', '.join(members)}")

    out.step("4. POST /pipelinestatus")
    status, state = post_json(f"{info.api_url}/pipelinestatus", {"pipeline_id": pipeline_id})
    if status != 200:
        raise DemoFailed(f"/pipelinestatus answered {status}: {state}")
    summary = state.get("summary", {})
    out.line(f"pipeline {summary.get('pipeline_name')}: {summary.get('pipeline_status')}")
    for stage in state.get("stageStates", []):
        for action in stage.get("actionStates", []):
            latest = action.get("latestExecution") or {}
            out.line(
                f"  {stage['stageName']:<22} {action['actionName']:<24} "
                f"{latest.get('status', 'NotStarted'):<11} {latest.get('summary', '')}"
            )
    if summary.get("pipeline_status") == "Failed":
        raise DemoFailed("the pipeline failed (see its stages above)")


def _upload_config(mode: LocalMode, body: Any) -> ConfigEvent:
    trigger = mode.config_trigger
    seen = len(trigger.events)
    mode.client("s3").put_object(
        Bucket=mode.info.config_bucket,
        Key=CONFIG_FILE_KEY,
        Body=json.dumps(body).encode(),
        ContentType="application/json",
    )

    def settled(events: list[ConfigEvent]) -> bool:
        return any(
            event.outcome in (HANDLED, GAVE_UP, FAILED) and CONFIG_FILE_KEY in event.keys for event in events[seen:]
        )

    if not trigger.wait_for(settled, CONFIG_WAIT_SECONDS):
        raise DemoFailed(f"the {CONFIG_FILE_KEY} upload was not handled within {CONFIG_WAIT_SECONDS:.0f} s")
    return next(
        event for event in trigger.events[seen:] if CONFIG_FILE_KEY in event.keys and event.outcome != "ignored"
    )


def _template_zips(mode: LocalMode) -> list[tuple[str, list[str]]]:
    s3 = mode.client("s3")
    bucket = mode.info.assets_bucket
    found = []
    for item in s3.list_objects_v2(Bucket=bucket, Prefix="mlops_provisioned_pipelines/").get("Contents", []):
        if item["Key"].endswith("/template.zip"):
            data = s3.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                found.append((item["Key"], archive.namelist()))
    return found


def post_json(url: str, body: Any, timeout: float = 60.0) -> tuple[int, dict[str, Any]]:
    """POST a JSON body with urllib; (status, decoded JSON answer) for any HTTP status."""
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status), _decode(response.read())
    except urllib.error.HTTPError as error:
        return int(error.code), _decode(error.read())


def _decode(raw: bytes) -> dict[str, Any]:
    try:
        value = json.loads(raw or b"{}")
    except ValueError:
        return {"message": raw.decode(errors="replace")}
    return value if isinstance(value, dict) else {"body": value}


class _Report:
    """The demo's readable output on stdout."""

    def title(self, text: str) -> None:
        print(text)
        print("=" * len(text))

    def step(self, text: str) -> None:
        print()
        print(text)

    def line(self, text: str) -> None:
        print(f"   {text}" if text else "", flush=True)
