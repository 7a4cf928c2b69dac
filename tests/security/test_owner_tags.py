"""The pipelines' deploy role changes or deletes a SageMaker resource only when its `stack-name` tag names an
orchestrator stack: every SageMaker resource a workload blueprint creates must carry that tag, or the pipeline
could create it but never update or delete it."""

from __future__ import annotations

from typing import Any

from mlops_orchestrator.blueprints.workload_support import OWNER_TAG
from tests.security.templates import WORKLOAD_BLUEPRINTS

# What the deploy role creates only with the owner tag (SageMakerCreateTagged).
TAGGED_TYPES = {
    "AWS::SageMaker::Model",
    "AWS::SageMaker::EndpointConfig",
    "AWS::SageMaker::Endpoint",
    "AWS::SageMaker::DataQualityJobDefinition",
    "AWS::SageMaker::ModelQualityJobDefinition",
    "AWS::SageMaker::ModelBiasJobDefinition",
    "AWS::SageMaker::ModelExplainabilityJobDefinition",
    "AWS::SageMaker::MonitoringSchedule",
}


def test_every_sagemaker_resource_of_a_workload_blueprint_carries_the_owner_tag(
    templates: dict[str, dict[str, Any]],
) -> None:
    untagged, seen = [], set()
    for name in WORKLOAD_BLUEPRINTS:
        for logical_id, resource in templates[name]["Resources"].items():
            if not resource["Type"].startswith("AWS::SageMaker::"):
                continue
            seen.add(resource["Type"])
            tags = resource.get("Properties", {}).get("Tags", [])
            if {"Key": OWNER_TAG, "Value": {"Ref": "AWS::StackName"}} not in tags:
                untagged.append(f"{name}/{logical_id}")
    assert untagged == []
    # The deploy role's tag conditions cover every SageMaker type the blueprints declare, and no more.
    assert seen == TAGGED_TYPES
