"""Shared test set-up: no real AWS is ever reachable, settings are built explicitly, and a moto account
with the orchestrator's buckets, topic and blueprint templates serves the functional and reliability tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from mlops_orchestrator.core import aws
from mlops_orchestrator.core.catalog import BLUEPRINTS
from mlops_orchestrator.local.settings import settings_env
from mlops_orchestrator.local.templates import blueprint_templates
from tests.support import CountingSuffix, make_settings

# Set before any boto3 client exists: dummy credentials, no metadata probes, no CLI telemetry.
for _key, _value in {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SECURITY_TOKEN": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_EC2_METADATA_DISABLED": "true",
    "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20",
    "CDK_DISABLE_CLI_TELEMETRY": "true",
    "CDK_VALIDATION": "false",
}.items():
    os.environ.setdefault(_key, _value)
os.environ.pop("AWS_ENDPOINT_URL", None)
os.environ.pop("AWS_PROFILE", None)


@pytest.fixture
def suffix() -> CountingSuffix:
    return CountingSuffix()


@pytest.fixture
def aws_account() -> Iterator[dict[str, Any]]:
    """moto with the orchestrator's resources; yields the boto3 clients the tests inspect."""
    # The real templates deploy on plain moto, their pipeline stacks without the pipeline (moto's CloudFormation
    # skips AWS::CodePipeline::Pipeline, and the functional tests do not run pipelines), except for the image
    # builder's CodeBuild project, which its pipeline references: local mode's provider creates that one.
    from mlops_orchestrator.local import providers  # moto loads after the environment above is set

    providers.install(only=frozenset({"AWS::CodeBuild::Project"}))
    with mock_aws():
        aws.reset_clients()
        settings = make_settings()
        s3 = boto3.client("s3", region_name="us-east-1")
        for bucket in (settings.assets_bucket, settings.blueprint_bucket, "config-bucket"):
            s3.create_bucket(Bucket=bucket)
        s3.put_bucket_versioning(Bucket=settings.assets_bucket, VersioningConfiguration={"Status": "Enabled"})
        templates = blueprint_templates()
        for blueprint in BLUEPRINTS:
            s3.put_object(
                Bucket=settings.blueprint_bucket, Key=blueprint.key, Body=templates[blueprint.file_name].encode()
            )
        topic = boto3.client("sns", region_name="us-east-1").create_topic(Name="mlops-topic")["TopicArn"]
        yield {
            "s3": s3,
            "cloudformation": boto3.client("cloudformation", region_name="us-east-1"),
            "codepipeline": boto3.client("codepipeline", region_name="us-east-1"),
            "sqs": boto3.client("sqs", region_name="us-east-1"),
            "sns": boto3.client("sns", region_name="us-east-1"),
            "topic": topic,
        }
        aws.reset_clients()
    providers.uninstall()


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, aws_account: dict[str, Any]) -> dict[str, Any]:
    for key, value in settings_env(make_settings(), config_bucket="config-bucket").items():
        monkeypatch.setenv(key, value)
    return aws_account
