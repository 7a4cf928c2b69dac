"""What a role needs to serve a registered model package: read the package and its group, pull images.

Shared by the real-time and batch model (registry mode) and the monitors' baselined model, which all name a
versioned package ARN: `arn:<partition>:sagemaker:<region>:<account>:model-package/<group>/<version>`.
"""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_iam as iam

ECR_PULL = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]


def group_arn(package: str, group_name: str) -> str:
    """The group's ARN: it lives where the package lives (the orchestrator account, also in multi-account mode)."""
    arn_prefix = cdk.Fn.select(0, cdk.Fn.split("model-package/", package))
    return cdk.Fn.join("", [arn_prefix, "model-package-group/", group_name])


def group_name_of(package: str) -> str:
    """The group named inside a versioned package ARN (`model-package/<group>/<version>`)."""
    return cdk.Fn.select(1, cdk.Fn.split("/", package))


def read_model_package(package: str, group: str) -> Any:
    return iam.PolicyStatement(
        sid="ReadModelPackage",
        actions=["sagemaker:DescribeModelPackage", "sagemaker:DescribeModelPackageGroup"],
        resources=[package, group],
    ).to_statement_json()


def repositories_of_account(package: str) -> str:
    """Every ECR repository of the account and region that registered the package: the package names its images
    itself, and only that account's registry (or AWS's public algorithm images, which need no grant) can hold them."""
    parts = cdk.Fn.split(":", package)
    return cdk.Fn.join(
        "",
        [
            "arn:",
            cdk.Aws.PARTITION,
            ":ecr:",
            cdk.Fn.select(3, parts),
            ":",
            cdk.Fn.select(4, parts),
            ":repository/*",
        ],
    )
