"""The model package group local mode seeds when the registry is on, for the examples that follow a group.

Two versions of the sample churn model: version 1 Approved (what a new pipeline deploys) and version 2 waiting
for approval, so approving it shows a release and rejecting it afterwards shows the rollback.
"""

from __future__ import annotations

from typing import Any

from . import settings as local

EXAMPLE_GROUP = "churn-models"
"""The group the registry examples (docs/examples/registry/) follow."""
SEEDED_STATUSES = ("Approved", "PendingManualApproval")
FOLLOWING_EXAMPLE_ENDPOINT = "churn-follow-endpoint"
"""The endpoint of the real-time registry example, which the monitor registry examples watch."""


def seed(sagemaker: Any) -> list[str]:
    """The group with one version per `SEEDED_STATUSES`, in order; their ARNs."""
    sagemaker.create_model_package_group(
        ModelPackageGroupName=EXAMPLE_GROUP, ModelPackageGroupDescription="local mode: the sample churn model"
    )
    arns = []
    for status in SEEDED_STATUSES:
        created = sagemaker.create_model_package(
            ModelPackageGroupName=EXAMPLE_GROUP,
            ModelApprovalStatus=status,
            InferenceSpecification={
                "Containers": [
                    {
                        "Image": f"{local.ACCOUNT_ID}.dkr.ecr.{local.REGION}.amazonaws.com/{local.ECR_REPO}:latest",
                        "ModelDataUrl": f"s3://{local.ASSETS_BUCKET}/models/churn/model.tar.gz",
                    }
                ],
                "SupportedContentTypes": ["text/csv"],
                "SupportedResponseMIMETypes": ["text/csv"],
            },
        )
        arns.append(created["ModelPackageArn"])
    return arns
