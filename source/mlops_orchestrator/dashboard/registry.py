"""The SageMaker model registry with the user's credentials: package groups, their versions, approval changes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mlops_orchestrator.cli.exit_codes import EXIT_INVALID, EXIT_SERVER, CliError

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
    found = _call(sagemaker, "ListModelPackageGroups", MaxResults=MAX_GROUPS, SortBy="Name", SortOrder="Ascending")
    return [
        Group(
            name=str(item["ModelPackageGroupName"]),
            description=item.get("ModelPackageGroupDescription"),
            packages=tuple(packages(sagemaker, str(item["ModelPackageGroupName"]))),
        )
        for item in found.get("ModelPackageGroupSummaryList") or []
    ]


def packages(sagemaker: Any, group: str) -> list[Package]:
    found = _call(
        sagemaker,
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
    _call(
        sagemaker,
        "UpdateModelPackage",
        ModelPackageArn=arn,
        ModelApprovalStatus=status,
        **({"ApprovalDescription": comment} if comment else {}),
    )


def _call(client: Any, operation: str, **kwargs: Any) -> Any:
    from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

    method = getattr(client, "".join(f"_{c.lower()}" if c.isupper() else c for c in operation).lstrip("_"))
    try:
        return method(**kwargs)
    except NoCredentialsError:
        raise CliError(
            "no AWS credentials found: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY", EXIT_SERVER
        ) from None
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "?")
        message = error.response.get("Error", {}).get("Message", str(error))
        details = [f"hint: your IAM identity needs sagemaker:{operation}"] if "AccessDenied" in code else []
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 400)
        raise CliError(
            f"SageMaker {operation} failed: {code}: {message}", EXIT_INVALID if status < 500 else EXIT_SERVER, details
        ) from None
    except BotoCoreError as error:
        raise CliError(f"SageMaker {operation} failed: {error}", EXIT_SERVER) from None
