"""Registry mode: a request names one model package version, or a group whose Approved versions it follows.

The real-time and batch pipelines deploy the version; the monitors baseline it. The keys' rules (KeyRules.one_of:
never both; KeyRules.applies_with: the follow options need a group) are the same for every type that takes them.
"""

from __future__ import annotations

from typing import Any, Protocol

PACKAGE_KEYS = ("model_package_name", "model_package_group_name")
FOLLOW_OPTIONS = ("deploy_on_approval", "on_reject")


APPLIES_WITH_GROUP = dict.fromkeys(FOLLOW_OPTIONS, "model_package_group_name")
"""KeyRules.applies_with: the follow options mean nothing without a group."""


class FollowsPackages(Protocol):
    @property
    def model_package_group_name(self) -> str | None: ...


def as_sent(record: dict[str, Any], request: FollowsPackages) -> dict[str, Any]:
    """The stored form of a request that follows a group: the version it resolved to is in the parameters, and
    the stored request stays one that can be sent again (naming both keys is refused)."""
    if request.model_package_group_name is not None:
        record.pop("model_package_name", None)
    return record
