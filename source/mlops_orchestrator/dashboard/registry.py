"""The SageMaker model registry with the user's credentials: package groups, their versions, approval changes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mlops_orchestrator.cli.aws_clients import call_aws
from mlops_orchestrator.cli.exit_codes import CliError

APPROVAL_STATUSES = ("Approved", "Rejected")
MAX_GROUPS = 100
MAX_VERSIONS = 50
"""The newest versions per group: a registry page is for deciding about recent models, not an archive."""


@dataclass(frozen=True)
class Package:
    arn: str
    version: int | None
    status: str
    created: str | None
    description: str | None


@dataclass(frozen=True)
class Group:
    name: str
    description: str | None
    packages: tuple[Package, ...]


def groups(sagemaker: Any) -> list[Group]:
    found = call_aws(
        sagemaker, "SageMaker", "ListModelPackageGroups", MaxResults=MAX_GROUPS, SortBy="Name", SortOrder="Ascending"
    )
    return [
        Group(
            name=str(item["ModelPackageGroupName"]),
            description=item.get("ModelPackageGroupDescription"),
            packages=tuple(packages(sagemaker, str(item["ModelPackageGroupName"]))),
        )
        for item in found.get("ModelPackageGroupSummaryList") or []
    ]


def packages(sagemaker: Any, group: str) -> list[Package]:
    found = call_aws(
        sagemaker,
        "SageMaker",
        "ListModelPackages",
        ModelPackageGroupName=group,
        ModelPackageType="Versioned",
        SortBy="CreationTime",
        SortOrder="Descending",
        MaxResults=MAX_VERSIONS,
    )
    return [
        Package(
            arn=str(item["ModelPackageArn"]),
            version=item.get("ModelPackageVersion"),
            status=str(item.get("ModelApprovalStatus") or "PendingManualApproval"),
            created=str(item["CreationTime"])[:19] if item.get("CreationTime") else None,
            description=item.get("ModelPackageDescription"),
        )
        for item in found.get("ModelPackageSummaryList") or []
    ]


def set_status(sagemaker: Any, arn: str, status: str, comment: str | None) -> None:
    if status not in APPROVAL_STATUSES:
        raise CliError(f"an approval status is one of {', '.join(APPROVAL_STATUSES)}, not {status!r}")
    description: dict[str, Any] = {"ApprovalDescription": comment} if comment else {}
    call_aws(
        sagemaker, "SageMaker", "UpdateModelPackage", ModelPackageArn=arn, ModelApprovalStatus=status, **description
    )
