"""Model registry approvals invoke the orchestrator, which releases them to the pipelines following the group.

One rule for every model package group of the account and region (a request may follow any group, not only the
one this stack creates); the orchestrator ignores groups no pipeline follows. Only approval-status changes to
Approved or Rejected match. The rule and its invoke permission (scoped to the rule's ARN) exist only when the
model registry is used. EventBridge invokes asynchronously, so a release that fails is retried by Lambda and
then sent to the function's on-failure destination, as for mlops-config.json uploads.
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from mlops_orchestrator.core.registry_releases import STATE_CHANGE

from .conditional import only_if


class ApprovalEvents(Construct):
    def __init__(
        self, scope: Construct, construct_id: str, *, function: lambda_.Function, condition: cdk.CfnCondition
    ) -> None:
        super().__init__(scope, construct_id)
        self.rule = events.Rule(
            self,
            "ModelPackageStateChange",
            description="SageMaker model package approvals and rejections: the orchestrator releases them",
            event_pattern=events.EventPattern(
                source=["aws.sagemaker"],
                detail_type=[STATE_CHANGE],
                detail={"ModelApprovalStatus": ["Approved", "Rejected"]},
            ),
        )
        # The target's invoke permission is created under the rule, so the condition reaches it too.
        self.rule.add_target(targets.LambdaFunction(function))
        only_if(self, condition)
