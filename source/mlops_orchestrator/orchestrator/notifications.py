"""The notifications topic: KMS-encrypted, SSL-only, with the operator's email subscribed.

Publishers are the orchestrator Lambda (config-file failures), EventBridge rules of the pipelines (success
and failure) and CodePipeline manual approvals (multi-account). The latter two are created later by pipeline
stacks that only know the topic ARN, so the key policy lets this account's principals use the key through
SNS, the way AWS-managed keys do, instead of naming roles that do not exist yet.
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from constructs import Construct

_USE_FOR_PUBLISHING = ["kms:Decrypt", "kms:GenerateDataKey*"]


class Notifications(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, email: str) -> None:
        super().__init__(scope, construct_id)
        self.key = kms.Key(
            self,
            "TopicKey",
            description="Encrypts the MLOps notifications topic",
            enable_key_rotation=True,
            removal_policy=cdk.RemovalPolicy.RETAIN,
        )
        self.key.add_to_resource_policy(
            iam.PolicyStatement(
                sid="PublishFromThisAccountThroughSns",
                principals=[iam.AnyPrincipal()],
                actions=_USE_FOR_PUBLISHING,
                resources=["*"],  # in a key policy, "*" is this key
                conditions={
                    "StringEquals": {
                        "kms:CallerAccount": cdk.Aws.ACCOUNT_ID,
                        "kms:ViaService": f"sns.{cdk.Aws.REGION}.{cdk.Aws.URL_SUFFIX}",
                    }
                },
            )
        )
        self.key.add_to_resource_policy(
            iam.PolicyStatement(
                sid="PublishFromEventBridge",
                principals=[iam.ServicePrincipal("events.amazonaws.com")],
                actions=_USE_FOR_PUBLISHING,
                resources=["*"],  # in a key policy, "*" is this key
            )
        )
        self.topic = sns.Topic(
            self,
            "MLOpsNotificationsTopic",
            master_key=self.key,
            enforce_ssl=True,
            display_name="MLOps Workload Orchestrator notifications",
        )
        self.topic.add_subscription(subscriptions.EmailSubscription(email))
        # Pipelines notify through EventBridge rules; only rules of this account may publish.
        self.topic.add_to_resource_policy(
            iam.PolicyStatement(
                sid="PublishFromEventBridgeRulesOfThisAccount",
                principals=[iam.ServicePrincipal("events.amazonaws.com")],
                actions=["sns:Publish"],
                resources=[self.topic.topic_arn],
                conditions={"StringEquals": {"aws:SourceAccount": cdk.Aws.ACCOUNT_ID}},
            )
        )
