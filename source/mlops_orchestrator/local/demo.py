"""`mlops-orchestrator demo`: the whole story offline, in one run.

Without arguments (see `demo_story`): train a model with the training pipeline, deploy it to a real-time
endpoint, call it, attach a data-quality monitor with its baseline, and show the status of everything.
With `--config FILE`: provision that one request through POST /provisionpipeline, upload it again as
`mlops-config.json`, and show what was created and the pipeline's stages.
"""

from __future__ import annotations

import io
import json
import logging
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

from mlops_orchestrator.core.service import CONFIG_FILE_KEY

from . import demo_story
from .demo_io import DemoFailed, Report, pipeline_state, provision, upload_config
from .runner import LocalMode, configure_logging

EXIT_FAILED = 1
EXIT_USAGE = 2


def run_demo(config: Path | None) -> int:
    configure_logging(logging.WARNING)
    body: Any = None
    if config is not None:
        try:
            body = json.loads(config.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            print(f"demo: cannot read the request: {error}", file=sys.stderr)
            return EXIT_USAGE
    started = time.monotonic()
    out = Report()
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
        if config is None:
            demo_story.tell(mode, out)
        else:
            _one_request(mode, config, body, out)
    except DemoFailed as failure:
        out.line("")
        out.line(f"FAILED: {failure}")
        return EXIT_FAILED
    finally:
        mode.stop()
    print()
    print(
        f"Done. Everything ran offline against the emulator in {time.monotonic() - started:.0f} s; "
        "nothing was created on AWS."
    )
    return 0


def _one_request(mode: LocalMode, path: Path, body: Any, out: Report) -> None:
    info = mode.info
    out.step(f"1. POST /provisionpipeline with {path.name}")
    pipeline_id = provision(mode, body, out)
    out.line(f"pipeline_id: {pipeline_id}")

    out.step(f"2. Upload the same request to s3://{info.config_bucket}/{CONFIG_FILE_KEY}")
    event = upload_config(mode, body)
    for provisioned in (event.detail or {}).get("provisioned", []):
        out.line(f"handled: {provisioned.get('message')}")

    out.step("3. What was created")
    stacks = mode.client("cloudformation").describe_stacks()["Stacks"]
    width = max(len(stack["StackName"]) for stack in stacks)
    out.line("Stacks:")
    for stack in sorted(stacks, key=lambda item: item["CreationTime"]):
        role = "created by the orchestrator" if stack["StackId"] == pipeline_id else "deployed by the pipeline"
        out.line(f"  {stack['StackName']:<{width}}  {stack['StackStatus']:<16}  ({role})")
    pipeline_stack = next((stack for stack in stacks if stack["StackId"] == pipeline_id), None)
    if pipeline_stack is None or not pipeline_stack["StackStatus"].endswith("_COMPLETE"):
        raise DemoFailed("the pipeline stack did not complete")
    for key, members in _template_zips(mode):
        out.line(f"template.zip: s3://{info.assets_bucket}/{key}")
        out.line(f"  members: {', '.join(members)}")

    out.step("4. POST /pipelinestatus")
    state = pipeline_state(mode, pipeline_id)
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
