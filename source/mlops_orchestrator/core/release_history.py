"""The releases of a pipeline that deploys a model package: which version, when, and why.

Each upload of template.zip is a release; its metadata records the package version and the cause (a request,
an approval or a rejection), and the versioned assets bucket keeps every upload. Reading the history is
listing template.zip's versions, so it is deleted with them when the pipeline is deprovisioned. On a bucket
without versioning, the history is the latest release only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

if TYPE_CHECKING:
    from types_boto3_s3 import S3Client

    from .planning import Plan

PACKAGE_METADATA = "model-package"
CAUSE_METADATA = "release-cause"


def release_metadata(plan: Plan) -> dict[str, str]:
    """What template.zip's metadata records about the release; nothing when the plan deploys no package."""
    package = plan.model_package
    return {PACKAGE_METADATA: package, CAUSE_METADATA: plan.release_cause} if package else {}


def read_releases(s3: S3Client, bucket: str, template_zip_key: str) -> list[dict[str, Any]]:
    """The pipeline's releases, oldest first; empty when it never deployed a package (or cannot be read)."""
    releases: list[dict[str, Any]] = []
    try:
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
    except ClientError:
        return []  # the history is a courtesy of status; its absence must not fail it
    return releases


def _version(arn: str) -> int | None:
    tail = arn.rsplit("/", 1)[-1]
    return int(tail) if tail.isdigit() else None
