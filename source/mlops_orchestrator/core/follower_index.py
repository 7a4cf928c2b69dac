"""Which pipelines use a model package group (follow it, or deploy one of its versions by name), found without
opening every pipeline's template.zip.

Layout in the assets bucket, under the prefix the orchestrator already owns:

    mlops_provisioned_pipelines/_registry_followers/<group>/<pipeline>   one empty marker per pipeline using it
    mlops_provisioned_pipelines/_registry_followers/_index-built          the upgrade scan below has run

`<pipeline>` is the pipeline's blueprint stack name, the folder its template.zip lives in. Stack names cannot
contain "_" and group names cannot start with it, so no marker collides with a pipeline's folder or a group.

The markers are a hint; the request stored in template.zip is the truth. A lookup lists the group's markers
and opens only those pipelines' template.zip, keeping the ones whose request names the group. A missing
marker would be a missed release, so provisioning writes the new group's marker *before* uploading
template.zip and removes the old group's marker only once the new template.zip is in place; a marker whose
pipeline is gone or follows something else by now is skipped, and removed once it is older than any
provisioning still under way (STALE_AFTER). The key is the stored request's `model_package_group_name`, or the
group of its `model_package_name` (a pipeline pinned to one version), whatever the pipeline type: approvals act
on the followers only, `registry list` shows every pipeline that runs a version of the group.

Pipelines provisioned before the index existed have no marker. The first lookup that finds no
`_index-built` marker scans every template.zip once, writes the markers of every follower, then writes
`_index-built`.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from .aws import error_code
from .catalog.codepipeline import PROVISIONED_PREFIX, TEMPLATE_ZIP_NAME, template_zip_key
from .fields import model_package_group
from .fields import model_package_version as version_of
from .object_versions import delete_every_version
from .package_versions import PackageVersion
from .request_record import REQUEST_FILE

if TYPE_CHECKING:
    from types_boto3_s3 import S3Client

INDEX_PREFIX = f"{PROVISIONED_PREFIX}/_registry_followers/"
BUILT_KEY = f"{INDEX_PREFIX}_index-built"
STALE_AFTER = timedelta(minutes=15)
"""Longer than a provisioning takes between writing a marker and uploading its template.zip."""
GROUP_KEY = "model_package_group_name"
PACKAGE_KEY = "model_package_name"
_MISSING = frozenset({"404", "NoSuchKey", "NotFound"})


def marker_key(group: str, pipeline: str) -> str:
    return f"{INDEX_PREFIX}{group}/{pipeline}"


def followed_group(request: dict[str, Any] | None) -> str | None:
    """The group a stored request follows, if any."""
    group = (request or {}).get(GROUP_KEY)
    return group if isinstance(group, str) and group else None


def indexed_group(request: dict[str, Any] | None) -> str | None:
    """The group a stored request uses: the one it follows, or the group of the version it names."""
    pinned = (request or {}).get(PACKAGE_KEY)
    return followed_group(request) or (model_package_group(pinned) if isinstance(pinned, str) else "") or None


@dataclass(frozen=True)
class Follower:
    """A pipeline that uses a group: its stored request and the package version it deploys now."""

    template_zip_key: str
    request: dict[str, Any]
    deployed: PackageVersion | None

    @property
    def name(self) -> str:
        return self.template_zip_key.split("/")[-2]

    @property
    def follows(self) -> bool:
        """It follows its group (rather than naming one version of it)."""
        return followed_group(self.request) is not None


class FollowerIndex:
    def __init__(self, s3: S3Client, bucket: str, now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._s3 = s3
        self._bucket = bucket
        self._now = now

    def follow(self, group: str, pipeline: str) -> None:
        self._s3.put_object(Bucket=self._bucket, Key=marker_key(group, pipeline), Body=b"")

    def unfollow(self, group: str, pipeline: str) -> None:
        delete_every_version(self._s3, self._bucket, marker_key(group, pipeline))

    def followers(self, group: str) -> list[Follower]:
        """The pipelines whose stored request follows `group` (raises ClientError when the bucket cannot be read)."""
        return [user for user in self.users(group) if user.follows]

    def users(self, group: str) -> list[Follower]:
        """The pipelines whose stored request follows `group` or names one of its versions."""
        if not self._built():
            self._build()
        found = []
        for key, modified in self._markers(f"{INDEX_PREFIX}{group}/"):
            pipeline = key.rsplit("/", 1)[-1]
            user = read_follower(self._s3, self._bucket, template_zip_key(pipeline))
            if user is not None and indexed_group(user.request) == group:
                found.append(user)
            elif self._now() - modified > STALE_AFTER:
                self.unfollow(group, pipeline)  # deprovisioned, or moved to another group
        return found

    def _built(self) -> bool:
        try:
            self._s3.head_object(Bucket=self._bucket, Key=BUILT_KEY)
        except ClientError as error:
            if error_code(error) in _MISSING:
                return False
            raise
        return True

    def _build(self) -> None:
        """Write the marker of every pipeline that uses a group; done once, for pipelines from before the index."""
        for key, _ in self._markers(f"{PROVISIONED_PREFIX}/"):
            if key.startswith(INDEX_PREFIX) or not key.endswith(f"/{TEMPLATE_ZIP_NAME}"):
                continue
            follower = read_follower(self._s3, self._bucket, key)
            group = indexed_group(follower.request) if follower else None
            if follower is not None and group is not None:
                self.follow(group, follower.name)
        self._s3.put_object(Bucket=self._bucket, Key=BUILT_KEY, Body=b"")

    def _markers(self, prefix: str) -> list[tuple[str, datetime]]:
        pages = self._s3.get_paginator("list_objects_v2").paginate(Bucket=self._bucket, Prefix=prefix)
        return [(item["Key"], item["LastModified"]) for page in pages for item in page.get("Contents", [])]


def read_follower(s3: S3Client, bucket: str, key: str) -> Follower | None:
    """The pipeline whose template.zip is at `key`, when its stored request uses a group; None otherwise
    (also when template.zip is gone). Any other S3 error is raised: a pipeline that could not be read is not
    one that does not follow."""
    try:
        body = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
    except ClientError as error:
        if error_code(error) in _MISSING:
            return None
        raise
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            names = archive.namelist()
            if REQUEST_FILE not in names:
                return None
            request = json.loads(archive.read(REQUEST_FILE))
            params = [json.loads(archive.read(name)) for name in sorted(names) if name.endswith("template_params.json")]
    except (zipfile.BadZipFile, ValueError):
        return None
    if not isinstance(request, dict) or indexed_group(request) is None:
        return None
    return Follower(key, request, _deployed(params))


def _deployed(params_files: list[Any]) -> PackageVersion | None:
    """The package version in the params files (single form `{"Parameters": {...}}` or the per-stage list form)."""
    for document in params_files:
        values = (
            document.get("Parameters", {})
            if isinstance(document, dict)
            else {p.get("ParameterKey"): p.get("ParameterValue") for p in document if isinstance(p, dict)}
        )
        arn = values.get("ModelPackageName")
        number = version_of(arn) if isinstance(arn, str) else None
        if number is not None:
            return PackageVersion(number, str(arn))
    return None
