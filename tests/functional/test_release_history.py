"""The release history file against moto: one entry per release, capped, on any bucket, read in one GET."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import boto3
import pytest

from mlops_orchestrator.core.object_versions import delete_every_version
from mlops_orchestrator.core.release_history import MAX_RELEASES, Recorded, append_release, read_releases
from mlops_orchestrator.local.settings import settings_env
from mlops_orchestrator.orchestrator.runtime import handler
from tests.functional.api_events import api
from tests.support import (
    RecordingClient,
    example,
    group_variant,
    make_settings,
    package_state_change,
    register_packages,
)

BUCKET = "testassetsbucket"
FOLDER = "mlops_provisioned_pipelines/mlops-pipeline-churn-xgboost-byompipelinerealtimebuiltin"
ZIP_KEY = f"{FOLDER}/template.zip"
HISTORY_KEY = f"{FOLDER}/releases.json"


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch, aws_account: dict[str, Any]) -> dict[str, Any]:
    """A registry-mode orchestrator with group `churn`: v1 approved, v2 pending."""
    for key, value in settings_env(make_settings(model_registry=True), config_bucket="config-bucket").items():
        monkeypatch.setenv(key, value)
    return {**aws_account, "arns": register_packages("churn", "Approved", "PendingManualApproval")}


@pytest.fixture
def unversioned(registry: dict[str, Any]) -> dict[str, Any]:
    """The same, with an assets bucket that never had versioning (an existing bucket passed to the stack)."""
    registry["s3"].delete_bucket(Bucket=BUCKET)
    registry["s3"].create_bucket(Bucket=BUCKET)
    return registry


def provision() -> None:
    response = api("/provisionpipeline", group_variant(example("byom_realtime_builtin"), group="churn"))
    assert response["statusCode"] == 200, response


def set_status(arn: str, status: str) -> None:
    boto3.client("sagemaker", region_name="us-east-1").update_model_package(
        ModelPackageArn=arn, ModelApprovalStatus=status
    )
    handler.lambda_handler(package_state_change(arn, status), None)


def stored(clients: dict[str, Any]) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads(clients["s3"].get_object(Bucket=BUCKET, Key=HISTORY_KEY)["Body"].read())
    return entries


def causes(releases: list[dict[str, Any]]) -> list[tuple[int, str]]:
    return [(release["version"], release["cause"]) for release in releases]


def test_each_release_is_appended_and_read_back_in_one_get(registry: dict[str, Any]) -> None:
    arns = registry["arns"]
    provision()
    set_status(arns[1], "Approved")
    assert causes(stored(registry)) == [(1, "request"), (2, "approval")]
    assert [release["model_package"] for release in stored(registry)] == arns
    recording = RecordingClient(registry["s3"])
    assert causes(read_releases(recording, BUCKET, ZIP_KEY)) == [(1, "request"), (2, "approval")]  # type: ignore[arg-type]
    assert [name for name, _ in recording.calls] == ["get_object"]


def test_the_history_keeps_the_newest_releases_only(registry: dict[str, Any]) -> None:
    arns = registry["arns"]
    provision()
    old = [{"time": "2026-01-01T00:00:00+00:00", "model_package": arns[0], "version": 1, "cause": "request"}]
    registry["s3"].put_object(Bucket=BUCKET, Key=HISTORY_KEY, Body=json.dumps(old * MAX_RELEASES).encode())
    set_status(arns[1], "Approved")
    releases = stored(registry)
    assert len(releases) == MAX_RELEASES
    assert causes(releases[-2:]) == [(1, "request"), (2, "approval")]


def test_an_unversioned_bucket_keeps_the_whole_history(unversioned: dict[str, Any]) -> None:
    arns = unversioned["arns"]
    provision()
    set_status(arns[1], "Approved")
    set_status(arns[1], "Rejected")
    assert causes(read_releases(unversioned["s3"], BUCKET, ZIP_KEY)) == [
        (1, "request"),
        (2, "approval"),
        (1, "rejection"),
    ]


def test_a_pipeline_released_before_the_file_existed_keeps_its_history(registry: dict[str, Any]) -> None:
    arns = registry["arns"]
    provision()
    set_status(arns[1], "Approved")
    delete_every_version(registry["s3"], BUCKET, HISTORY_KEY)  # as a pipeline released before this change
    assert causes(read_releases(registry["s3"], BUCKET, ZIP_KEY)) == [(1, "request"), (2, "approval")]
    set_status(arns[1], "Rejected")  # its next release starts the file from template.zip's versions
    assert causes(stored(registry)) == [(1, "request"), (2, "approval"), (1, "rejection")]


class InterferingS3:
    """The moto S3 client; another release writes the history just before this one's first write of it."""

    def __init__(self, s3: Any, other: list[dict[str, Any]]) -> None:
        self._s3 = s3
        self._other = other

    def put_object(self, **kwargs: Any) -> Any:
        if kwargs["Key"] == HISTORY_KEY and self._other:
            self._s3.put_object(Bucket=BUCKET, Key=HISTORY_KEY, Body=json.dumps(self._other).encode())
            self._other = []
        return self._s3.put_object(**kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._s3, name)


@pytest.mark.parametrize("first", [True, False], ids=["no-file-yet", "file"])
def test_two_releases_at_once_keep_both_entries(registry: dict[str, Any], first: bool) -> None:
    arns = registry["arns"]
    provision()
    if first:
        delete_every_version(registry["s3"], BUCKET, HISTORY_KEY)
    before = Recorded.read(registry["s3"], BUCKET, ZIP_KEY)
    meanwhile = [*before.releases, {"time": "t", "model_package": arns[0], "version": 1, "cause": "request"}]
    plan = SimpleNamespace(template_zip_key=ZIP_KEY, model_package=arns[1], release_cause="approval")
    append_release(InterferingS3(registry["s3"], meanwhile), BUCKET, plan, before)  # type: ignore[arg-type]
    assert causes(stored(registry)) == [*causes(meanwhile), (2, "approval")]
