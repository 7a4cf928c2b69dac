"""The model package group local mode seeds when the registry is on, for the examples that follow a group.

Two versions of the sample churn model: version 1 Approved (what a new pipeline deploys) and version 2 waiting
for approval, so approving it shows a release and rejecting it afterwards shows the rollback.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from mlops_orchestrator.core.group_sharing import sharing_policy

from . import settings as local

EXAMPLE_GROUP = "churn-models"
"""The group the registry examples (docs/examples/registry/) follow."""
SEEDED_STATUSES = ("Approved", "PendingManualApproval")
FOLLOWING_EXAMPLE_ENDPOINT = "churn-follow-endpoint"
"""The endpoint of the real-time registry example, which the monitor registry examples watch."""


def seed(sagemaker: Any, share_with: Collection[str] = ()) -> list[str]:
    """The group with one version per `SEEDED_STATUSES`, in order; their ARNs. Multi-account: shared with the
    stage accounts `share_with`, as `registry share` does, so that the examples provision without a warning."""
    created_group = sagemaker.create_model_package_group(
        ModelPackageGroupName=EXAMPLE_GROUP, ModelPackageGroupDescription="local mode: the sample churn model"
    )
    if share_with:
        policy = sharing_policy(created_group["ModelPackageGroupArn"], share_with)
        sagemaker.put_model_package_group_policy(ModelPackageGroupName=EXAMPLE_GROUP, ResourcePolicy=json.dumps(policy))
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
