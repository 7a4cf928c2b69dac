"""The optional SageMaker model package group (model registry), shared with the stage accounts in multi-account.

The name's suffix is the first block of the stack id's UUID: unique per stack and stable across updates,
without the original's UUID custom resource (whose value changed whenever CreateModelRegistry did).
"""

from __future__ import annotations

from collections.abc import Sequence

import aws_cdk as cdk
from aws_cdk import aws_sagemaker as sagemaker
from constructs import Construct

from .conditional import if_else
from .parameters import Conditions

CROSS_ACCOUNT_ACTIONS = [
    "sagemaker:DescribeModelPackageGroup",
    "sagemaker:DescribeModelPackage",
    "sagemaker:ListModelPackages",
    "sagemaker:UpdateModelPackage",
    "sagemaker:CreateModel",
]
NOT_CREATED = "[No Model Package Group was created]"


def stack_unique_suffix() -> str:
    """`arn:...:stack/<name>/<uuid>` -> the UUID's first eight hex digits."""
    uuid = cdk.Fn.select(2, cdk.Fn.split("/", cdk.Aws.STACK_ID))
    return cdk.Fn.select(0, cdk.Fn.split("-", uuid))


class ModelRegistry(Construct):
    def __init__(
        self, scope: Construct, construct_id: str, *, conditions: Conditions, stage_accounts: Sequence[str] = ()
    ) -> None:
        super().__init__(scope, construct_id)
        self.group_name = cdk.Fn.join("-", ["mlops-model-registry", stack_unique_suffix()])
        self.group = sagemaker.CfnModelPackageGroup(
            self,
            "SageMakerModelRegistry",
            model_package_group_name=self.group_name,
            model_package_group_description="SageMaker model package group name (model registry) for mlops",
            model_package_group_policy=_cross_account_policy(self.group_name, stage_accounts)
            if stage_accounts
            else None,
            tags=[cdk.CfnTag(key="stack-name", value=cdk.Aws.STACK_NAME)],
        )
        self.group.cfn_options.condition = conditions.create_model_registry
        self.group.apply_removal_policy(cdk.RemovalPolicy.RETAIN)
        self.arn_or_note = if_else(
            conditions.create_model_registry, self.group.attr_model_package_group_arn, NOT_CREATED
        )


def _cross_account_policy(group_name: str, stage_accounts: Sequence[str]) -> dict[str, object]:
    # The group's own ARN cannot be a GetAtt inside its own properties, so it is built from the name.
    prefix = f"arn:{cdk.Aws.PARTITION}:sagemaker:{cdk.Aws.REGION}:{cdk.Aws.ACCOUNT_ID}"
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AddPermModelPackageGroup",
                "Effect": "Allow",
                "Principal": {"AWS": [f"arn:{cdk.Aws.PARTITION}:iam::{account}:root" for account in stage_accounts]},
                "Action": CROSS_ACCOUNT_ACTIONS,
                "Resource": [
                    f"{prefix}:model-package-group/{group_name}",
                    f"{prefix}:model-package/{group_name}/*",
                ],
            }
        ],
    }
