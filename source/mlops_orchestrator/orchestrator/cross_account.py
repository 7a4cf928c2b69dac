"""Multi-account mode: the dev, staging and prod accounts may read what the orchestrator account created.

StackSets deploy the blueprints into those accounts, whose stacks read model artifacts from the assets
bucket, Lambda code from the blueprint bucket, images from ECR and model packages from the registry
(registry.py). Only resources this stack creates can be granted here; for an existing bucket or repository
the README lists the same grants for the operator to add.
"""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import aws_ecr as ecr
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3

S3_READ = ["s3:GetObject", "s3:ListBucket"]
ECR_PULL = [
    "ecr:DescribeImages",
    "ecr:DescribeRepositories",
    "ecr:GetDownloadUrlForLayer",
    "ecr:BatchGetImage",
    "ecr:BatchCheckLayerAvailability",
]


def grant_stage_accounts(accounts: Sequence[str], *, buckets: Sequence[s3.Bucket], repository: ecr.Repository) -> None:
    principals: list[iam.IPrincipal] = [iam.AccountPrincipal(account) for account in accounts]
    for bucket in buckets:
        bucket.add_to_resource_policy(
            iam.PolicyStatement(
                sid="StageAccountsRead",
                principals=principals,
                actions=S3_READ,
                resources=[bucket.bucket_arn, bucket.arn_for_objects("*")],
            )
        )
    repository.add_to_resource_policy(
        iam.PolicyStatement(sid="StageAccountsPull", principals=principals, actions=ECR_PULL)
    )
