"""Local mode, registry on: approving a model package releases it, rejecting it rolls back (single account)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mlops_orchestrator.local.registry_samples import EXAMPLE_GROUP
from mlops_orchestrator.local.runner import LocalMode
from tests.support import REGISTRY_EXAMPLES, example, group_variant

from .helpers import parameters, pipeline_status, provision, stack

pytestmark = pytest.mark.e2e


def register(mode: LocalMode, group: str, *statuses: str) -> list[str]:
    sagemaker = mode.client("sagemaker")
    sagemaker.create_model_package_group(ModelPackageGroupName=group)
    return [
        sagemaker.create_model_package(
            ModelPackageGroupName=group,
            ModelApprovalStatus=status,
            InferenceSpecification={
                "Containers": [{"Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1"}],
                "SupportedContentTypes": ["text/csv"],
                "SupportedResponseMIMETypes": ["text/csv"],
            },
        )["ModelPackageArn"]
        for status in statuses
    ]


def running(mode: LocalMode, pipeline_id: str) -> str:
    """The package the deployed endpoint stack runs, once the pipeline has run on its newest template.zip."""
    state = pipeline_status(mode, pipeline_id)
    assert state["summary"]["pipeline_status"] == "Succeeded", state["summary"]
    blueprint = parameters(stack(mode, pipeline_id))["StackName"]
    return parameters(stack(mode, blueprint))["ModelPackageName"]


def set_status(mode: LocalMode, arn: str, status: str, delivered: int) -> Any:
    mode.client("sagemaker").update_model_package(ModelPackageArn=arn, ModelApprovalStatus=status)
    assert mode.package_events.wait_for(delivered)
    delivery = mode.package_events.deliveries[delivered - 1]
    assert delivery.error is None, delivery.error
    return delivery.result


def test_approve_v2_then_reject_it_back_to_v1(registry: LocalMode) -> None:
    v1, v2 = register(registry, "release-e2e", "Approved", "PendingManualApproval")
    body = {
        **group_variant(example("byom_realtime_builtin"), group="release-e2e"),
        "model_name": "release-e2e",
        # Endpoint names are unique in an account, in local mode too: the example's may be deployed already.
        "endpoint_name": "release-e2e",
    }
    delivered = len(registry.package_events.deliveries)
    pipeline_id = provision(registry, body)
    assert running(registry, pipeline_id) == v1

    approved = set_status(registry, v2, "Approved", delivered + 1)
    assert [release["model_package_name"] for release in approved["releases"]] == [v2]
    assert running(registry, pipeline_id) == v2

    rejected = set_status(registry, v2, "Rejected", delivered + 2)
    assert [release["model_package_name"] for release in rejected["releases"]] == [v1]
    assert running(registry, pipeline_id) == v1
    releases = pipeline_status(registry, pipeline_id)["summary"]["releases"]
    assert [(release["version"], release["cause"]) for release in releases] == [
        (1, "request"),
        (2, "approval"),
        (1, "rejection"),
    ]


@pytest.mark.parametrize("path", sorted(REGISTRY_EXAMPLES.glob("*.json")), ids=lambda path: path.name)
def test_every_registry_example_deploys_the_seeded_groups_approved_version(registry: LocalMode, path: Path) -> None:
    packages = registry.client("sagemaker").list_model_packages(ModelPackageGroupName=EXAMPLE_GROUP)
    approved = [
        p["ModelPackageArn"] for p in packages["ModelPackageSummaryList"] if p["ModelApprovalStatus"] == "Approved"
    ]
    assert len(packages["ModelPackageSummaryList"]) == 2 and len(approved) == 1
    pipeline_id = provision(registry, json.loads(path.read_text()))
    assert running(registry, pipeline_id) == approved[0]
