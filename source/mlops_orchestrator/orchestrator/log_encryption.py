"""Every log group of the stack encrypted with the customer-managed key of `LogsKmsKeyArn`, when one is given."""

from __future__ import annotations

import aws_cdk as cdk
import jsii
from aws_cdk import aws_logs as logs
from constructs import IConstruct

from mlops_orchestrator.infrastructure.nag import acknowledge_template_check


@jsii.implements(cdk.IAspect)
class _EncryptLogGroups:
    def __init__(self, key_arn: str, given: cdk.CfnCondition) -> None:
        self.key_id = cdk.Fn.condition_if(given.logical_id, key_arn, cdk.Aws.NO_VALUE).to_string()

    def visit(self, node: IConstruct) -> None:
        if isinstance(node, logs.CfnLogGroup):
            node.kms_key_id = self.key_id
            acknowledge_template_check(
                node, "F3031", "LogsKmsKeyArn defaults to '' and is used only when given (Fn::If), never as ''."
            )


def encrypt_log_groups(stack: cdk.Stack, key_arn: cdk.CfnParameter, given: cdk.CfnCondition) -> None:
    cdk.Aspects.of(stack).add(_EncryptLogGroups(key_arn.value_as_string, given))
