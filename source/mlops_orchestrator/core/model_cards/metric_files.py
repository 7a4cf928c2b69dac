"""The evaluation metric files a request names, read from the assets bucket and parsed, all before any write.

Every file is read and parsed before the card is created or updated, and every bad file is reported at once,
so a bad file never leaves a card half made.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from botocore.exceptions import ClientError

from .. import aws
from ..errors import AwsServiceError, FieldProblem, RequestValidationError
from .metric_formats import MetricFileError, metric_groups
from .paths import METRICS_PREFIX
from .request import Evaluation

if TYPE_CHECKING:
    from types_boto3_s3 import S3Client

# Metric files are kilobytes; a cap keeps a wrong URL (a dataset, a model) from filling the Lambda's memory.
MAX_BYTES = 5 * 1024 * 1024
_MISSING = {"NoSuchKey", "NoSuchBucket", "404", "NotFound"}
_FORBIDDEN = {"AccessDenied", "403", "Forbidden", "AllAccessDisabled", "KMS.DisabledException"}


class _Unreadable(Exception):
    """One file's problem, reported with the others under its field."""


def read_all(
    evaluations: list[Evaluation] | None, s3: S3Client, assets_bucket: str
) -> dict[int, list[dict[str, object]]]:
    """Metric groups by the index of the evaluation that named the file; RequestValidationError for bad files."""
    groups: dict[int, list[dict[str, object]]] = {}
    problems: list[FieldProblem] = []
    for index, evaluation in enumerate(evaluations or []):
        if evaluation.metric_file_s3_url is None or evaluation.metric_type is None:
            continue
        try:
            document = _read(evaluation.metric_file_s3_url, s3, assets_bucket)
            groups[index] = metric_groups(evaluation.metric_type, document)
        except _Unreadable as problem:
            problems.append(FieldProblem(f"evaluation_details[{index}].metric_file_s3_url", str(problem)))
        except MetricFileError as problem:
            problems.append(
                FieldProblem(
                    f"evaluation_details[{index}].metric_file_s3_url",
                    f"is not a {evaluation.metric_type} metric file: {problem}",
                )
            )
    if problems:
        raise RequestValidationError(problems)
    return groups


def location(url: str, assets_bucket: str) -> tuple[str, str]:
    """(bucket, key) of a metric file URL the orchestrator may read, or _Unreadable saying where files go."""
    bucket, _, key = url.removeprefix("s3://").partition("/")
    if bucket != assets_bucket or not key.startswith(f"{METRICS_PREFIX}/"):
        raise _Unreadable(
            f"{url} is not in s3://{assets_bucket}/{METRICS_PREFIX}/: the orchestrator reads metric files "
            "only there (the assets bucket)"
        )
    return bucket, key


def _read(url: str, s3: S3Client, assets_bucket: str) -> object:
    bucket, key = location(url, assets_bucket)
    try:
        response = s3.get_object(Bucket=bucket, Key=key)
        if int(response.get("ContentLength") or 0) > MAX_BYTES:
            raise _Unreadable(f"{url} is {response['ContentLength']} bytes: metric files of up to 5 MB are read")
        body: bytes = response["Body"].read(MAX_BYTES + 1)
    except ClientError as error:
        raise _explain(url, error) from error
    except aws.TRANSPORT_ERRORS as error:
        raise aws.transport_error(error) from error
    if len(body) > MAX_BYTES:
        raise _Unreadable(f"{url} is larger than 5 MB: metric files of up to 5 MB are read")
    try:
        # NaN and infinities are not JSON, and the card could not hold them: read them as null (no value).
        return json.loads(body, parse_constant=lambda _: None)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise _Unreadable(f"{url} is not JSON: {error}") from error


def _explain(url: str, error: ClientError) -> Exception:
    code = aws.error_code(error)
    if code in _MISSING:
        return _Unreadable(f"{url} does not exist")
    if code in _FORBIDDEN or code.startswith("KMS."):
        return _Unreadable(f"the orchestrator cannot read {url} ({code}): check the object's owner and encryption key")
    if code == "InvalidObjectState":
        return _Unreadable(f"{url} is archived (InvalidObjectState): restore it first")
    status = int(error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0)
    if status >= 500:
        # An S3 outage (after the client's retries) is not the caller's doing, nor the orchestrator's: a 502.
        return AwsServiceError("GetObject", code, aws.error_message(error))
    return _Unreadable(f"{url} cannot be read ({code})")
