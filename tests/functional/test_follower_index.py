"""The follower index against moto: one marker per pipeline using a group, kept in step with its request."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from mlops_orchestrator.core.errors import AwsServiceError
from mlops_orchestrator.core.follower_index import BUILT_KEY, INDEX_PREFIX, FollowerIndex, marker_key
from mlops_orchestrator.core.object_versions import delete_versions, versions_under
from mlops_orchestrator.core.package_versions import resolve_group
from mlops_orchestrator.core.planning import plan_request
from mlops_orchestrator.core.provisioning import Provisioner
from mlops_orchestrator.core.validation import validate_request
from mlops_orchestrator.local.settings import settings_env
from mlops_orchestrator.orchestrator.runtime import handler
from tests.functional.api_events import api, body_of
from tests.support import (
    RecordingClient,
    example,
    group_variant,
    make_settings,
    package_state_change,
    register_packages,
)

BUCKET = "testassetsbucket"


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch, aws_account: dict[str, Any]) -> dict[str, Any]:
    """A registry-mode orchestrator with groups `churn` (v1 approved, v2 pending) and `other` (v1 approved)."""
    for key, value in settings_env(make_settings(model_registry=True), config_bucket="config-bucket").items():
        monkeypatch.setenv(key, value)
    churn = register_packages("churn", "Approved", "PendingManualApproval")
    other = register_packages("other", "Approved")
    return {**aws_account, "churn": churn, "other": other}


def pipeline(model: str) -> str:
    return f"mlops-pipeline-{model}-byompipelinerealtimebuiltin"


def request(model: str, group: str | None = None, package: str | None = None) -> dict[str, Any]:
    """A real-time request for `model` that follows `group`, or names the version `package`."""
    body = {**group_variant(example("byom_realtime_builtin"), group=group or "unused"), "model_name": model}
    if package is not None:
        del body["model_package_group_name"]
        body["model_package_name"] = package
    return body


def follow(model: str, group: str | None = None, package: str | None = None) -> dict[str, Any]:
    """Provision `request(model, group, package)`; its answer."""
    response = api("/provisionpipeline", request(model, group, package))
    assert response["statusCode"] == 200, response
    return body_of(response)


def index_keys(clients: dict[str, Any]) -> list[str]:
    """Every key under the index that has any version left (markers and the built marker)."""
    return sorted({entry["Key"] for entry in versions_under(clients["s3"], BUCKET, INDEX_PREFIX)})


def index(clients: dict[str, Any], now: datetime | None = None) -> FollowerIndex:
    return FollowerIndex(clients["s3"], BUCKET, now=(lambda: now) if now else lambda: datetime.now(UTC))


def test_a_follower_and_a_pipeline_pinned_to_a_version_are_indexed_but_only_the_follower_follows(
    registry: dict[str, Any],
) -> None:
    follow("a", "churn")
    follow("b", package=registry["churn"][0])
    assert index_keys(registry) == [marker_key("churn", pipeline("a")), marker_key("churn", pipeline("b"))]
    assert [f.name for f in index(registry).followers("churn")] == [pipeline("a")]
    assert [(u.name, u.follows) for u in index(registry).users("churn")] == [
        (pipeline("a"), True),
        (pipeline("b"), False),
    ]
    listed = body_of(api("/listpipelines", {"model_package_group_name": "churn"}))["pipelines"]
    assert sorted((p["stack_name"], p["follows_group"]) for p in listed) == [
        (f"{pipeline('a')}-codepipeline", True),
        (f"{pipeline('b')}-codepipeline", False),
    ]


def test_following_another_group_moves_the_marker_and_pinning_a_version_moves_it_to_that_group(
    registry: dict[str, Any],
) -> None:
    follow("a", "churn")
    follow("a", "other")
    assert index_keys(registry) == [marker_key("other", pipeline("a"))]  # no version of the churn marker is left
    follow("a", package=registry["churn"][0])
    assert index_keys(registry) == [marker_key("churn", pipeline("a"))]
    assert index(registry).followers("churn") == []  # pinned: approvals leave it alone
    assert index_keys(registry) == [BUILT_KEY, marker_key("churn", pipeline("a"))]


def test_deprovisioning_removes_the_marker_and_every_object_of_the_pipeline(registry: dict[str, Any]) -> None:
    pipeline_id = follow("a", "churn")["pipeline_id"]
    dry = body_of(api("/deprovisionpipeline", {"pipeline_id": pipeline_id, "dry_run": True}))
    assert f"s3://{BUCKET}/{marker_key('churn', pipeline('a'))}" in dry["would_delete"]
    body = body_of(api("/deprovisionpipeline", {"pipeline_id": pipeline_id}))
    assert f"s3://{BUCKET}/{marker_key('churn', pipeline('a'))}" in body["deleted"]
    assert index_keys(registry) == []
    assert versions_under(registry["s3"], BUCKET, f"mlops_provisioned_pipelines/{pipeline('a')}/") == []


class RefusingCloudFormation:
    """The moto CloudFormation client, refusing every stack creation and update."""

    def __init__(self, cloudformation: Any) -> None:
        self._cfn = cloudformation

    def create_stack(self, **_kwargs: Any) -> None:
        raise ClientError({"Error": {"Code": "AccessDenied", "Message": "refused"}}, "CreateStack")

    def update_stack(self, **_kwargs: Any) -> None:
        raise ClientError({"Error": {"Code": "AccessDenied", "Message": "refused"}}, "UpdateStack")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cfn, name)


def provision_refused(clients: dict[str, Any], body: dict[str, Any]) -> None:
    settings = make_settings(model_registry=True)
    validated = resolve_group(validate_request(body, settings), boto3.client("sagemaker", region_name="us-east-1"))
    provisioner = Provisioner(settings, clients["s3"], RefusingCloudFormation(clients["cloudformation"]))  # type: ignore[arg-type]
    with pytest.raises(AwsServiceError, match="refused"):
        provisioner.provision(plan_request(validated, settings))


def test_a_refused_creation_leaves_no_marker_and_no_history(registry: dict[str, Any]) -> None:
    provision_refused(registry, request("a", "churn"))
    assert versions_under(registry["s3"], BUCKET, "mlops_provisioned_pipelines/") == []


def test_a_refused_move_keeps_the_old_marker_and_history(registry: dict[str, Any]) -> None:
    follow("a", "churn")
    history = f"mlops_provisioned_pipelines/{pipeline('a')}/releases.json"
    before = registry["s3"].get_object(Bucket=BUCKET, Key=history)["Body"].read()
    provision_refused(registry, request("a", "other"))
    assert index_keys(registry) == [marker_key("churn", pipeline("a"))]
    assert registry["s3"].get_object(Bucket=BUCKET, Key=history)["Body"].read() == before
    assert [f.name for f in index(registry).followers("churn")] == [pipeline("a")]


def test_a_stale_marker_is_skipped_and_removed_only_once_old(registry: dict[str, Any]) -> None:
    follow("a", "churn")
    registry["s3"].put_object(Bucket=BUCKET, Key=marker_key("churn", pipeline("gone")), Body=b"")
    registry["s3"].put_object(Bucket=BUCKET, Key=marker_key("churn", pipeline("moved")), Body=b"")
    follow("moved", "other")
    registry["s3"].put_object(Bucket=BUCKET, Key=marker_key("churn", pipeline("moved")), Body=b"")
    assert [f.name for f in index(registry).followers("churn")] == [pipeline("a")]
    # Young markers may belong to a provisioning under way (marker first, template.zip next): they stay.
    assert marker_key("churn", pipeline("gone")) in index_keys(registry)
    later = datetime.now(UTC) + timedelta(hours=1)
    assert [f.name for f in index(registry, now=later).followers("churn")] == [pipeline("a")]
    assert [key for key in index_keys(registry) if key.startswith(f"{INDEX_PREFIX}churn/")] == [
        marker_key("churn", pipeline("a"))
    ]
    assert marker_key("other", pipeline("moved")) in index_keys(registry)


def test_pipelines_from_before_the_index_are_found_by_a_one_off_scan(registry: dict[str, Any]) -> None:
    follow("a", "churn")
    follow("b", "other")
    follow("c", package=registry["churn"][0])
    delete_versions(registry["s3"], BUCKET, versions_under(registry["s3"], BUCKET, INDEX_PREFIX))  # as before
    assert [f.name for f in index(registry).followers("churn")] == [pipeline("a")]
    assert index_keys(registry) == sorted(
        [
            BUILT_KEY,
            marker_key("churn", pipeline("a")),
            marker_key("churn", pipeline("c")),  # pinned to a churn version: indexed, never released
            marker_key("other", pipeline("b")),
        ]
    )
    # The scan runs once: afterwards a pipeline without a marker is not looked for.
    registry["s3"].delete_object(Bucket=BUCKET, Key=marker_key("other", pipeline("b")))
    assert index(registry).followers("other") == []


def test_an_approval_reaches_a_pipeline_provisioned_before_the_index(registry: dict[str, Any]) -> None:
    follow("a", "churn")
    delete_versions(registry["s3"], BUCKET, versions_under(registry["s3"], BUCKET, INDEX_PREFIX))
    arn = registry["churn"][1]
    sagemaker = boto3.client("sagemaker", region_name="us-east-1")
    sagemaker.update_model_package(ModelPackageArn=arn, ModelApprovalStatus="Approved")
    result = handler.lambda_handler(package_state_change(arn, "Approved"), None)
    assert [release["model_package_name"] for release in result["releases"]] == [arn]


def test_a_lookup_reads_only_the_template_zips_of_the_groups_followers(registry: dict[str, Any]) -> None:
    for model in ("a", "b"):
        follow(model, "churn")
    for model in ("c", "d", "e"):
        follow(model, "other")
    follow("f", package=registry["churn"][0])
    index(registry).followers("churn")  # builds the index once (the upgrade scan reads every template.zip)
    recording = RecordingClient(registry["s3"])
    followers = FollowerIndex(recording, BUCKET).followers("churn")  # type: ignore[arg-type]
    assert sorted(f.name for f in followers) == [pipeline("a"), pipeline("b")]
    # The pipelines that use the group (two follow it, one is pinned to a version), none of the other group's.
    assert sorted(call["Key"] for name, call in recording.calls if name == "get_object") == sorted(
        f"mlops_provisioned_pipelines/{pipeline(model)}/template.zip" for model in ("a", "b", "f")
    )


def test_listpipelines_with_a_group_answers_the_pipelines_using_it_from_the_index(registry: dict[str, Any]) -> None:
    follow("a", "churn")
    follow("b", "other")
    follow("c", package=registry["churn"][0])
    listed = body_of(api("/listpipelines", {"model_package_group_name": "churn"}))
    assert sorted((item["stack_name"], item["follows_group"]) for item in listed["pipelines"]) == [
        (f"{pipeline('a')}-codepipeline", True),
        (f"{pipeline('c')}-codepipeline", False),
    ]
    assert listed["pipelines"][0]["pipeline_type"] == "byom_realtime_builtin"
    assert body_of(api("/listpipelines", {"model_package_group_name": "nobody-follows"})) == {"pipelines": []}
    refused = api("/listpipelines", {"model_package_group_name": "not a group"})
    assert refused["statusCode"] == 400
    assert [error["field"] for error in body_of(refused)["errors"]] == ["model_package_group_name"]
    # One page answers a group: paging keys with it are refused, every one named, not silently ignored.
    paged = api("/listpipelines", {"model_package_group_name": "churn", "max_results": 5, "next_token": "abc"})
    assert paged["statusCode"] == 400
    assert [error["field"] for error in body_of(paged)["errors"]] == ["max_results", "next_token"]
