"""The emulator's S3, read and written the way a SageMaker job's container would: directly, in-process.

Jobs run inside moto's request threads or the simulator's timers, so they use moto's S3 backend rather than
an HTTP client (no endpoint, credentials or account switching needed). Buckets are found across accounts,
as a stage account's job reads the orchestrator account's assets bucket on AWS.
"""

from __future__ import annotations

from urllib.parse import urlparse

from moto.s3.exceptions import MissingBucket
from moto.s3.models import FakeKey, s3_backends

PARTITION = "aws"


class MissingInput(Exception):
    """An input location with no object under it (the job fails with a ClientError, as on AWS)."""


def split(uri: str) -> tuple[str, str]:
    """`s3://bucket/key` -> (bucket, key)."""
    parsed = urlparse(uri)
    return parsed.netloc, parsed.path.lstrip("/")


def join(uri: str, *parts: str) -> str:
    return "/".join([uri.rstrip("/"), *(part.strip("/") for part in parts)])


def keys_under(account_id: str, uri: str) -> list[str]:
    """Every object key under `uri` taken as a prefix, sorted; empty when the bucket does not exist."""
    bucket_name, prefix = split(uri)
    try:
        bucket = s3_backends[account_id][PARTITION].get_bucket(bucket_name)
    except MissingBucket:
        return []
    return sorted(
        name for name in list(bucket.keys.keys()) if name.startswith(prefix) and isinstance(bucket.keys[name], FakeKey)
    )


def read(account_id: str, uri: str) -> bytes:
    bucket_name, key = split(uri)
    try:
        found = s3_backends[account_id][PARTITION].get_object(bucket_name, key)
    except MissingBucket as error:
        raise MissingInput(f"the bucket {bucket_name} does not exist") from error
    if not isinstance(found, FakeKey):
        raise MissingInput(f"{uri} does not exist")
    return bytes(found.value)


def read_inputs(account_id: str, uri: str) -> dict[str, bytes]:
    """The objects under an S3Prefix input, by key; MissingInput when there is none."""
    bucket_name, _ = split(uri)
    keys = keys_under(account_id, uri)
    if not keys:
        raise MissingInput(f"no S3 objects were found under {uri}")
    return {key: read(account_id, f"s3://{bucket_name}/{key}") for key in keys}


def write(account_id: str, uri: str, body: bytes) -> None:
    bucket_name, key = split(uri)
    try:
        s3_backends[account_id][PARTITION].put_object(bucket_name, key, body)
    except MissingBucket as error:
        raise MissingInput(f"the output bucket {bucket_name} does not exist") from error
