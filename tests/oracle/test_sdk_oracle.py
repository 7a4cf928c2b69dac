"""Our baseline Lambda against the SageMaker Python SDK: for every case of tests/oracle/cases.py, the
create_processing_job request and the analysis configs our Lambda writes must be the SDK's, whole.

The SDK runs once per session in its own virtualenv (.venv-sdk-oracle, made by ./scripts/install) through
tests/oracle/sdk_oracle.py; our Lambda runs here, through its handler, with botocore Stubbers. Where we differ on
purpose, the difference is a named exception below that states both sides' values; anything else fails.
"""

from __future__ import annotations

import copy
import io
import json
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.response import StreamingBody
from botocore.stub import Stubber

from mlops_orchestrator.blueprints.model_monitor.runtime import handler
from tests.oracle.cases import CASES, CLARIFY, KMS, MODEL_NAME

REPO = Path(__file__).resolve().parents[2]
ORACLE_PYTHON = REPO / ".venv-sdk-oracle" / "bin" / "python"
ORACLE_SCRIPT = Path(__file__).with_name("sdk_oracle.py")
SDK_VERSION = "2.257.7"
CLARIFY_CASES = tuple(name for name, case in CASES.items() if case["properties"]["ImageUri"] == CLARIFY)
MISSING = "<missing>"


@dataclass(frozen=True)
class OracleRun:
    """The SDK's answer for every case, or why there is none (each test then fails with it)."""

    found: dict[str, Any] | None
    error: str = ""

    @property
    def document(self) -> dict[str, Any]:
        if self.found is None:
            pytest.fail(self.error, pytrace=False)
        return self.found


def run_oracle(python: Path) -> OracleRun:
    """One run of the oracle script over every case."""
    if not python.exists():
        return OracleRun(None, f"the SDK oracle's interpreter {python} is missing: run ./scripts/install")
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "SAGEMAKER_"))}
    try:
        done = subprocess.run(
            [str(python), str(ORACLE_SCRIPT)],
            input=json.dumps(CASES),
            capture_output=True,
            text=True,
            timeout=600,
            cwd=REPO,
            env={**environment, "COLUMNS": "160"},
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        return OracleRun(None, f"the SDK oracle did not finish in {error.timeout} s")
    if done.returncode != 0:
        return OracleRun(
            None, f"the SDK oracle failed ({done.returncode}):\n{done.stderr[-6000:]}\n{done.stdout[-6000:]}"
        )
    return OracleRun(json.loads(done.stdout))


@pytest.fixture(scope="session")
def oracle() -> OracleRun:
    return run_oracle(ORACLE_PYTHON)


def sdk_side(oracle: OracleRun, case_name: str) -> dict[str, Any]:
    """The SDK's request and writes for the case, in the shape `our_side` gives ours."""
    found = oracle.document["cases"][case_name]
    calls = [call["operation"] for call in found["calls"]]
    assert calls == ["CreateProcessingJob"], f"the SDK made other SageMaker calls: {calls}"
    return {"request": found["calls"][0]["params"], "writes": _writes(found["writes"], CASES[case_name])}


def _writes(writes: list[dict[str, Any]], case: dict[str, Any]) -> dict[str, Any]:
    """The written objects by their key under the baseline output (`analysis_config.json`, ...)."""
    bucket, prefix = case["properties"]["BaselineJobOutputLocation"].split("/", 1)
    found: dict[str, Any] = {}
    for write in writes:
        assert write["bucket"] == bucket and write["key"].startswith(f"{prefix}/"), write
        found[write["key"].removeprefix(f"{prefix}/")] = {
            "body": json.loads(write["body"]),
            "arguments": write["arguments"],
        }
    return found


class Recorder:
    """Records the parameters of the calls our Lambda makes (the Stubbers check them against the API model)."""

    def __init__(self, clients: dict[str, Any]) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        for client in clients.values():
            client.meta.events.register("provide-client-params.*.*", self._record)

    def _record(self, params: dict[str, Any], model: Any, **_kwargs: Any) -> None:
        self.calls.append((model.name, copy.deepcopy(params)))

    def params(self, operation: str) -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name == operation]


@pytest.fixture
def lambda_clients(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[dict[str, Stubber], Recorder]]:
    clients = {name: boto3.client(name, region_name="us-east-1") for name in ("sagemaker", "s3")}
    monkeypatch.setattr(handler, "client", lambda service: clients[service])
    recorder = Recorder(clients)
    with Stubber(clients["sagemaker"]) as sagemaker, Stubber(clients["s3"]) as s3:
        yield {"sagemaker": sagemaker, "s3": s3}, recorder
        sagemaker.assert_no_pending_responses()
        s3.assert_no_pending_responses()


