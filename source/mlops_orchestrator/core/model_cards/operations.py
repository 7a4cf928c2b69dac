"""The six model-card operations of POST /provisionpipeline, with the original's response messages."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, TypeVar

from botocore.exceptions import ClientError

from .. import aws
from ..errors import AwsServiceError, FieldProblem, RequestValidationError
from ..jsonable import jsonable
from . import content, metric_files
from .errors import card_error
from .paths import EXPORT_PREFIX
from .request import ModelCardRequest, parse

if TYPE_CHECKING:
    from types_boto3_s3 import S3Client
    from types_boto3_sagemaker import SageMakerClient
    from types_boto3_sagemaker.type_defs import (
        CreateModelCardExportJobRequestTypeDef,
        DescribeModelCardRequestTypeDef,
        DescribeModelCardResponseTypeDef,
        UpdateModelCardRequestTypeDef,
    )

Response = TypeVar("Response")

# The export job is quick; API Gateway stops waiting at 29 s, so poll for at most this long.
EXPORT_WAIT_SECONDS = 20.0
EXPORT_POLL_SECONDS = 2.0


class ModelCards:
    def __init__(
        self,
        sagemaker: SageMakerClient,
        assets_bucket: str,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        s3: S3Client | None = None,
    ) -> None:
        self._sagemaker = sagemaker
        self._s3 = s3
        self._assets_bucket = assets_bucket
        self._sleep = sleep
        self._clock = clock

    def run(self, body: Mapping[str, object]) -> dict[str, object]:
        """The response body {"message": ...} of one operation, named by body["pipeline_type"]."""
        request = parse(body)
        operation: Callable[[ModelCardRequest], object] = getattr(self, f"_{request.pipeline_type}")
        return {"message": operation(request)}

    def _create_model_card(self, request: ModelCardRequest) -> object:
        name = _name(request)
        document = self._content(request)
        self._call(
            "CreateModelCard",
            name,
            lambda: self._sagemaker.create_model_card(
                ModelCardName=name, Content=json.dumps(document), ModelCardStatus=request.status or "Draft"
            ),
        )
        return self._describe(name, None)

    def _update_model_card(self, request: ModelCardRequest) -> object:
        name = _name(request)
        arguments: UpdateModelCardRequestTypeDef = {"ModelCardName": name}
        if request.sections_given():
            sections = self._content(request)
            current = self._described(name, request.version)
            # The card's other sections are kept: a section given in the request replaces the card's one.
            merged = {**json.loads(current.get("Content") or "{}"), **sections}
            arguments["Content"] = json.dumps(merged)
        if request.status is not None:
            arguments["ModelCardStatus"] = request.status
        if len(arguments) == 1:
            raise RequestValidationError([FieldProblem("body", "gives nothing to update: a section or a status")])
        self._call("UpdateModelCard", name, lambda: self._sagemaker.update_model_card(**arguments))
        return self._describe(name, None)

    def _describe_model_card(self, request: ModelCardRequest) -> object:
        return self._describe(_name(request), request.version)

    def _delete_model_card(self, request: ModelCardRequest) -> str:
        name = _name(request)
        self._call("DeleteModelCard", name, lambda: self._sagemaker.delete_model_card(ModelCardName=name))
        return f"Model card with the name: {name} has been deleted"

    def _export_model_card(self, request: ModelCardRequest) -> str:
        name = _name(request)
        output = f"s3://{self._assets_bucket}/{EXPORT_PREFIX}"
        arguments: CreateModelCardExportJobRequestTypeDef = {
            "ModelCardName": name,
            "ModelCardExportJobName": request.export_job_name or _export_job_name(name),
            "OutputConfig": {"S3OutputPath": output},
        }
        if request.model_card_version is not None:
            arguments["ModelCardVersion"] = request.model_card_version
        job = self._call(
            "CreateModelCardExportJob", name, lambda: self._sagemaker.create_model_card_export_job(**arguments)
        )
        self._wait_for_export(job["ModelCardExportJobArn"], name)
        return f"Model card with the name: {name} has been exported to {output}"

    def _list_model_cards(self, request: ModelCardRequest) -> object:
        return jsonable(self._call("ListModelCards", "", self._sagemaker.list_model_cards))

    # -- helpers ---------------------------------------------------------------------------------

    def _content(self, request: ModelCardRequest) -> dict[str, object]:
        """The sections to write, with every metric file read and every discovery made: nothing is written yet."""
        file_groups: dict[int, list[dict[str, object]]] = {}
        if any(e.metric_file_s3_url for e in request.evaluation_details or []):
            file_groups = metric_files.read_all(request.evaluation_details, self._s3_client(), self._assets_bucket)
        return content.build(request, self._sagemaker, file_groups)

    def _s3_client(self) -> S3Client:
        # Made on first use: most model-card requests name no metric file, and a client costs cold-start time.
        if self._s3 is None:
            self._s3 = aws.client("s3", self._sagemaker.meta.region_name)
        return self._s3

    def _describe(self, name: str, version: int | None) -> object:
        return jsonable(self._described(name, version))

    def _described(self, name: str, version: int | None) -> DescribeModelCardResponseTypeDef:
        arguments: DescribeModelCardRequestTypeDef = {"ModelCardName": name}
        if version is not None:
            arguments["ModelCardVersion"] = version
        return self._call("DescribeModelCard", name, lambda: self._sagemaker.describe_model_card(**arguments))

    def _wait_for_export(self, job_arn: str, name: str) -> None:
        """Wait as the SDK's export_pdf did, so "has been exported" is true; fail on a failed job."""
        deadline = self._clock() + EXPORT_WAIT_SECONDS
        while True:
            job = self._call(
                "DescribeModelCardExportJob",
                name,
                lambda: self._sagemaker.describe_model_card_export_job(ModelCardExportJobArn=job_arn),
            )
            status = job["Status"]
            if status == "Completed":
                return
            if status == "Failed":
                reason = job.get("FailureReason", "no reason given")
                raise AwsServiceError("CreateModelCardExportJob", "ExportFailed", reason)
            if self._clock() >= deadline:
                raise AwsServiceError(
                    "CreateModelCardExportJob", "ExportStillRunning", f"export job {job_arn} is still {status}", 504
                )
            self._sleep(EXPORT_POLL_SECONDS)

    @staticmethod
    def _call(operation: str, name: str, call: Callable[[], Response]) -> Response:
        """The SageMaker call's response; its error as the orchestrator's, naming the card."""
        try:
            return call()
        except ClientError as error:
            raise card_error(operation, error, f"Model card {name} does not exist.") from error


def _name(request: ModelCardRequest) -> str:
    assert request.name is not None  # parse() requires it for every operation but listing
    return request.name


def _export_job_name(name: str) -> str:
    # The SDK's unique_name_from_base: the card's name, trimmed, with a millisecond timestamp (63 chars max).
    stamp = time.strftime("%Y-%m-%d-%H-%M-%S", time.gmtime()) + f"-{int(time.time() * 1000) % 1000:03d}"
    return f"{name[: 62 - len(stamp)]}-{stamp}"
