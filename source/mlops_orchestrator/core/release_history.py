"""The releases of a pipeline that deploys a model package: which version, when, and why.

Each upload of template.zip that deploys a package is a release (a request, an approval or a rejection). The
history is a small JSON list next to it, `mlops_provisioned_pipelines/<pipeline>/releases.json`, oldest first,
one entry per release (`time`, `version`, `model_package`, `cause`); it keeps the newest MAX_RELEASES. Every
upload writes it (a pipeline that deploys no package gets an empty list), conditionally on the history it
read, so two releases of one pipeline at once both keep their entry. Reading it is one GET, on any bucket,
versioned or not; deprovisioning deletes it with template.zip.

Pipelines released before the file existed have none: their history is read from template.zip's versions
(whose metadata records each release; on a bucket without versioning, only the latest one), and their next
release starts the file from that history, so nothing known is lost.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from .aws import error_code

if TYPE_CHECKING:
    from types_boto3_s3 import S3Client

    from .planning import Plan

PACKAGE_METADATA = "model-package"
CAUSE_METADATA = "release-cause"
HISTORY_FILE = "releases.json"
MAX_RELEASES = 100
"""The newest releases kept: enough to see how a pipeline got where it is, small enough to read on every status."""
_MISSING = frozenset({"404", "NoSuchKey", "NotFound"})
_CHANGED_MEANWHILE = frozenset({"PreconditionFailed", "ConditionalRequestConflict"})
_WRITE_ATTEMPTS = 5


def release_metadata(plan: Plan) -> dict[str, str]:
    """What template.zip's metadata records about the release; nothing when the plan deploys no package."""
    package = plan.model_package
    return {PACKAGE_METADATA: package, CAUSE_METADATA: plan.release_cause} if package else {}


def history_key(template_zip_key: str) -> str:
    return f"{template_zip_key.rsplit('/', 1)[0]}/{HISTORY_FILE}"


def read_releases(s3: S3Client, bucket: str, template_zip_key: str) -> list[dict[str, Any]]:
    """The pipeline's releases, oldest first; empty when it never deployed a package (or cannot be read)."""
    try:
        return Recorded.read(s3, bucket, template_zip_key).releases
    except ClientError:
        return []  # the history is a courtesy of status; its absence must not fail it


@dataclass(frozen=True)
class Recorded:
    """The history as it stands before a release: its entries and the file's body (None when there is no file)."""

    releases: list[dict[str, Any]]
    body: bytes | None
    etag: str | None = None

    @classmethod
    def read(cls, s3: S3Client, bucket: str, template_zip_key: str) -> Recorded:
        """Raises ClientError when the bucket cannot be read."""
        try:
            found = s3.get_object(Bucket=bucket, Key=history_key(template_zip_key))
        except ClientError as error:
            if error_code(error) not in _MISSING:
                raise
            return cls(_from_template_zip_versions(s3, bucket, template_zip_key), None)
        body = found["Body"].read()
        return cls(_entries(body), body, found.get("ETag"))


@dataclass(frozen=True)
class HistoryWrite:
    """One release appended to the history, with what is needed to take it back."""

    key: str
    version_id: str | None
    previous: bytes | None


def append_release(s3: S3Client, bucket: str, plan: Plan, before: Recorded) -> HistoryWrite | None:
    """Write the history with the plan's release appended; raises ClientError. A plan that deploys no package
    writes the history unchanged (often empty), so that its status never needs the version listing again.

    Two releases of one pipeline at once (a request and an approval) must not lose one another's entry: the
    write is conditional on the history read, and read again when another release changed it meanwhile."""
    if plan.template_zip_key is None:
        return None
    key = history_key(plan.template_zip_key)
    package = plan.model_package
    now = datetime.now(UTC).isoformat(timespec="seconds")
    entry = {"time": now, "model_package": package, "version": _version(package), "cause": plan.release_cause}
    for attempt in range(_WRITE_ATTEMPTS):
        releases = [*before.releases, entry][-MAX_RELEASES:] if package else before.releases
        body = json.dumps(releases, indent=1).encode()
        try:
            version_id = _put_unless_changed(s3, bucket, key, body, before)
        except ClientError as error:
            if error_code(error) not in _CHANGED_MEANWHILE or attempt == _WRITE_ATTEMPTS - 1:
                raise
            before = Recorded.read(s3, bucket, plan.template_zip_key)
            continue
        return HistoryWrite(key, version_id, before.body)
    raise AssertionError("unreachable: the last attempt returns or raises")


def _put_unless_changed(s3: S3Client, bucket: str, key: str, body: bytes, before: Recorded) -> str | None:
    """Replace exactly the history `before` was read from (S3 conditional writes); its new version id."""
    if before.etag:
        response = s3.put_object(Bucket=bucket, Key=key, Body=body, ContentType="application/json", IfMatch=before.etag)
    else:
        response = s3.put_object(Bucket=bucket, Key=key, Body=body, ContentType="application/json", IfNoneMatch="*")
    return response.get("VersionId")


def undo_release(s3: S3Client, bucket: str, write: HistoryWrite) -> None:
    """Take back an appended release: the history becomes what it was before (raises ClientError)."""
    if write.version_id and write.version_id != "null":
        s3.delete_object(Bucket=bucket, Key=write.key, VersionId=write.version_id)
    elif write.previous is None:
        s3.delete_object(Bucket=bucket, Key=write.key)
    else:
        s3.put_object(Bucket=bucket, Key=write.key, Body=write.previous, ContentType="application/json")


def _entries(body: bytes) -> list[dict[str, Any]]:
    try:
        document = json.loads(body)
    except ValueError:
        return []  # unreadable: the next release starts it again
    return [entry for entry in document if isinstance(entry, dict)] if isinstance(document, list) else []


def _from_template_zip_versions(s3: S3Client, bucket: str, template_zip_key: str) -> list[dict[str, Any]]:
    """The history of a pipeline released before releases.json: one HEAD per version of its template.zip."""
    releases: list[dict[str, Any]] = []
    listed = s3.list_object_versions(Bucket=bucket, Prefix=template_zip_key)
    # S3 lists a key's versions newest first (their times may be equal to the second).
    versions = [entry for entry in listed.get("Versions", []) if entry.get("Key") == template_zip_key][::-1]
    for entry in versions:
        head = s3.head_object(Bucket=bucket, Key=template_zip_key, VersionId=entry["VersionId"])
        metadata = head.get("Metadata", {})
        package = metadata.get(PACKAGE_METADATA)
        if package:
            releases.append(
                {
                    "time": entry["LastModified"].isoformat(),
                    "model_package": package,
                    "version": _version(package),
                    "cause": metadata.get(CAUSE_METADATA, "request"),
                }
            )
    return releases[-MAX_RELEASES:]


def _version(arn: str) -> int | None:
    tail = arn.rsplit("/", 1)[-1]
    return int(tail) if tail.isdigit() else None
