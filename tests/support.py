"""Helpers shared by the test suites: explicit settings per mode, the examples, a predictable name suffix."""

from __future__ import annotations

import json
import queue
import threading
from pathlib import Path
from typing import IO, Any

import pytest

from mlops_orchestrator.core.catalog import MODES as CATALOG_MODES
from mlops_orchestrator.core.catalog import Mode
from mlops_orchestrator.core.settings import Settings, StageAccount

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
DOCS_EXAMPLES = REPO / "docs" / "examples"


REGISTRY_EXAMPLES = DOCS_EXAMPLES / "registry"
"""Requests that follow a model package group: valid only with the model registry, so not in `example_files`."""


def example_files() -> list[Path]:
    """Every request document the repository shows users: examples/ and docs/examples/."""
    return sorted([*EXAMPLES.glob("*.json"), *DOCS_EXAMPLES.glob("*.json")])


ACCOUNT = "123456789012"
MODEL_PACKAGE = f"arn:aws:sagemaker:us-east-1:{ACCOUNT}:model-package/xgboost/1"
ACCOUNTS = {
    "dev": StageAccount("111111111111", "ou-abcd-11111111"),
    "staging": StageAccount("222222222222", "ou-abcd-22222222"),
    "prod": StageAccount("333333333333", "ou-abcd-33333333"),
}
MODES: dict[str, Mode] = {mode.name: mode for mode in CATALOG_MODES}
"""The catalog's orchestrator modes by name: single, multi, registry, multi-registry (test ids, golden files)."""


def make_settings(multi_account: bool = False, model_registry: bool = False, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "assets_bucket": "testassetsbucket",
        "blueprint_bucket": "testbucket",
        "blueprint_bucket_url": "testbucket.s3.us-east-1.amazonaws.com",
        "cfn_role_arn": f"arn:aws:iam::{ACCOUNT}:role/mlops-cfn-role",
        "region": "us-east-1",
        "notifications_topic_arn": f"arn:aws:sns:us-east-1:{ACCOUNT}:mlops-topic",
        "ecr_repo_arn": f"arn:aws:ecr:us-east-1:{ACCOUNT}:repository/mlops-ecr",
        "multi_account": multi_account,
        "model_registry": model_registry,
        "delegated_admin": multi_account,
        "accounts": ACCOUNTS if multi_account else {},
    }
    values.update(overrides)
    return Settings(**values)


def mode_settings(mode: Mode, **overrides: Any) -> Settings:
    """`make_settings` for one of the catalog's modes."""
    return make_settings(multi_account=mode.multi_account, model_registry=mode.model_registry, **overrides)


def example(pipeline_type: str) -> dict[str, Any]:
    body: dict[str, Any] = json.loads((EXAMPLES / f"{pipeline_type}.json").read_text())
    return body


def registry_variant(body: dict[str, Any]) -> dict[str, Any]:
    """An example made valid for the model-registry mode: inference pipelines name a model package instead."""
    if body["pipeline_type"].startswith(("byom_realtime", "byom_batch")):
        body = {
            k: v
            for k, v in body.items()
            if k
            not in {
                "model_framework",
                "model_framework_version",
                "custom_image_uri",
                "model_artifact_location",
            }
        }
        body["model_package_name"] = MODEL_PACKAGE
    return body


def group_variant(body: dict[str, Any], group: str = "xgboost", **options: Any) -> dict[str, Any]:
    """`registry_variant`, following a model package group instead of naming one version."""
    followed = {k: v for k, v in registry_variant(body).items() if k != "model_package_name"}
    return {**followed, "model_package_group_name": group, **options}


class CountingSuffix:
    """Deterministic stand-in for the random name suffix: s001, s002, ..."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> str:
        self.count += 1
        return f"s{self.count:03d}"


def register_packages(group: str, *statuses: str) -> list[str]:
    """In moto: a model package group with one version per status, in order; their ARNs."""
    import boto3  # only the functional tests that call this run against moto

    return register_packages_with(boto3.client("sagemaker", region_name="us-east-1"), group, *statuses)


def register_packages_with(sagemaker: Any, group: str, *statuses: str) -> list[str]:
    """`register_packages` with a given SageMaker client (local mode's emulator)."""
    sagemaker.create_model_package_group(ModelPackageGroupName=group)
    arns = []
    for status in statuses:
        created = sagemaker.create_model_package(
            ModelPackageGroupName=group,
            ModelApprovalStatus=status,
            InferenceSpecification={
                "Containers": [{"Image": f"{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/xgboost:1"}],
                "SupportedContentTypes": ["text/csv"],
                "SupportedResponseMIMETypes": ["text/csv"],
            },
        )
        arns.append(created["ModelPackageArn"])
    return arns


def package_state_change(arn: str, status: str) -> dict[str, Any]:
    """The EventBridge event SageMaker sends when a model package's approval status changes."""
    group, version = arn.rsplit("/", 2)[-2:]
    return {
        "version": "0",
        "source": "aws.sagemaker",
        "detail-type": "SageMaker Model Package State Change",
        "detail": {
            "ModelPackageGroupName": group,
            "ModelPackageVersion": int(version),
            "ModelPackageArn": arn,
            "ModelApprovalStatus": status,
        },
    }


def ready_line(stdout: IO[str], log: Path, seconds: float = 60) -> str:
    """The first line a started `mlops-orchestrator local` prints, or a failure that shows its log."""
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: lines.put(stdout.readline()), daemon=True).start()
    try:
        return lines.get(timeout=seconds)
    except queue.Empty:
        pytest.fail(f"local mode printed no ready line within {seconds:.0f} s: {log.read_text()}")


def watch_topic(clients: dict[str, Any], name: str = "topic-watch") -> str:
    """In moto: an SQS queue subscribed to the notifications topic (`clients["topic"]`); its URL."""
    sqs = clients["sqs"]
    queue_url: str = sqs.create_queue(QueueName=name)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    clients["sns"].subscribe(TopicArn=clients["topic"], Protocol="sqs", Endpoint=arn)
    return queue_url


def published_since(clients: dict[str, Any], queue_url: str) -> list[tuple[str, str]]:
    """(subject, message) of each notification the watching queue received since the last call."""
    sqs = clients["sqs"]
    found = []
    while messages := sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get("Messages", []):
        for message in messages:
            body = json.loads(message["Body"])
            found.append((str(body.get("Subject", "")), str(body["Message"])))
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
    return found


class RecordingClient:
    """A boto3 client that records the name of each operation called on it, then calls it."""

    def __init__(self, client: Any) -> None:
        self._client = client
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._client, name)
        if name in {"get_paginator", "meta"} or not callable(attribute):
            return attribute

        def recorded(**kwargs: Any) -> Any:
            self.calls.append((name, kwargs))
            return attribute(**kwargs)

        return recorded
