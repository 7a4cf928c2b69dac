"""Local mode, registry on: a monitor following a group baselines each released version (single account)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from mlops_orchestrator.local import jobs
from mlops_orchestrator.local.runner import LocalMode
from tests.support import example, group_variant, register_packages_with

from .helpers import parameters, pipeline_status, provision, stack

pytestmark = pytest.mark.e2e

GROUP = "monitor-e2e"


def deployed(mode: LocalMode, pipeline_id: str) -> dict[str, str]:
    """The parameters of the blueprint stack, once the pipeline has run on its newest template.zip."""
    state = pipeline_status(mode, pipeline_id)
    assert state["summary"]["pipeline_status"] == "Succeeded", state["summary"]
    blueprint = stack(mode, parameters(stack(mode, pipeline_id))["StackName"])
    assert blueprint["StackStatus"].endswith("_COMPLETE") and "ROLLBACK" not in blueprint["StackStatus"], blueprint
    return parameters(blueprint)


def baseline_of(mode: LocalMode, monitor: dict[str, str]) -> dict[str, Any]:
    """The monitor's baseline job, completed, and the model package Clarify's analysis serves."""
    assert jobs.settle(30)
    sagemaker = mode.client("sagemaker")
    names = [state.name for state in jobs.simulated() if state.name.startswith(monitor["BaselineJobName"])]
    assert len(names) == 1, names
    job = sagemaker.describe_processing_job(ProcessingJobName=names[0])
    assert job["ProcessingJobStatus"] == "Completed", job.get("FailureReason")
    bucket, prefix = monitor["BaselineJobOutputLocation"].split("/", 1)
    config = json.loads(
        mode.client("s3").get_object(Bucket=bucket, Key=f"{prefix}/analysis_config.json")["Body"].read()
    )
    model = sagemaker.describe_model(ModelName=config["predictor"]["model_name"])
    return {"job": names[0], "model_package": model["PrimaryContainer"].get("ModelPackageName")}


def release(mode: LocalMode, arn: str, status: str) -> dict[str, Any]:
    delivered = len(mode.package_events.deliveries)
    mode.client("sagemaker").update_model_package(ModelPackageArn=arn, ModelApprovalStatus=status)
    assert mode.package_events.wait_for(delivered + 1)
    delivery = mode.package_events.deliveries[delivered]
    assert delivery.error is None, delivery.error
    result: dict[str, Any] = delivery.result
    return result


def test_a_bias_monitor_baselines_each_version_its_endpoint_is_released_with(registry: LocalMode) -> None:
    v1, v2 = register_packages_with(registry.client("sagemaker"), GROUP, "Approved", "PendingManualApproval")
    endpoint_body = {
        **group_variant(example("byom_realtime_builtin"), group=GROUP),
        "model_name": GROUP,
        "endpoint_name": GROUP,
    }
    monitor_body = {
        **group_variant(example("byom_model_bias_monitor"), group=GROUP),
        "model_name": f"{GROUP}-bias",
        "endpoint_name": GROUP,
    }
    endpoint_id = provision(registry, endpoint_body)
    assert deployed(registry, endpoint_id)["ModelPackageName"] == v1
    monitor_id = provision(registry, monitor_body)
    monitor = deployed(registry, monitor_id)
    assert monitor["ModelPackageName"] == v1
    assert "-modelbias-v1-" in monitor["BaselineJobName"]
    assert baseline_of(registry, monitor)["model_package"] == v1

    approved = release(registry, v2, "Approved")
    assert sorted(item["model_package_name"] for item in approved["releases"]) == [v2, v2]
    # The first status read after the release already shows what the pipeline deployed on it (show, status).
    first_read = pipeline_status(registry, monitor_id)["summary"]
    assert [entry.get("model_package") for entry in first_read["deployments"]] == [v2]
    assert deployed(registry, endpoint_id)["ModelPackageName"] == v2
    monitor = deployed(registry, monitor_id)
    assert (monitor["ModelPackageName"], "-modelbias-v2-" in monitor["BaselineJobName"]) == (v2, True)
    assert baseline_of(registry, monitor)["model_package"] == v2

    rejected = release(registry, v2, "Rejected")
    assert sorted(item["model_package_name"] for item in rejected["releases"]) == [v1, v1]
    monitor = deployed(registry, monitor_id)
    assert (monitor["ModelPackageName"], "-modelbias-v1-" in monitor["BaselineJobName"]) == (v1, True)
    assert baseline_of(registry, monitor)["model_package"] == v1
    history = pipeline_status(registry, monitor_id)["summary"]["releases"]
    assert [(item["version"], item["cause"]) for item in history] == [(1, "request"), (2, "approval"), (1, "rejection")]


def test_a_data_quality_monitor_follows_the_group_without_a_model_of_its_own(registry: LocalMode) -> None:
    group = f"{GROUP}-dq"
    v1, v2 = register_packages_with(registry.client("sagemaker"), group, "Approved", "PendingManualApproval")
    body = {**group_variant(example("byom_data_quality_monitor"), group=group), "model_name": group}
    monitor_id = provision(registry, body)
    assert deployed(registry, monitor_id)["ModelPackageName"] == v1
    release(registry, v2, "Approved")
    monitor = deployed(registry, monitor_id)
    assert monitor["ModelPackageName"] == v2
    assert jobs.settle(30)
    job = next(state for state in jobs.simulated() if state.name.startswith(monitor["BaselineJobName"]))
    assert job.status == "Completed", job.failure_reason
