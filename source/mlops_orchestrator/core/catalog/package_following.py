"""Registry mode: a request names one model package version, or a group whose Approved versions it follows.

The real-time and batch pipelines deploy the version; the monitors baseline it. The rules on the keys are the
same for every pipeline type that takes them, so they are written here once.
"""

from __future__ import annotations

from typing import Any, Literal, Protocol

from ..errors import FieldProblem

PACKAGE_KEYS = ("model_package_name", "model_package_group_name")
FOLLOW_OPTIONS = ("deploy_on_approval", "on_reject")


class FollowsPackages(Protocol):
    @property
    def model_package_name(self) -> str | None: ...
    @property
    def model_package_group_name(self) -> str | None: ...
    @property
    def deploy_on_approval(self) -> bool | None: ...
    @property
    def on_reject(self) -> Literal["rollback", "notify"] | None: ...


def follow_options_need_a_group(request: FollowsPackages) -> list[FieldProblem]:
    if request.model_package_group_name is not None:
        return []
    given = [key for key in FOLLOW_OPTIONS if getattr(request, key) is not None]
    return [FieldProblem(key, "applies only to a request that names model_package_group_name") for key in given]


def at_most_one_package(request: FollowsPackages) -> list[FieldProblem]:
    """For the types where both keys are optional; where one is required, KeyRules.one_of says the same."""
    if request.model_package_name is None or request.model_package_group_name is None:
        return []
    return [
        FieldProblem("model_package_name", "cannot be sent together with model_package_group_name: name one of them"),
        FieldProblem("model_package_group_name", "cannot be sent together with model_package_name: name one of them"),
    ]


def as_sent(record: dict[str, Any], request: FollowsPackages) -> dict[str, Any]:
    """The stored form of a request that follows a group: the version it resolved to is in the parameters, and
    the stored request stays one that can be sent again (naming both keys is refused)."""
    if request.model_package_group_name is not None:
        record.pop("model_package_name", None)
    return record
