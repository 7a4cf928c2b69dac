"""The orchestrator's storage: access-log, assets (or the user's) and blueprint buckets, and the ECR repository.

Construct ids are fixed strings, so logical IDs are the same on every synth and a stack update never
replaces a bucket (the original put a random UUID in two of them).
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_ecr as ecr
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from constructs import Construct

from mlops_orchestrator.core.event_attempts import EventAttempts
from mlops_orchestrator.infrastructure.nag import acknowledge
from mlops_orchestrator.infrastructure.secure_bucket import secure_bucket

from .conditional import if_else, only_if
from .parameters import OrchestratorParameters

ASSETS_LOG_PREFIX = "assets_bucket_access_logs/"
BLUEPRINTS_LOG_PREFIX = "blueprint_repository_access_logs/"


class Storage(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, parameters: OrchestratorParameters) -> None:
        super().__init__(scope, construct_id)
        conditions = parameters.conditions
        self.access_logs = secure_bucket(self, "AccessLogs", access_logs=None, access_logs_prefix="")
        acknowledge(
            self.access_logs, "AwsSolutions-S1", "This is the access-log bucket; it cannot log access to itself."
        )
        self.blueprints = secure_bucket(
            self, "BlueprintRepository", access_logs=self.access_logs, access_logs_prefix=BLUEPRINTS_LOG_PREFIX
        )
        self.created_assets = self._assets_bucket(parameters)

        existing = parameters.existing_bucket.value_as_string
        self.assets_bucket_name = if_else(conditions.s3_bucket_provided, existing, self.created_assets.bucket_name)
        # Imported by ARN, not name: the user's bucket may live in another account's naming; the ARN is exact.
        self.assets = s3.Bucket.from_bucket_attributes(
            self,
            "Assets",
            bucket_name=self.assets_bucket_name,
            bucket_arn=f"arn:{cdk.Aws.PARTITION}:s3:::{self.assets_bucket_name}",
        )

        self.created_repository = ecr.Repository(
            self, "ECRRepo", image_scan_on_push=True, removal_policy=cdk.RemovalPolicy.RETAIN
        )
        only_if(self.created_repository, conditions.create_ecr_repo)
        existing_repo = parameters.existing_ecr_repo.value_as_string
        self.repository_name = if_else(conditions.ecr_provided, existing_repo, self.created_repository.repository_name)
        self.repository_arn = if_else(
            conditions.ecr_provided,
            cdk.Stack.of(self).format_arn(service="ecr", resource="repository", resource_name=existing_repo),
            self.created_repository.repository_arn,
        )

    def _assets_bucket(self, parameters: OrchestratorParameters) -> s3.Bucket:
        conditions = parameters.conditions
        # The assets bucket is conditional. CDK would add its log-delivery grant to the access-log bucket's
        # (unconditional) policy with a GetAtt of the conditional bucket, which CloudFormation rejects when
        # the bucket is not created. So the log target is passed as a reference, and the grant is added here
        # with an Fn::If (the user's bucket, as the original did, when no bucket is created).
        log_target = s3.Bucket.from_bucket_attributes(
            self, "AccessLogsTarget", bucket_name=self.access_logs.bucket_name, bucket_arn=self.access_logs.bucket_arn
        )
        bucket = secure_bucket(self, "PipelineAssets", access_logs=log_target, access_logs_prefix=ASSETS_LOG_PREFIX)
        # The orchestrator deletes an event's attempt count itself; a count left behind (its last attempt stopped
        # by Lambda) is useless after Lambda's 6-hour event age, so it expires, versions and delete marker too.
        bucket.add_lifecycle_rule(
            id="ExpireEventAttemptCounts",
            prefix=EventAttempts.KEY_PREFIX,
            expiration=cdk.Duration.days(1),
            noncurrent_version_expiration=cdk.Duration.days(1),
        )
        bucket.add_lifecycle_rule(
            id="RemoveEventAttemptDeleteMarkers", prefix=EventAttempts.KEY_PREFIX, expired_object_delete_marker=True
        )
        cdk.Annotations.of(bucket).acknowledge_warning(
            "@aws-cdk/aws-s3:accessLogsPolicyNotAdded", "The log-delivery grant is added explicitly, with an Fn::If."
        )
        only_if(bucket, conditions.create_s3_bucket)
        existing_arn = f"arn:{cdk.Aws.PARTITION}:s3:::{parameters.existing_bucket.value_as_string}"
        self.access_logs.add_to_resource_policy(
            iam.PolicyStatement(
                sid="AssetsBucketLogDelivery",
                principals=[iam.ServicePrincipal("logging.s3.amazonaws.com")],
                actions=["s3:PutObject"],
                resources=[self.access_logs.arn_for_objects(f"{ASSETS_LOG_PREFIX}*")],
                conditions={
                    "ArnLike": {"aws:SourceArn": if_else(conditions.create_s3_bucket, bucket.bucket_arn, existing_arn)},
                    "StringEquals": {"aws:SourceAccount": cdk.Aws.ACCOUNT_ID},
                },
            )
        )
        return bucket
