"""The orchestrator's use cases, independent of where they run (Lambda, local mode, CLI)."""

from __future__ import annotations

import contextlib
import dataclasses
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote_plus

from aws_lambda_powertools.utilities.data_classes import S3Event
from botocore.exceptions import ClientError

from . import aws
from .catalog import MODEL_CARD_OPERATIONS
from .config_failures import ConfigFailures
from .deprovisioning import Deprovisioner, Target
from .errors import (
    BadRequestError,
    ConflictError,
    FieldProblem,
    NotFoundError,
    OrchestratorError,
    RequestValidationError,
)
from .event_attempts import EventAttempts
from .follower_index import FollowerIndex
from .group_sharing import sharing_warning
from .listing import PipelineLister
from .package_versions import resolve_group
from .planning import plan_request
from .provisioning import Provisioner
from .registry_releases import PackageStateChange, Releases
from .requests import DeprovisionRequest, ListRequest, StatusRequest, parse
from .settings import Settings
from .status import StatusReader
from .validation import MISSING_KEY, ValidatedRequest, validate_request

CONFIG_FILE_KEY = "mlops-config.json"
CONFIG_FILE_FAILED = "mlops-config.json could not be provisioned"
# What one upload may fail with; anything else is a defect, raised so that it is seen.
_CONFIG_FILE_ERRORS: tuple[type[Exception], ...] = (OrchestratorError, ClientError, ValueError, *aws.TRANSPORT_ERRORS)


@dataclass(frozen=True)
class Outcome:
    """A successful result: the body a client receives with HTTP 200."""

    body: dict[str, Any]


class ConfigFileError(Exception):
    """An mlops-config.json upload failed for a reason a retry may remove (AWS failed, or the pipeline was busy).
    Raised so that S3's invocation is retried, and notified after the last attempt. A request that is invalid is
    not raised: it would fail the same way, so it is notified at once."""


@dataclass(frozen=True)
class ConfigFileFailure:
    """One upload that could not be provisioned, as /listpipelines and /pipelinestatus show the last one."""

    config_file: str
    message: str
    retryable: bool
    errors: list[dict[str, str]] = field(default_factory=list)
    at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    def as_dict(self) -> dict[str, Any]:
        shown: dict[str, Any] = {"config_file": self.config_file, "message": self.message, "at": self.at}
        if self.errors:
            shown["errors"] = self.errors
        return shown


@dataclass(frozen=True)
class ConfigFileResult:
    provisioned: list[Outcome]
    failed: list[ConfigFileFailure]


