"""The request that produced a pipeline, kept in its template.zip so that it can be read back (`show`).

template.zip is the pipeline's source: it is replaced exactly when a new request changes the pipeline and
deleted with it, so the request stored there is always the one that produced what is deployed.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

if TYPE_CHECKING:
    from types_boto3_s3 import S3Client

REQUEST_FILE = "request.json"


def request_file_body(request: dict[str, Any]) -> bytes:
    return json.dumps(request, indent=2, sort_keys=True).encode()


def read_request(s3: S3Client, bucket: str, template_zip_key: str) -> dict[str, Any] | None:
    """The request stored in template.zip; None when there is none (gone, or from before requests were stored)."""
    try:
        body = s3.get_object(Bucket=bucket, Key=template_zip_key)["Body"].read()
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            if REQUEST_FILE not in archive.namelist():
                return None
            document = json.loads(archive.read(REQUEST_FILE))
    except (ClientError, zipfile.BadZipFile, ValueError):
        return None  # the request is a courtesy of `show`; its absence must not fail a status
    return document if isinstance(document, dict) else None
