"""The last `mlops-config.json` upload that could not be provisioned, kept where /listpipelines and
/pipelinestatus can show it.

An upload has no caller to answer: its failure goes to the notifications topic, and is kept here as one small
JSON object in the assets bucket (beside the pipelines' template.zip files, under the prefix the orchestrator
may already write). A later upload that provisions clears it. Reading or writing it never fails a request:
it is a convenience on top of the notification, not a record anything depends on.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from .aws import TRANSPORT_ERRORS
from .catalog.codepipeline import PROVISIONED_PREFIX

if TYPE_CHECKING:
    from types_boto3_s3 import S3Client

LAST_FAILURE_KEY = f"{PROVISIONED_PREFIX}/last-config-file-failure.json"
_AWS_FAILED: tuple[type[Exception], ...] = (ClientError, *TRANSPORT_ERRORS)
_UNREADABLE: tuple[type[Exception], ...] = (*_AWS_FAILED, ValueError)


class ConfigFailures:
    def __init__(self, s3: S3Client, bucket: str) -> None:
        self._s3 = s3
        self._bucket = bucket

    def record(self, failure: dict[str, Any]) -> None:
        try:
            self._s3.put_object(
                Bucket=self._bucket,
                Key=LAST_FAILURE_KEY,
                Body=json.dumps(failure).encode(),
                ContentType="application/json",
            )
        except _AWS_FAILED:
            return

    def clear(self) -> None:
        try:
            self._s3.delete_object(Bucket=self._bucket, Key=LAST_FAILURE_KEY)
        except _AWS_FAILED:
            return

    def last(self) -> dict[str, Any] | None:
        try:
            raw = self._s3.get_object(Bucket=self._bucket, Key=LAST_FAILURE_KEY)["Body"].read()
            value = json.loads(raw)
        except _UNREADABLE:
            return None
        return value if isinstance(value, dict) else None