class Orchestrator:
    def __init__(self, settings: Settings, client: aws.ClientFactory | None = None) -> None:
        self.settings = settings
        self._client: aws.ClientFactory = client or aws.clients_of(settings.region)

    # -- /provisionpipeline ------------------------------------------------------------------------

    def provision(self, body: Any) -> Outcome:
        if isinstance(body, dict) and body.get("pipeline_type") in MODEL_CARD_OPERATIONS:
            return self.model_card(body)
        validated = validate_request(body, self.settings)
        following = getattr(validated.request, "model_package_group_name", None) is not None
        if following:
            validated = resolve_group(validated, self._client("sagemaker"))
        validated = self._warn_when_not_shared(validated)
        plan = plan_request(validated, self.settings)
        warnings = [problem.as_dict() for problem in validated.warnings]
        if validated.dry_run:
            result: dict[str, Any] = {
                "message": "Dry run: nothing was created or changed.",
                "plan": plan.as_dict(),
            }
        else:
            provisioner = Provisioner(
                self.settings, self._client("s3"), self._client("cloudformation"), self._client("codepipeline")
            )
            outcome = provisioner.provision(plan)
            result = {"message": outcome.message, "pipeline_id": outcome.pipeline_id}
        if following:
            # The version the group resolved to: what this request deploys.
            result["model_package_name"] = validated.request.model_package_name
        if warnings:
            result["warnings"] = warnings
        return Outcome(result)

    def _warn_when_not_shared(self, validated: ValidatedRequest[Any]) -> ValidatedRequest[Any]:
        """Multi-account registry mode: warn, before anything is deployed, about stage accounts that the model
        package's group is clearly not shared with (their deploys would fail minutes later)."""
        if not (self.settings.multi_account and self.settings.model_registry):
            return validated
        warning = sharing_warning(validated, self.settings, self._client("sagemaker"))
        return dataclasses.replace(validated, warnings=(*validated.warnings, warning)) if warning else validated

    def model_card(self, body: dict[str, Any]) -> Outcome:
        from .model_cards.operations import ModelCards  # lazily: only model-card requests build its models

        return Outcome(ModelCards(self._client("sagemaker"), self.settings.assets_bucket).run(body))

    # -- /pipelinestatus -------------------------------------------------------------------------

    def status(self, body: Any) -> Outcome:
        request = parse(StatusRequest, body)
        reader = StatusReader(
            self._client("cloudformation"),
            self._client("codepipeline"),
            self.settings.pipeline_stack_prefix,
            self._client("s3"),
            self.settings.assets_bucket,
            self.settings.delegated_admin,
        )
        return Outcome(self._with_last_config_file_failure(reader.status(request.pipeline_id, details=True)))

    # -- /deprovisionpipeline --------------------------------------------------------------------

    def deprovision(self, body: Any) -> Outcome:
        """Delete a pipeline named by `pipeline_id`, or by the same body that provisioned it."""
        request = parse(DeprovisionRequest, body)
        if request.pipeline_id is not None:
            target = Target(request.pipeline_id, None, None)
        elif "pipeline_type" in body:
            plan = plan_request(validate_request({**body, "dry_run": False}, self.settings), self.settings)
            target = Target(plan.pipeline_stack, plan.provisioned_stack, plan.template_zip_key)
        else:
            raise RequestValidationError(
                [FieldProblem("pipeline_id", "is required (or send the body that provisioned the pipeline)")],
                MISSING_KEY.format(key="pipeline_id"),
            )
        deprovisioner = Deprovisioner(self.settings, self._client("s3"), self._client("cloudformation"))
        return Outcome(deprovisioner.deprovision(target, request.dry_run))

    # -- /listpipelines ----------------------------------------------------------------------------

    def list_pipelines(self, body: Any) -> Outcome:
        request = parse(ListRequest, body)
        paging = request.paging_with_a_group()
        if paging:
            raise RequestValidationError(paging)
        lister = PipelineLister(
            self.settings.pipeline_stack_prefix, self._client("cloudformation"), self._client("codepipeline")
        )
        if request.model_package_group_name is not None:
            index = FollowerIndex(self._client("s3"), self.settings.assets_bucket)
            try:
                users = index.users(request.model_package_group_name)
            except ClientError as error:
                raise aws.service_error(error.operation_name, error) from error
            return Outcome(lister.following(users))
        return Outcome(self._with_last_config_file_failure(lister.list(request.max_results, request.next_token)))

    def _with_last_config_file_failure(self, body: dict[str, Any]) -> dict[str, Any]:
        failure = self.last_config_file_failure()
        return {**body, "last_config_file_failure": failure} if failure else body

    # -- s3://<config bucket>/mlops-config.json ----------------------------------------------------

    def config_file_event(self, event: dict[str, Any], config_bucket: str | None = None) -> ConfigFileResult:
        """Provision from every `mlops-config.json` record. Failures are kept as the last config-file failure and
        published to the notifications topic; raises only when a retry may succeed (see ConfigFileError), and then
        notifies on the last attempt only."""
        with self._event_attempts().attempt(event, CONFIG_FILE_FAILED):
            return self._config_file_records(event, config_bucket)

    def _config_file_records(self, event: dict[str, Any], config_bucket: str | None) -> ConfigFileResult:
        outcomes = []
        failures = []
        for record in S3Event(event).records:
            # Only uploads count; a record from another source (a hand-made event) is skipped, not an error.
            if record.get("eventSource") != "aws:s3" or not record.event_name.startswith("ObjectCreated"):
                continue
            bucket = record.s3.bucket.name
            key = unquote_plus(record.s3.get_object.key)  # S3 sends keys URL-encoded
            if key != CONFIG_FILE_KEY or (config_bucket and bucket != config_bucket):
                continue
            try:
                outcomes.append(self._provision_config_file(bucket, key))
            except _CONFIG_FILE_ERRORS as error:
                failures.append(config_file_failure(f"s3://{bucket}/{key}", error))
        recorded = ConfigFailures(self._client("s3"), self.settings.assets_bucket)
        if failures:
            recorded.record(failures[-1].as_dict())
        elif outcomes:
            recorded.clear()
        described = "\n".join(f"{failure.config_file}: {failure.message}" for failure in failures)
        if any(failure.retryable for failure in failures):
            raise ConfigFileError(described)  # every failure of the event, notified after the last attempt
        if failures:
            self._notify(CONFIG_FILE_FAILED, described)
        return ConfigFileResult(outcomes, failures)

    def last_config_file_failure(self) -> dict[str, Any] | None:
        return ConfigFailures(self._client("s3"), self.settings.assets_bucket).last()

    # -- EventBridge: SageMaker Model Package State Change -----------------------------------------

    def package_state_changed(self, change: PackageStateChange, event: dict[str, Any]) -> Outcome:
        """Release the changed package to every pipeline following its group. Raises ReleaseError on failure
        (so that Lambda retries `event`), and notifies it on the last attempt only."""
        subject = f"Model package {change.group} v{change.version}: release failed"
        with self._event_attempts().attempt(event, subject):
            return Outcome({"releases": Releases(self.settings, self._client).on_state_change(change)})

    def _event_attempts(self) -> EventAttempts:
        return EventAttempts(
            self._client("s3"), self.settings.assets_bucket, self.settings.maximum_retry_attempts, self._notify
        )

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
        # A failed notification must not hide the failure itself: the event's error is raised regardless.
        with contextlib.suppress(ClientError, *aws.TRANSPORT_ERRORS):
            self._client("sns").publish(
                TopicArn=self.settings.notifications_topic_arn, Subject=subject[:100], Message=message
            )


def describe_failure(error: BaseException) -> str:
    if isinstance(error, RequestValidationError):
        return "; ".join(f"{problem.field}: {problem.message}" for problem in error.problems)
    if isinstance(error, aws.TRANSPORT_ERRORS):
        return str(aws.transport_error(error))
    if isinstance(error, ClientError):
        return str(aws.service_error(error.operation_name, error))
    return str(error)


def config_file_failure(config_file: str, error: BaseException) -> ConfigFileFailure:
    """What became of one upload. A request the orchestrator refused (invalid, unknown, model card) fails the
    same way every time; an AWS failure or a busy pipeline may not."""
    permanent = isinstance(error, (BadRequestError, NotFoundError, ValueError)) and not isinstance(error, ConflictError)
    problems = [problem.as_dict() for problem in error.problems] if isinstance(error, RequestValidationError) else []
    return ConfigFileFailure(config_file, describe_failure(error), not permanent, problems)
