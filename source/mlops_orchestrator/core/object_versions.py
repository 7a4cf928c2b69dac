"""Removing an object of the assets bucket for good: every version and delete marker, versioned bucket or not.

Deleting the current version of a key in a versioned bucket only hides it behind a delete marker; what a pipeline
leaves in the bucket has to go with it entirely, so deletions here list and remove every version.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from types_boto3_s3 import S3Client
    from types_boto3_s3.type_defs import ObjectIdentifierTypeDef

_BATCH = 1000  # the most keys one DeleteObjects call takes


def versions_under(s3: S3Client, bucket: str, prefix: str) -> list[ObjectIdentifierTypeDef]:
    """Every version and delete marker of every key starting with `prefix` (raises ClientError)."""
    found: list[ObjectIdentifierTypeDef] = []
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket, Prefix=prefix):
        for entry in [*page.get("Versions", []), *page.get("DeleteMarkers", [])]:
            found.append({"Key": entry["Key"], "VersionId": entry["VersionId"]})
    return found


def versions_of(s3: S3Client, bucket: str, key: str) -> list[ObjectIdentifierTypeDef]:
    """Every version and delete marker of exactly `key` (a prefix listing also finds longer keys)."""
    return [entry for entry in versions_under(s3, bucket, key) if entry["Key"] == key]


def delete_versions(s3: S3Client, bucket: str, versions: list[ObjectIdentifierTypeDef]) -> None:
    """Delete the listed versions (raises ClientError)."""
    for start in range(0, len(versions), _BATCH):
        s3.delete_objects(Bucket=bucket, Delete={"Objects": versions[start : start + _BATCH], "Quiet": True})


def delete_every_version(s3: S3Client, bucket: str, key: str) -> None:
    delete_versions(s3, bucket, versions_of(s3, bucket, key))
