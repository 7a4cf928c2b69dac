"""HTTP and emulator helpers for the e2e tests (stdlib HTTP, boto3 against the emulator)."""

from __future__ import annotations

import io
import json
import shutil
import sys
import urllib.error
import urllib.request
import zipfile
from pathlib import Path
from typing import Any

import boto3
import pytest

from mlops_orchestrator.cli.main import main
from mlops_orchestrator.core.catalog.codepipeline import PROVISIONED_PREFIX, SINGLE_PARAMS_FILE
from mlops_orchestrator.local.runner import LocalMode

COMPLETE = {"CREATE_COMPLETE", "UPDATE_COMPLETE"}


def client_in(mode: LocalMode, service: str, account: str | None) -> Any:
    """A client for the emulator acting in `account` (None: the orchestrator's)."""
    client = boto3.client(
        service,
        endpoint_url=mode.info.aws_endpoint_url,
        region_name=mode.info.region,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    if account:
        client.meta.events.register("before-send", _in_account(account))
    return client


def _in_account(account: str) -> Any:
    def add(request: Any, **_: Any) -> None:
        request.headers["x-moto-account-id"] = account  # the emulator's way to address another account

    return add


def post(mode: LocalMode, path: str, body: Any) -> tuple[int, dict[str, Any]]:
    """POST `body` as JSON (or as-is when it is bytes) to the local API."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(
        f"{mode.info.api_url}{path}", data=data, method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def provision(mode: LocalMode, body: Any) -> str:
    status, answer = post(mode, "/provisionpipeline", body)
    assert status == 200, answer
    return str(answer["pipeline_id"])


def pipeline_status(mode: LocalMode, pipeline_id: str) -> dict[str, Any]:
    status, answer = post(mode, "/pipelinestatus", {"pipeline_id": pipeline_id})
    assert status == 200, answer
    assert "summary" in answer, answer
    return answer


def stack(mode: LocalMode, name_or_id: str) -> dict[str, Any]:
    found: dict[str, Any] = mode.client("cloudformation").describe_stacks(StackName=name_or_id)["Stacks"][0]
    return found


def parameters(described: dict[str, Any]) -> dict[str, str]:
    return {item["ParameterKey"]: item["ParameterValue"] for item in described.get("Parameters", [])}


def stack_names(mode: LocalMode) -> list[str]:
    cloudformation = mode.client("cloudformation")
    return sorted(item["StackName"] for item in cloudformation.describe_stacks()["Stacks"])


def provisioned_keys(mode: LocalMode) -> list[str]:
    listing = mode.client("s3").list_object_versions(Bucket=mode.info.assets_bucket, Prefix=PROVISIONED_PREFIX)
    return sorted(f"{item['Key']}@{item['VersionId']}" for item in listing.get("Versions", []))


def zip_members(mode: LocalMode, key: str) -> dict[str, bytes]:
    data = mode.client("s3").get_object(Bucket=mode.info.assets_bucket, Key=key)["Body"].read()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def blueprint_template(mode: LocalMode, file_name: str) -> bytes:
    s3 = mode.client("s3")
    body: bytes = s3.get_object(Bucket=mode.info.blueprint_bucket, Key=f"blueprints/{file_name}")["Body"].read()
    return body


def stages(state: dict[str, Any]) -> dict[str, str]:
    return {stage["name"]: stage["status"] for stage in state["summary"]["stages"]}


class Cli:
    """Runs `mlops-orchestrator ...` in process against one local mode; returns (exit code, stdout, stderr)."""

    def __init__(self, mode: LocalMode, capsys: pytest.CaptureFixture[str]) -> None:
        self.mode = mode
        self._capsys = capsys

    def __call__(self, *args: str, api: bool = True) -> tuple[int, str, str]:
        self._capsys.readouterr()
        code = main([*args, *(["--api-url", self.mode.info.api_url] if api else [])])
        out, err = self._capsys.readouterr()
        return code, without_handler_logs(out), without_handler_logs(err)


def without_handler_logs(text: str) -> str:
    """The orchestrator's handler runs in this process and logs JSON lines; they are not the CLI's output."""
    return "".join(line for line in text.splitlines(keepends=True) if not line.startswith('{"level":'))


NOISE = ("No Moto CloudFormation support", "b'!!", "end-of-life", "Warning:", "Traceback")
"""What the emulator, jsii and Python's warnings print; none of it belongs on the stderr of `local` or `demo`."""


def noise(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if any(marker in line for marker in NOISE)]


def python_only_path() -> str:
    """A PATH for a user who has Python and nothing else: the interpreter's folder, no `node`."""
    path = str(Path(sys.executable).parent)
    assert shutil.which("node", path=path) is None
    return path


def break_next_deployment(mode: LocalMode, pipeline_id: str) -> None:
    """Re-upload the pipeline's template.zip with a parameter the blueprint refuses: the next run fails on it."""
    key = parameters(stack(mode, pipeline_id))["TemplateZipFileName"]
    members = zip_members(mode, key)
    params = json.loads(members[SINGLE_PARAMS_FILE])
    params["Parameters"]["KmsKeyArn"] = "not-an-arn"
    members[SINGLE_PARAMS_FILE] = json.dumps(params).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    mode.client("s3").put_object(Bucket=mode.info.assets_bucket, Key=key, Body=buffer.getvalue())


def approve_pending(mode: LocalMode, state: dict[str, Any], summary: str) -> None:
    """Approve, in the emulator's CodePipeline, every approval that `state` (a /pipelinestatus answer) shows waiting."""
    for pending in state["summary"]["pending_approvals"]:
        action = next(
            item
            for stage in state["stageStates"]
            if stage["stageName"] == pending["stage"]
            for item in stage["actionStates"]
            if item["actionName"] == pending["action"]
        )
        mode.client("codepipeline").put_approval_result(
            pipelineName=state["pipelineName"],
            stageName=pending["stage"],
            actionName=pending["action"],
            result={"summary": summary, "status": "Approved"},
            token=action["latestExecution"]["token"],
        )
