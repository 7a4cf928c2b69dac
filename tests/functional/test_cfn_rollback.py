"""Local mode's CloudFormation rollbacks against moto's backend: the failing resource is named, a failed creation
keeps nothing moto would create again on a read, a failed update brings the previous stack back."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from moto import mock_aws
from moto.cloudformation.models import cloudformation_backends

from mlops_orchestrator.local.cfn_rollback import (
    Previous,
    first_failed_resource,
    roll_back_creation,
    roll_back_update,
    update,
)

ACCOUNT, REGION = "123456789012", "us-east-1"


def _template(instance_type: str, topic: str = "first") -> str:
    return json.dumps(
        {
            "Parameters": {"TopicName": {"Type": "String", "Default": topic}},
            "Resources": {
                "Topic": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": {"Ref": "TopicName"}}},
                "Model": {
                    "Type": "AWS::SageMaker::Model",
                    "Properties": {
                        "ExecutionRoleArn": f"arn:aws:iam::{ACCOUNT}:role/r",
                        "PrimaryContainer": {"Image": "image"},
                    },
                },
                "Config": {
                    "Type": "AWS::SageMaker::EndpointConfig",
                    "Properties": {
                        "ProductionVariants": [
                            {
                                "VariantName": "v",
                                "ModelName": {"Fn::GetAtt": ["Model", "ModelName"]},
                                "InitialInstanceCount": 1,
                                "InstanceType": instance_type,
                            }
                        ]
                    },
                },
            },
            "Outputs": {"ConfigName": {"Value": {"Fn::GetAtt": ["Config", "EndpointConfigName"]}}},
        }
    )


@pytest.fixture
def backend() -> Iterator[Any]:
    with mock_aws():
        yield cloudformation_backends[ACCOUNT][REGION]


def test_a_failed_creation_names_the_resource_and_ends_rolled_back_with_nothing_left(backend: Any) -> None:
    with first_failed_resource() as recorder, pytest.raises(Exception, match="instanceType"):
        backend.create_stack(name="s", template=_template("ml.m5.largee"), parameters={})
    assert recorder.first is not None
    assert (recorder.first.logical_id, recorder.first.resource_type) == ("Config", "AWS::SageMaker::EndpointConfig")
    stack = next(iter(backend.stacks.values()))

    roll_back_creation(stack, recorder.first)

    assert stack.status == "ROLLBACK_COMPLETE"
    # Reading it again creates nothing (moto's lazy map used to create, and fail, again on every read).
    assert list(stack.stack_resources) == [] and stack.outputs is None
    assert [event.resource_status for event in stack.events][-3:] == [
        "CREATE_FAILED",
        "ROLLBACK_IN_PROGRESS",
        "ROLLBACK_COMPLETE",
    ]
    backend.delete_stack(stack.stack_id)  # and deleting it works on the first try


def test_a_failed_update_brings_back_the_previous_template_parameters_and_resources(backend: Any) -> None:
    stack = backend.create_stack(name="s", template=_template("ml.m5.large"), parameters={"TopicName": "first"})
    previous = Previous.of(stack)
    with first_failed_resource() as recorder, pytest.raises(Exception, match="instanceType"):
        update(stack, _template("ml.m5.largee", topic="second"), {"TopicName": "second"}, None, None)
    assert recorder.first is not None and recorder.first.logical_id == "Config"

    roll_back_update(stack, previous, recorder.first)

    assert stack.status == "UPDATE_ROLLBACK_COMPLETE"
    assert stack.template == previous.template and stack.parameters == {"TopicName": "first"}
    config = stack.resource_map["Config"]
    assert config.production_variants[0]["InstanceType"] == "ml.m5.large"
    assert stack.resource_map["Topic"].name == "first"
