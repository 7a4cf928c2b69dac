"""moto-backed AWS for functional tests: the orchestrator's buckets, topic and blueprint templates."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
import yaml
from moto import mock_aws

from mlops_orchestrator.core import aws
from mlops_orchestrator.core.catalog import BLUEPRINTS
from mlops_orchestrator.local.settings import settings_env
from tests.support import make_settings


def stand_in_template(parameters: dict[str, dict[str, Any]]) -> str:
    """A template with the blueprint's parameters and one resource moto can create."""
    return yaml.safe_dump(
        {
            "Parameters": parameters,
            "Resources": {
                "Marker": {
                    "Type": "AWS::SSM::Parameter",
                    "Properties": {
                        "Name": {"Fn::Sub": "/mlops-test/${AWS::StackName}"},
                        "Type": "String",
                        "Value": "x",
                    },
                }
            },
        }
    )


@pytest.fixture
def aws_account() -> Iterator[dict[str, Any]]:
    """moto with the orchestrator's resources; yields the boto3 clients the tests inspect."""
    with mock_aws():
        aws.reset_clients()
        settings = make_settings()
        s3 = boto3.client("s3", region_name="us-east-1")
        for bucket in (settings.assets_bucket, settings.blueprint_bucket, "config-bucket"):
            s3.create_bucket(Bucket=bucket)
        s3.put_bucket_versioning(Bucket=settings.assets_bucket, VersioningConfiguration={"Status": "Enabled"})
        for blueprint in BLUEPRINTS:
            s3.put_object(
                Bucket=settings.blueprint_bucket,
                Key=blueprint.key,
                Body=stand_in_template(blueprint.cloudformation_parameters()).encode(),
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


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, aws_account: dict[str, Any]) -> dict[str, Any]:
    for key, value in settings_env(make_settings(), config_bucket="config-bucket").items():
        monkeypatch.setenv(key, value)
    return aws_account
