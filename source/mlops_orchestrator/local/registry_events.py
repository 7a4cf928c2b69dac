"""Model package approvals in local mode reach the orchestrator as they do on AWS.

On AWS, SageMaker emits a "SageMaker Model Package State Change" event when a package's approval status
changes, and the orchestrator stack's EventBridge rule invokes the Lambda asynchronously (Lambda retries a
failed invocation `MAXIMUM_RETRY_ATTEMPTS` times). Here moto's UpdateModelPackage is wrapped: after moto records
the change, the same event (with its own `id`, as EventBridge gives it) goes to a delivery thread that calls the
orchestrator's handler, at most `MAX_ATTEMPTS` times, the same number, without Lambda's minutes between them. So
`mlops-orchestrator registry approve`, the dashboard and `aws sagemaker update-model-package` against the
emulator all release, and the caller is answered without waiting for the deployment.
"""

from __future__ import annotations

import logging
import queue
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from moto.sagemaker.models import SageMakerModelBackend

from mlops_orchestrator.core.registry_releases import STATE_CHANGE
from mlops_orchestrator.core.settings import MAXIMUM_RETRY_ATTEMPTS

log = logging.getLogger(__name__)

MAX_ATTEMPTS = MAXIMUM_RETRY_ATTEMPTS + 1
RELEASED_STATUSES = ("Approved", "Rejected")


@dataclass(frozen=True)
class Delivery:
    """One event and what the orchestrator made of it (`error` is set when every attempt failed)."""

    event: dict[str, Any]
    result: Any = None
    error: str | None = None


class PackageEvents:
    """Installed with `install(invoke)`, removed with `uninstall()`; `deliveries` lists what was delivered."""

    def __init__(self, invoke: Callable[[dict[str, Any]], Any]) -> None:
        self._invoke = invoke
        self._queue: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._changed = threading.Condition()
        self.deliveries: list[Delivery] = []
        self._original = SageMakerModelBackend.__dict__["update_model_package"]
        self._thread = threading.Thread(target=self._deliver, name="mlops-local-package-events", daemon=True)

    def install(self) -> PackageEvents:
        self._thread.start()
        original = self._original
        emit = self._queue.put

        def update_model_package(
            backend: SageMakerModelBackend, model_package_arn: str, *args: Any, **kwargs: Any
        ) -> Any:
            before = _status(backend, model_package_arn)
            arn = original(backend, model_package_arn, *args, **kwargs)
            after = _status(backend, model_package_arn)
            if after != before and after in RELEASED_STATUSES:
                emit(_event(backend, model_package_arn))
            return arn

        SageMakerModelBackend.update_model_package = update_model_package  # type: ignore[method-assign,assignment]
        return self

    def uninstall(self) -> None:
        SageMakerModelBackend.update_model_package = self._original  # type: ignore[method-assign]
        self._queue.put(None)
        self._thread.join(timeout=60)

    def wait_for(self, count: int, timeout: float = 60.0) -> bool:
        """Wait until `count` events were delivered (or gave up); False on timeout."""
        with self._changed:
            return self._changed.wait_for(lambda: len(self.deliveries) >= count, timeout)

    def _deliver(self) -> None:
        while (event := self._queue.get()) is not None:
            delivery = Delivery(event, error="not attempted")
            for attempt in range(1, MAX_ATTEMPTS + 1):
                try:
                    delivery = Delivery(event, result=self._invoke(event))
                    break
                except Exception as error:  # the handler raised: Lambda would retry the invocation
                    log.warning("package event attempt %d of %d failed: %s", attempt, MAX_ATTEMPTS, error)
                    delivery = Delivery(event, error=str(error))
            with self._changed:
                self.deliveries.append(delivery)
                self._changed.notify_all()


def _package(backend: SageMakerModelBackend, arn: str) -> Any:
    return backend.model_packages.get(backend.model_package_name_mapping.get(arn, arn))


def _status(backend: SageMakerModelBackend, arn: str) -> str | None:
    package = _package(backend, arn)
    return None if package is None else str(package.model_approval_status)


def _event(backend: SageMakerModelBackend, arn: str) -> dict[str, Any]:
    package = _package(backend, arn)
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "source": "aws.sagemaker",
        "detail-type": STATE_CHANGE,
        "account": backend.account_id,
        "region": backend.region_name,
        "resources": [package.arn],
        "detail": {
            "ModelPackageGroupName": package.model_package_group_name,
            "ModelPackageVersion": package.model_package_version,
            "ModelPackageArn": package.arn,
            "ModelApprovalStatus": package.model_approval_status,
        },
    }
