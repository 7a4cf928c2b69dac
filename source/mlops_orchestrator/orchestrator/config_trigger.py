"""`s3://<ConfigS3Bucket>/mlops-config.json` uploads invoke the orchestrator, when a config bucket is given.

The bucket exists already, so its notification is set by CDK's `Custom::S3BucketNotifications` handler,
which keeps the bucket's other notifications. Everything this creates (the custom resource, its handler,
the handler's role, the invoke permission and the read policy) exists only under `ConfigBucketProvided`.
The filter is the exact key: prefix and suffix both `mlops-config.json` (the original's prefix-only filter
also fired for `mlops-config.json.bak`).
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_notifications as s3_notifications
from constructs import Construct

from mlops_orchestrator.core.service import CONFIG_FILE_KEY
from mlops_orchestrator.infrastructure.nag import acknowledge
from mlops_orchestrator.infrastructure.nag_wildcards import BASIC_EXECUTION_ROLE

from .conditional import only_if
from .construct_tree import child_ids, children_added


class ConfigTrigger(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        bucket_name: str,
        condition: cdk.CfnCondition,
        function: lambda_.Function,
    ) -> None:
        super().__init__(scope, construct_id)
        stack = cdk.Stack.of(self)
        bucket = s3.Bucket.from_bucket_name(self, "mlopsConfigBucket", bucket_name)
        stack_children_before = child_ids(stack)
        function_children_before = child_ids(function)
        bucket.add_event_notification(
            s3.EventType.OBJECT_CREATED,
            s3_notifications.LambdaDestination(function),
            s3.NotificationKeyFilter(prefix=CONFIG_FILE_KEY, suffix=CONFIG_FILE_KEY),
        )
        read = iam.Policy(
            self,
            "MlOpsS3ConfigReadPolicy",
            statements=[
                iam.PolicyStatement(actions=["s3:GetObject"], resources=[bucket.arn_for_objects(CONFIG_FILE_KEY)])
            ],
        )
        if function.role is not None:
            read.attach_to_role(function.role)
        only_if(self, condition)
        for permission in children_added(function, function_children_before):  # s3.amazonaws.com may invoke
            only_if(permission, condition)
        for handler in children_added(stack, stack_children_before):  # CDK's singleton notifications handler
            only_if(handler, condition)
            acknowledge(
                handler,
                BASIC_EXECUTION_ROLE,
                "CDK's bucket-notification handler writes its logs with AWSLambdaBasicExecutionRole (logs only).",
            )
