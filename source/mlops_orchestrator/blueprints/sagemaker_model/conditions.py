"""The model conditions of the real-time and batch blueprints, with the original's names."""

from __future__ import annotations

from dataclasses import dataclass

import aws_cdk as cdk


@dataclass(frozen=True)
class ModelConditions:
    custom_ecr: cdk.CfnCondition
    kms: cdk.CfnCondition
    registry: cdk.CfnCondition


def provided(stack: cdk.Stack, name: str, parameter: cdk.CfnParameter) -> cdk.CfnCondition:
    """`{name}`: the parameter is not empty. Created on the stack so the logical id is exactly `name`."""
    return cdk.CfnCondition(
        stack, name, expression=cdk.Fn.condition_not(cdk.Fn.condition_equals(parameter.value_as_string, ""))
    )


def model_conditions(stack: cdk.Stack, params: dict[str, cdk.CfnParameter]) -> ModelConditions:
    return ModelConditions(
        custom_ecr=provided(stack, "CustomECRRepoProvided", params["CustomAlgorithmsECRRepoArn"]),
        kms=provided(stack, "KmsKeyProvided", params["KmsKeyArn"]),
        # The model package decides registry mode, as in the original (the group name only scopes IAM).
        registry=provided(stack, "ModelRegistryProvided", params["ModelPackageName"]),
    )


def if_condition(condition: cdk.CfnCondition, when_true: object, when_false: object | None = None) -> cdk.IResolvable:
    """Fn::If on `condition`; `when_false=None` drops the property (AWS::NoValue)."""
    return cdk.Fn.condition_if(condition.logical_id, when_true, cdk.Aws.NO_VALUE if when_false is None else when_false)
