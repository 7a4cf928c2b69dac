"""CDK feature flags every app of this project synthesizes with (app.py and the tests alike)."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk

FEATURE_FLAGS: dict[str, Any] = {
    # Access-log delivery through a bucket policy instead of ACLs, so buckets can enforce object ownership.
    "@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy": True,
    "@aws-cdk/aws-iam:minimizePolicies": True,
    "@aws-cdk/core:enablePartitionLiterals": True,
    "@aws-cdk/aws-lambda:recognizeLayerVersion": True,
    "@aws-cdk/aws-apigateway:disableCloudWatchRole": True,
    "@aws-cdk/aws-s3:createDefaultLoggingPolicy": True,
    "@aws-cdk/aws-sns-subscriptions:restrictSqsDescryption": True,
    "@aws-cdk/aws-kms:aliasNameRef": True,
    "@aws-cdk/aws-codepipeline:crossAccountKeyAliasStackSafeResourceName": True,
    "@aws-cdk/aws-codepipeline:defaultPipelineTypeToV2": True,
}


def new_app(**context: Any) -> cdk.App:
    return cdk.App(context={**FEATURE_FLAGS, **context})
