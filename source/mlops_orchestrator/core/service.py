"""The orchestrator's use cases, independent of where they run (Lambda, local mode, CLI)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_plus

from botocore.exceptions import ClientError

from . import aws
from .catalog import MODEL_CARD_OPERATIONS
from .errors import (
    BadRequestError,
    FieldProblem,
    NotImplementedYetError,
    OrchestratorError,
    RequestValidationError,
)
from .planning import plan_request
from .provisioning import Provisioner
from .settings import Settings
from .status import StatusReader
from .validation import validate_request

CONFIG_FILE_KEY = "mlops-config.json"


@dataclass(frozen=True)
class Outcome:
    """A successful result: the body a client receives with HTTP 200."""

    body: dict[str, Any]


class ConfigFileError(Exception):
    """One or more mlops-config.json uploads could not be provisioned. Raised so S3's invocation retries."""


class Orchestrator:
    def __init__(self, settings: Settings, client: Callable[[str], Any] | None = None) -> None:
        self.settings = settings
        self._client = client or (lambda service: aws.client(service, settings.region))

    # -- /provisionpipeline ------------------------------------------------------------------------

    def provision(self, body: Any) -> Outcome:
        if isinstance(body, dict) and body.get("pipeline_type") in MODEL_CARD_OPERATIONS:
            return self.model_card(body)
        validated = validate_request(body, self.settings)
        plan = plan_request(validated, self.settings)
        warnings = [problem.as_dict() for problem in validated.warnings]
        if validated.dry_run:
            result: dict[str, Any] = {
                "message": "Dry run: nothing was created or changed.",
                "plan": plan.as_dict(),
            }
        else:
            outcome = Provisioner(self.settings, self._client("s3"), self._client("cloudformation")).provision(plan)
            result = {"message": outcome.message, "pipeline_id": outcome.pipeline_id}
        if warnings:
            result["warnings"] = warnings
        return Outcome(result)

    def model_card(self, body: dict[str, Any]) -> Outcome:
        raise NotImplementedYetError(
            f"The model card operation {body['pipeline_type']} is routed here but not implemented yet."
        )

    # -- /pipelinestatus -------------------------------------------------------------------------

    def status(self, body: Any) -> Outcome:
        pipeline_id = body.get("pipeline_id") if isinstance(body, dict) else None
        if not isinstance(pipeline_id, str) or not pipeline_id.strip():
            raise RequestValidationError(
                [FieldProblem("pipeline_id", "is required: the pipeline_id returned by /provisionpipeline")],
                "Bad request. API body does not have the necessary parameter: pipeline_id",
            )
        reader = StatusReader(self._client("cloudformation"), self._client("codepipeline"))
        return Outcome(reader.status(pipeline_id.strip()))

    # -- s3://<config bucket>/mlops-config.json ----------------------------------------------------

    def config_file_event(self, event: dict[str, Any], config_bucket: str | None = None) -> list[Outcome]:
        """Provision from every `mlops-config.json` record; raise after all were tried if any failed."""
        outcomes = []
        failures = []
        for record in event.get("Records", []):
            if record.get("eventSource") != "aws:s3" or not str(record.get("eventName", "")).startswith(
                "ObjectCreated"
            ):
                continue
            bucket = record["s3"]["bucket"]["name"]
            key = unquote_plus(record["s3"]["object"]["key"])
            if key != CONFIG_FILE_KEY or (config_bucket and bucket != config_bucket):
                continue
            try:
                outcomes.append(self._provision_config_file(bucket, key))
            except (OrchestratorError, ClientError, ValueError) as error:
                failures.append(f"s3://{bucket}/{key}: {describe_failure(error)}")
        if failures:
            self._notify("mlops-config.json could not be provisioned", "\n".join(failures))
            raise ConfigFileError("; ".join(failures))
        return outcomes

    def _provision_config_file(self, bucket: str, key: str) -> Outcome:
        try:
            raw = self._client("s3").get_object(Bucket=bucket, Key=key)["Body"].read()
        except ClientError as error:
            raise aws.service_error("GetObject", error) from error
        try:
            body = json.loads(raw)
        except ValueError as error:
            raise RequestValidationError(
                [FieldProblem("body", f"is not valid JSON: {error}")],
                "Bad request. mlops-config.json is not valid JSON.",
            ) from error
        if isinstance(body, dict) and body.get("pipeline_type") in MODEL_CARD_OPERATIONS:
            raise BadRequestError(
                "Model card operations are not available through mlops-config.json; "
                "call POST /provisionpipeline instead."
            )
        return self.provision(body)

    def _notify(self, subject: str, message: str) -> None:
        if not self.settings.notifications_topic_arn:
            return
        # A failed notification must not hide the failure itself: ConfigFileError is raised regardless.
        with contextlib.suppress(ClientError):
            self._client("sns").publish(
                TopicArn=self.settings.notifications_topic_arn, Subject=subject, Message=message
            )


def describe_failure(error: BaseException) -> str:
    if isinstance(error, RequestValidationError):
        return "; ".join(f"{problem.field}: {problem.message}" for problem in error.problems)
    return str(error)