def _clarify_reads(stubs: dict[str, Stubber], case: dict[str, Any]) -> None:
    """The dataset's first bytes, the endpoint's config and its model: what our Lambda reads before the job."""
    properties = case["properties"]
    data = case["dataset"].encode("utf-8")
    stubs["s3"].add_response(
        "get_object",
        {"Body": StreamingBody(io.BytesIO(data), len(data))},
        {"Bucket": properties["AssetsBucket"], "Key": properties["BaselineData"], "Range": "bytes=0-65535"},
    )
    endpoint = properties["EndpointName"]
    stubs["sagemaker"].add_response(
        "describe_endpoint",
        {
            "EndpointName": endpoint,
            "EndpointArn": f"arn:aws:sagemaker:us-east-1:123456789012:endpoint/{endpoint}",
            "EndpointConfigName": f"{endpoint}-config",
            "EndpointStatus": "InService",
            "CreationTime": "2026-01-01T00:00:00Z",
            "LastModifiedTime": "2026-01-01T00:00:00Z",
        },
        {"EndpointName": endpoint},
    )
    stubs["sagemaker"].add_response(
        "describe_endpoint_config",
        {
            "EndpointConfigName": f"{endpoint}-config",
            "EndpointConfigArn": f"arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/{endpoint}-config",
            "ProductionVariants": [{"VariantName": "AllTraffic", "ModelName": case["model_name"]}],
            "CreationTime": "2026-01-01T00:00:00Z",
        },
        {"EndpointConfigName": f"{endpoint}-config"},
    )
    stubs["s3"].add_response("put_object", {}, None)
    stubs["s3"].add_response("put_object", {}, None)


def our_side(
    case_name: str, lambda_clients: tuple[dict[str, Stubber], Recorder], monkeypatch: pytest.MonkeyPatch
) -> dict[str, Any]:
    """Our Lambda's request and writes for the case: a CloudFormation Create through the real handler."""
    stubs, recorder = lambda_clients
    case = CASES[case_name]
    if case_name in CLARIFY_CASES:
        _clarify_reads(stubs, case)
    name = case["properties"]["BaselineJobName"]
    arn = f"arn:aws:sagemaker:us-east-1:123456789012:processing-job/{name}"
    stubs["sagemaker"].add_response("create_processing_job", {"ProcessingJobArn": arn}, None)
    answers: list[dict[str, Any]] = []

    def urlopen(request: Any, timeout: float) -> io.BytesIO:
        answers.append(json.loads(request.data))
        return io.BytesIO(b"")

    monkeypatch.setattr("urllib.request.urlopen", urlopen)
    event = {
        "RequestType": "Create",
        "ResponseURL": "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/answer",
        "StackId": "arn:aws:cloudformation:us-east-1:123456789012:stack/monitor/guid",
        "RequestId": "req-1",
        "ResourceType": "Custom::MonitorBaselineJob",
        "LogicalResourceId": "BaselineJob",
        "ResourceProperties": case["properties"],
    }
    handler.lambda_handler(event, None)
    assert [(answer["Status"], answer["Reason"]) for answer in answers] == [("SUCCESS", "")]
    (request,) = recorder.params("CreateProcessingJob")
    writes = [
        {
            "bucket": put["Bucket"],
            "key": put["Key"],
            "body": put["Body"].decode("utf-8"),
            "arguments": {key: value for key, value in put.items() if key not in ("Bucket", "Key", "Body")},
        }
        for put in recorder.params("PutObject")
    ]
    return {"request": request, "writes": _writes(writes, case)}


@dataclass(frozen=True)
class Deliberate:
    """A difference we keep on purpose: where it is, both sides' values there, the cases it applies to, and why."""

    name: str
    why: str
    path: tuple[str, ...]
    ours: Any
    sdk: Any
    cases: tuple[str, ...]


