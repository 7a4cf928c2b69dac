"""Model registry approvals as releases: a package's state change redeploys every pipeline following its group.

Events arrive at least once and out of order, so each decision compares the event's version with the version
a pipeline deploys now (its template parameters): an approval only ever moves a pipeline to a newer version,
the same approval twice finds it already there, and a rejection acts only on the version that is deployed.
"""

from __future__ import annotations

import contextlib
import dataclasses
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from . import aws
from .catalog.monitor_requests import MonitorRequest
from .errors import OrchestratorError
from .fields import model_package_version as version_of
from .follower_index import Follower, FollowerIndex
from .package_versions import APPROVED, approved_versions
from .planning import plan_request
from .provisioning import Provisioner
from .settings import Settings
from .validation import validate_request

STATE_CHANGE = "SageMaker Model Package State Change"
REJECTED = "Rejected"


class ReleaseError(Exception):
    """A release could not be made. Raised so that the asynchronous invocation retries; the caller notifies it
    after the last attempt (see event_attempts.py)."""


@dataclass(frozen=True)
class PackageStateChange:
    group: str
    arn: str
    version: int
    status: str

    @classmethod
    def of(cls, event: dict[str, Any]) -> PackageStateChange | None:
        """The event's package, or None when the event is not a model package state change."""
        if event.get("source") != "aws.sagemaker" or event.get("detail-type") != STATE_CHANGE:
            return None
        detail = event.get("detail") or {}
        arn = str(detail.get("ModelPackageArn", ""))
        version = detail.get("ModelPackageVersion") or version_of(arn)
        group = detail.get("ModelPackageGroupName")
        if not (arn and version and group):
            return None
        return cls(str(group), arn, int(version), str(detail.get("ModelApprovalStatus", "")))


class Releases:
    def __init__(self, settings: Settings, client: aws.ClientFactory) -> None:
        self._settings = settings
        self._client = client

    def on_state_change(self, change: PackageStateChange) -> list[dict[str, str]]:
        """What happened to each pipeline following the package's group; raises ReleaseError if any failed."""
        outcomes: list[dict[str, str]] = []
        failures: list[str] = []
        try:
            following = self.followers(change.group)
        except ClientError as error:
            failures.append(f"the pipelines following {change.group} could not be listed: {error}")
            following = []
        except aws.TRANSPORT_ERRORS as error:
            failures.append(f"the pipelines following {change.group} could not be listed: {aws.transport_error(error)}")
            following = []
        for follower in following:
            try:
                outcome = self._decide(change, follower)
            except aws.TRANSPORT_ERRORS as error:
                failures.append(f"{follower.name}: {aws.transport_error(error)}")
                continue
            except (OrchestratorError, ClientError) as error:
                failures.append(f"{follower.name}: {error}")
                continue
            if outcome is not None:
                outcomes.append(outcome)
                self._notify(f"Model package {change.group} v{change.version}", outcome["message"])
        if failures:
            raise ReleaseError("\n".join(failures))  # notified by the caller, after the last attempt
        return outcomes

    def followers(self, group: str) -> list[Follower]:
        return FollowerIndex(self._client("s3"), self._settings.assets_bucket).followers(group)

    def _decide(self, change: PackageStateChange, follower: Follower) -> dict[str, str] | None:
        deployed = follower.deployed.version if follower.deployed else 0
        if change.status == APPROVED:
            if follower.request.get("deploy_on_approval") is False or change.version <= deployed:
                return None  # not wanted, already deployed, or an older approval arriving late
            if change.arn not in {v.arn for v in approved_versions(self._client("sagemaker"), change.group)}:
                return None  # approved, then rejected before this event arrived
            return self._release(follower, change.arn, "approval", f"version {change.version} approved")
        if change.status == REJECTED and change.version == deployed:
            if follower.request.get("on_reject") == "notify":
                return {"pipeline": follower.name, "message": f"{follower.name}: deployed version rejected; kept"}
            older = [v for v in approved_versions(self._client("sagemaker"), change.group) if v.version < deployed]
            if not older:
                return {"pipeline": follower.name, "message": f"{follower.name}: rejected, no older approved version"}
            return self._release(follower, older[-1].arn, "rejection", f"version {change.version} rejected")
        return None

    def _release(self, follower: Follower, arn: str, kind: str, cause: str) -> dict[str, str]:
        validated = validate_request(follower.request, self._settings)
        request = validated.request.model_copy(update={"model_package_name": arn})
        plan = plan_request(type(validated)(validated.declaration, request), self._settings)
        plan = dataclasses.replace(plan, release_cause=kind)
        result = Provisioner(self._settings, self._client("s3"), self._client("cloudformation")).provision(plan)
        return {
            "pipeline": follower.name,
            "model_package_name": arn,
            "message": f"{cause}: {_action(request)} {arn} in {follower.name}. {result.message}",
        }

    def _notify(self, subject: str, message: str) -> None:
        if not self._settings.notifications_topic_arn:
            return
        # A failed notification must not hide the release's own outcome.
        with contextlib.suppress(ClientError, *aws.TRANSPORT_ERRORS):
            self._client("sns").publish(
                TopicArn=self._settings.notifications_topic_arn, Subject=subject[:100], Message=message
            )


def _action(request: object) -> str:
    # A monitor does not run the model: it baselines the version, so it compares the endpoint with that model.
    return "baselining" if isinstance(request, MonitorRequest) else "deploying"
