"""Publishes the blueprint package to `s3://<blueprint bucket>/blueprints/` at deploy time.

CDK's BucketDeployment copies the locally built package (a CDK asset) into the bucket, and prunes what is
no longer part of it, so after every stack update the bucket holds exactly the current blueprints. Nothing
is copied from an AWS-owned bucket.
"""

from __future__ import annotations

from pathlib import Path

import aws_cdk as cdk
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3_deployment
from constructs import Construct

from mlops_orchestrator.infrastructure.nag import acknowledge
from mlops_orchestrator.infrastructure.nag_wildcards import (
    BASIC_EXECUTION_ROLE,
    acknowledge_wildcards,
    policy_wildcards,
)

from .construct_tree import child_ids, children_added

PREFIX = "blueprints/"
# The handler runs the AWS CLI over a few MB of templates and Lambda zips; CDK's 128 MB default makes
# `aws s3 sync` slow and risks running out of memory as the blueprint packages grow.
MEMORY_MB = 512


class BlueprintPublishing(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, package: Path, bucket: s3.IBucket) -> None:
        super().__init__(scope, construct_id)
        stack = cdk.Stack.of(self)
        stack_children_before = child_ids(stack)
        self.deployment = s3_deployment.BucketDeployment(
            self,
            "Blueprints",
            sources=[s3_deployment.Source.asset(str(package))],
            destination_bucket=bucket,
            destination_key_prefix=PREFIX,
            prune=True,
            retain_on_delete=True,  # the bucket is retained with its content, as the buckets are
            memory_limit=MEMORY_MB,
            log_group=logs.LogGroup(
                self, "HandlerLogs", retention=logs.RetentionDays.ONE_YEAR, removal_policy=cdk.RemovalPolicy.RETAIN
            ),
        )
        for handler in children_added(stack, stack_children_before):  # CDK's singleton deployment handler
            acknowledge(
                handler,
                BASIC_EXECUTION_ROLE,
                "CDK's BucketDeployment handler writes its logs with AWSLambdaBasicExecutionRole (logs only).",
            )
            actions, resources = policy_wildcards(handler)
            acknowledge_wildcards(
                handler,
                "CDK's BucketDeployment handler reads its source asset and syncs (writes and prunes) objects "
                "of the blueprint bucket; CDK grants these object-level wildcards.",
                actions=actions,
                resources=resources,
            )
            acknowledge(
                handler,
                "AwsSolutions-L1",
                "CDK pins the BucketDeployment handler's Python runtime to match its bundled AWS CLI layer.",
            )