def _at(document: dict[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = document
    for step in path:
        if not isinstance(node, dict) or step not in node:
            return MISSING
        node = node[step]
    return node


def _drop(document: dict[str, Any], path: tuple[str, ...]) -> None:
    node = document
    for step in path[:-1]:
        node = node[step]
    node.pop(path[-1], None)


KMS_CASES = tuple(name for name in CLARIFY_CASES if CASES[name]["properties"]["KmsKeyArn"])
CONFIG = "analysis_config.json"
MONITOR_CONFIG = "monitor/analysis_config.json"
DELIBERATE = (
    *(
        Deliberate(
            name=f"{key} says it is JSON",
            why="put_object names the content type, so the object reads as JSON in S3 (console, downloads); the "
            "SDK's upload_file sends none and S3 stores binary/octet-stream. Clarify reads the file either way.",
            path=("writes", key, "arguments", "ContentType"),
            ours="application/json",
            sdk=MISSING,
            cases=CLARIFY_CASES,
        )
        for key in (CONFIG, MONITOR_CONFIG)
    ),
    *(
        Deliberate(
            name=f"the monitor's analysis config is encrypted with the stack's key ({argument})",
            why="the original wrote it with upload_string_as_file_body and no kms_key, so it alone stayed unencrypted "
            "when a KMS key was given; the SDK's own create_monitoring_schedule encrypts it with output_kms_key.",
            path=("writes", MONITOR_CONFIG, "arguments", argument),
            ours=value,
            sdk=MISSING,
            cases=KMS_CASES,
        )
        for argument, value in (("ServerSideEncryption", "aws:kms"), ("SSEKMSKeyId", KMS))
    ),
)


def without_deliberate(case_name: str, ours: dict[str, Any], sdk: dict[str, Any]) -> list[str]:
    """Checks each deliberate difference of the case (both values, exactly) and takes it out of both sides."""
    applied = []
    for difference in DELIBERATE:
        if case_name not in difference.cases:
            continue
        found = {"ours": _at(ours, difference.path), "sdk": _at(sdk, difference.path)}
        assert found == {"ours": difference.ours, "sdk": difference.sdk}, difference.name
        for side in (ours, sdk):
            if _at(side, difference.path) != MISSING:
                _drop(side, difference.path)
        applied.append(difference.name)
    return applied


def differences(ours: Any, sdk: Any, path: str = "") -> list[str]:
    """Every place the two documents differ, as `path: ours != sdk` (lists compared item by item)."""
    if isinstance(ours, dict) and isinstance(sdk, dict):
        return [
            found
            for key in sorted(set(ours) | set(sdk), key=str)
            for found in differences(ours.get(key, MISSING), sdk.get(key, MISSING), f"{path}.{key}")
        ]
    if isinstance(ours, list) and isinstance(sdk, list) and len(ours) == len(sdk):
        return [
            found
            for index, pair in enumerate(zip(ours, sdk, strict=True))
            for found in differences(*pair, f"{path}[{index}]")
        ]
    return [] if ours == sdk else [f"{path}: ours {ours!r} != SDK {sdk!r}"]


def test_the_oracle_is_the_pinned_sdk_and_stayed_offline(oracle: OracleRun) -> None:
    document = oracle.document
    assert document["sdk_version"] == SDK_VERSION
    assert document["network_attempts"] == []
    assert sorted(document["cases"]) == sorted(CASES)
    pinned = (REPO / "requirements-sdk-oracle.txt").read_text(encoding="utf-8")
    assert f"sagemaker=={SDK_VERSION}\n" in pinned


@pytest.mark.parametrize("case_name", sorted(CASES))
def test_our_request_and_configs_are_the_sdks(
    case_name: str,
    oracle: OracleRun,
    lambda_clients: tuple[dict[str, Stubber], Recorder],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sdk = sdk_side(oracle, case_name)
    ours = our_side(case_name, lambda_clients, monkeypatch)
    # Names: the SDK is given the job name, as the original gave it, and no S3 location is generated from it or
    # from the clock (the output and the config keys are the baseline output's), so they are compared too.
    assert ours["request"]["ProcessingJobName"] == CASES[case_name]["properties"]["BaselineJobName"]
    applied = without_deliberate(case_name, ours, sdk)
    assert differences(ours, sdk) == [], f"deliberate differences taken out first: {applied}"
    assert ours == sdk


def test_clarify_configs_are_written_as_the_sdk_writes_them(oracle: OracleRun) -> None:
    """The job's config and the monitor's, per Clarify case (the whole-request test compares them too; this one
    pins the points a reader checks first, so a change in the SDK's shape is plain)."""
    for case_name in CLARIFY_CASES:
        writes = sdk_side(oracle, case_name)["writes"]
        assert sorted(writes) == [CONFIG, MONITOR_CONFIG]
        job, monitor = writes[CONFIG]["body"], writes[MONITOR_CONFIG]["body"]
        assert job["predictor"]["model_name"] == MODEL_NAME
        assert job["predictor"]["initial_instance_count"] == int(CASES[case_name]["properties"]["InstanceCount"])
        if CASES[case_name]["properties"]["MonitoringType"] == "ModelExplainability":
            assert "label" not in monitor and "label" not in monitor["headers"]
        else:
            assert set(job["methods"]) == {"report", "pre_training_bias", "post_training_bias"}


def test_without_the_oracle_venv_every_comparison_fails_saying_what_to_run(tmp_path: Path) -> None:
    run = run_oracle(tmp_path / "bin" / "python")
    with pytest.raises(pytest.fail.Exception, match=r"is missing: run \./scripts/install"):
        sdk_side(run, "data_quality")
