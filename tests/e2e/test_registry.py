"""Real-time and batch pipelines from the SageMaker model registry (single-account mode)."""

from __future__ import annotations

import pytest

from mlops_orchestrator.local.runner import LocalMode
from tests.support import example

from .helpers import COMPLETE, parameters, pipeline_status, provision, stack

pytestmark = pytest.mark.e2e

MODEL_PACKAGE = "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/1"
NOT_FOR_REGISTRY = ("model_framework", "model_framework_version", "model_artifact_location")


@pytest.mark.parametrize("pipeline_type", ["byom_realtime_builtin", "byom_batch_builtin"])
def test_a_registered_model_is_deployed(registry: LocalMode, pipeline_type: str) -> None:
    assert registry.info.model_registry
    body = {key: value for key, value in example(pipeline_type).items() if key not in NOT_FOR_REGISTRY}
    body["model_package_name"] = MODEL_PACKAGE

    pipeline_id = provision(registry, body)

    assert stack(registry, pipeline_id)["StackStatus"] in COMPLETE
    state = pipeline_status(registry, pipeline_id)
    assert state["summary"]["pipeline_status"] == "Succeeded", state["summary"]
    deployed = parameters(stack(registry, parameters(stack(registry, pipeline_id))["StackName"]))
    assert deployed["ModelPackageName"] == MODEL_PACKAGE
    assert deployed["ModelPackageGroupName"] == "churn"
    assert deployed["ModelArtifactLocation"] == ""
