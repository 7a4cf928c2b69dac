"""A request that follows a model package group deploys one version of it: the latest Approved one, found here."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from botocore.exceptions import ClientError

from .aws import service_error
from .catalog.inference import InferenceRequest
from .catalog.monitor_requests import MonitorRequest
from .errors import FieldProblem, RequestValidationError
from .fields import model_package_version as version_of
from .validation import ValidatedRequest

if TYPE_CHECKING:
    from types_boto3_sagemaker import SageMakerClient

APPROVED: Final = "Approved"
NO_APPROVED_VERSION = "Bad request. The model package group has no Approved version to deploy."


@dataclass(frozen=True, order=True)
class PackageVersion:
    """One version of a model package group; ordered by version number, which SageMaker increases."""

    version: int
    arn: str


def approved_versions(sagemaker: SageMakerClient, group: str) -> list[PackageVersion]:
    """Every Approved version of `group`, oldest first (none when the group does not exist)."""
    found: list[PackageVersion] = []
    try:
        pages = sagemaker.get_paginator("list_model_packages").paginate(
            ModelPackageGroupName=group, ModelApprovalStatus=APPROVED, ModelPackageType="Versioned"
        )
        for page in pages:
            for summary in page["ModelPackageSummaryList"]:
                arn = summary["ModelPackageArn"]
                # The ARN ends in the version; the summary's own number is not returned by every implementation.
                number = summary.get("ModelPackageVersion") or version_of(arn)
                if number is not None:
                    found.append(PackageVersion(int(number), arn))
    except ClientError as error:
        raise service_error("ListModelPackages", error) from error
    return sorted(found)


def resolve_group(validated: ValidatedRequest[Any], sagemaker: SageMakerClient) -> ValidatedRequest[Any]:
    """The request with `model_package_name` set to its group's latest Approved version; others unchanged."""
    request = validated.request
    if not isinstance(request, InferenceRequest | MonitorRequest) or request.model_package_group_name is None:
        return validated
    group = request.model_package_group_name
    versions = approved_versions(sagemaker, group)
    if not versions:
        raise RequestValidationError(
            [
                FieldProblem(
                    "model_package_group_name",
                    f"has no Approved model package: approve a version of {group} (or check its name) and send "
                    "the request again",
                )
            ],
            NO_APPROVED_VERSION,
        )
    latest = versions[-1]
    return dataclasses.replace(validated, request=request.model_copy(update={"model_package_name": latest.arn}))
