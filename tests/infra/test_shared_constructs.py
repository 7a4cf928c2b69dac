"""The shared building blocks pass the policy gates on their own."""

from __future__ import annotations

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Match

from mlops_orchestrator.infrastructure.nag import acknowledge
from mlops_orchestrator.infrastructure.secure_bucket import secure_bucket
from mlops_orchestrator.infrastructure.synthesizer import synthesizer
from tests.infra.support import cfn_lint, synth


def _buckets(app: cdk.App) -> cdk.Stack:
    stack = cdk.Stack(app, "Buckets", synthesizer=synthesizer())
    logs = secure_bucket(stack, "AccessLogs", access_logs=None, access_logs_prefix="")
    acknowledge(logs, "AwsSolutions-S1", "This is the access-log bucket; it cannot deliver its own access logs.")
    secure_bucket(stack, "Data", access_logs=logs, access_logs_prefix="data/")
    return stack


def test_secure_bucket_defaults() -> None:
    _, template = synth(_buckets)
    template.resource_count_is("AWS::S3::Bucket", 2)
    template.all_resources_properties(
        "AWS::S3::Bucket",
        {
            "BucketEncryption": {
                "ServerSideEncryptionConfiguration": [{"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
            },
            "VersioningConfiguration": {"Status": "Enabled"},
            "PublicAccessBlockConfiguration": {
                "BlockPublicAcls": True,
                "BlockPublicPolicy": True,
                "IgnorePublicAcls": True,
                "RestrictPublicBuckets": True,
            },
        },
    )
    template.has_resource_properties(
        "AWS::S3::Bucket",
        {"LoggingConfiguration": {"LogFilePrefix": "data/", "DestinationBucketName": Match.any_value()}},
    )
    template.all_resources("AWS::S3::Bucket", {"DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain"})
    assert cfn_lint(template.to_json()) == []


def test_an_unacknowledged_finding_fails_the_synth() -> None:
    def without_acknowledgement(app: cdk.App) -> cdk.Stack:
        stack = cdk.Stack(app, "Bare", synthesizer=synthesizer())
        secure_bucket(stack, "AccessLogs", access_logs=None, access_logs_prefix="")
        return stack

    with pytest.raises(RuntimeError, match="ValidationFailed"):
        synth(without_acknowledgement)


def test_acknowledgements_need_a_reason() -> None:
    with pytest.raises(ValueError, match="real reason"):
        acknowledge(cdk.Stack(), "AwsSolutions-S1", "ok")
