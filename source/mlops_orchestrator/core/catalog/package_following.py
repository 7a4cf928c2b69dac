"""Registry mode: a request names one model package version, or a group whose Approved versions it follows.

The real-time and batch pipelines deploy the version; the monitors baseline it. The keys' rules (KeyRules.one_of:
never both; KeyRules.applies_with: the follow options need a group) are the same for every type that takes them.
"""

from __future__ import annotations

from typing import Any, Literal, Protocol

from pydantic import Field

PACKAGE_KEYS = ("model_package_name", "model_package_group_name")
FOLLOW_OPTIONS = ("deploy_on_approval", "on_reject")


APPLIES_WITH_GROUP = dict.fromkeys(FOLLOW_OPTIONS, "model_package_group_name")
"""KeyRules.applies_with: the follow options mean nothing without a group."""


OnReject = Literal["rollback", "notify"]


def deploy_on_approval_field(release: str) -> Any:
    """The `deploy_on_approval` field, saying what a release does to this pipeline type ("deploy", "baseline")."""
    return Field(
        None,
        description=f"With `model_package_group_name`: {release} each version of the group when it is approved "
        "(default true).",
    )


def on_reject_field(current: str, back: str) -> Any:
    """The `on_reject` field: what happens when the `current` (deployed, baselined) version is rejected."""
    return Field(
        None,
        description=f"With `model_package_group_name`: when the {current} version is rejected, {back} the newest "
        "older Approved version (`rollback`, the default) or only notify (`notify`).",
    )


class FollowsPackages(Protocol):
    @property
    def model_package_group_name(self) -> str | None: ...


def as_sent(record: dict[str, Any], request: FollowsPackages) -> dict[str, Any]:
    """The stored form of a request that follows a group: the version it resolved to is in the parameters, and
    the stored request stays one that can be sent again (naming both keys is refused)."""
    if request.model_package_group_name is not None:
        record.pop("model_package_name", None)
    return record
