"""The model conditions of the real-time and batch blueprints, with the original's names."""

from __future__ import annotations

from dataclasses import dataclass

import aws_cdk as cdk

from ..workload_support import provided


@dataclass(frozen=True)
class ModelConditions:
    custom_ecr: cdk.CfnCondition
    kms: cdk.CfnCondition
    registry: cdk.CfnCondition


def model_conditions(stack: cdk.Stack, params: dict[str, cdk.CfnParameter]) -> ModelConditions:
    return ModelConditions(
        custom_ecr=provided(stack, "CustomECRRepoProvided", params["CustomAlgorithmsECRRepoArn"]),
        kms=provided(stack, "KmsKeyProvided", params["KmsKeyArn"]),
        # The model package decides registry mode, as in the original (the group name only scopes IAM).
        registry=provided(stack, "ModelRegistryProvided", params["ModelPackageName"]),
    )
