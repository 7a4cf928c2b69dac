"""A failed blueprint deploy is rolled back as CloudFormation does, and fixed by sending a corrected request.

The failure is one validation cannot see: an endpoint name another endpoint of the account already holds
(local mode refuses it as SageMaker does). Single-account tests first, then multi-account, so that local
mode switches once.
"""

from __future__ import annotations

from typing import Any

import pytest
from moto.sagemaker.models import sagemaker_backends

from mlops_orchestrator.local import settings as local
from mlops_orchestrator.local.cfn_rollback import ROLLBACK_FAULTS
from mlops_orchestrator.local.runner import LocalMode
from tests.support import example

from .helpers import parameters, pipeline_status, post, provision, stack

pytestmark = pytest.mark.e2e

TAKEN = "taken-endpoint"


def _request(model: str, endpoint: str, instance: str = "ml.m5.large") -> dict[str, Any]:
    return {
        **example("byom_realtime_builtin"),
        "model_name": model,
        "endpoint_name": endpoint,
        "inference_instance": instance,
    }


def _take_endpoint_name(account_id: str, name: str = TAKEN) -> None:
    """An endpoint the pipeline does not own, in the account the blueprint deploys to."""
    backend = sagemaker_backends[account_id][local.REGION]
    backend.create_model(f"{name}-model", "arn:aws:iam::123456789012:role/other", {"Image": "x"}, None, None, [])
    variant = {"VariantName": "v", "ModelName": f"{name}-model", "InitialInstanceCount": 1}
    backend.create_endpoint_config(f"{name}-config", [{**variant, "InstanceType": "ml.m5.large"}], {}, {}, [], "")
    backend.create_endpoint(name, f"{name}-config", [])


def _release_endpoint_name(account_id: str, name: str = TAKEN) -> None:
    backend = sagemaker_backends[account_id][local.REGION]
    backend.delete_endpoint(name)
    backend.delete_endpoint_config(f"{name}-config")
    backend.delete_model(f"{name}-model")


def _summary(mode: LocalMode, pipeline_id: str) -> dict[str, Any]:
    summary: dict[str, Any] = pipeline_status(mode, pipeline_id)["summary"]
    return summary


def _blueprint(mode: LocalMode, pipeline_id: str) -> dict[str, Any]:
    return stack(mode, parameters(stack(mode, pipeline_id))["StackName"])


def _reasons(summary: dict[str, Any]) -> str:
    return " | ".join(str(failure.get("reason")) for failure in summary.get("failures", []))


def _endpoint_instance_type(mode: LocalMode, endpoint: str) -> str:
    sagemaker = mode.client("sagemaker")
    config = sagemaker.describe_endpoint(EndpointName=endpoint)["EndpointConfigName"]
    variants = sagemaker.describe_endpoint_config(EndpointConfigName=config)["ProductionVariants"]
    return str(variants[0]["InstanceType"])


def _account(mode: LocalMode) -> str:
    return str(mode.client("sts").get_caller_identity()["Account"])


@pytest.fixture
def taken(single: LocalMode) -> Any:
    account = _account(single)
    _take_endpoint_name(account)
    yield account
    if TAKEN in sagemaker_backends[account][local.REGION].endpoints:
        _release_endpoint_name(account)


def _failed_creation(mode: LocalMode, model: str) -> str:
    pipeline_id = provision(mode, _request(model, TAKEN))
    summary = _summary(mode, pipeline_id)
    assert summary["pipeline_status"] == "Failed", summary
    assert "Cannot create already existing endpoint" in _reasons(summary), summary
    blueprint = _blueprint(mode, pipeline_id)
    assert blueprint["StackStatus"] == "ROLLBACK_COMPLETE"
    assert "Outputs" not in blueprint
    resources = mode.client("cloudformation").describe_stack_resources(StackName=blueprint["StackId"])
    assert resources["StackResources"] == []
    return pipeline_id


@pytest.mark.usefixtures("taken")
def test_a_failed_creation_ends_rolled_back_and_is_deprovisioned_on_the_first_try(single: LocalMode) -> None:
    pipeline_id = _failed_creation(single, "fails-then-deleted")

    status, answer = post(single, "/deprovisionpipeline", {"pipeline_id": pipeline_id})

    assert status == 200, answer
    assert answer["status"] == "deleted", answer
    assert stack(single, pipeline_id)["StackStatus"] == "DELETE_COMPLETE"


@pytest.mark.usefixtures("taken")
def test_a_corrected_request_deploys_after_a_failed_creation(single: LocalMode) -> None:
    pipeline_id = _failed_creation(single, "fails-then-renamed")

    assert provision(single, _request("fails-then-renamed", "renamed-endpoint")) == pipeline_id

    summary = _summary(single, pipeline_id)
    assert summary["pipeline_status"] == "Succeeded", summary
    assert _blueprint(single, pipeline_id)["StackStatus"] == "CREATE_COMPLETE"
    assert _endpoint_instance_type(single, "renamed-endpoint") == "ml.m5.large"
    assert post(single, "/deprovisionpipeline", {"pipeline_id": pipeline_id})[1]["status"] == "deleted"


def test_removing_the_colliding_endpoint_and_resending_the_same_request_deploys(single: LocalMode) -> None:
    account = _account(single)
    _take_endpoint_name(account)
    pipeline_id = _failed_creation(single, "fails-then-freed")
    _release_endpoint_name(account)

    status, answer = post(single, "/provisionpipeline", _request("fails-then-freed", TAKEN))

    assert status == 200, answer
    assert "its last run failed, so it runs again" in answer["message"]
    assert _summary(single, pipeline_id)["pipeline_status"] == "Succeeded"
    assert _blueprint(single, pipeline_id)["StackStatus"] == "CREATE_COMPLETE"
    assert _endpoint_instance_type(single, TAKEN) == "ml.m5.large"
    # Sent once more, the same request changes nothing: the last run succeeded.
    again = post(single, "/provisionpipeline", _request("fails-then-freed", TAKEN))[1]
    assert "runs again" not in again["message"]
    assert post(single, "/deprovisionpipeline", {"pipeline_id": pipeline_id})[1]["status"] == "deleted"


@pytest.mark.usefixtures("taken")
def test_a_failed_update_brings_back_the_previous_template_parameters_and_resources(single: LocalMode) -> None:
    pipeline_id = provision(single, _request("update-fails", "update-fails-endpoint"))
    assert _summary(single, pipeline_id)["pipeline_status"] == "Succeeded"
    cloudformation = single.client("cloudformation")
    before = _blueprint(single, pipeline_id)
    template_before = cloudformation.get_template(StackName=before["StackId"])["TemplateBody"]

    provision(single, _request("update-fails", TAKEN, instance="ml.m5.xlarge"))

    summary = _summary(single, pipeline_id)
    assert summary["pipeline_status"] == "Failed", summary
    assert "Cannot create already existing endpoint" in _reasons(summary), summary
    after = _blueprint(single, pipeline_id)
    assert after["StackStatus"] == "UPDATE_ROLLBACK_COMPLETE"
    assert parameters(after) == parameters(before)
    assert cloudformation.get_template(StackName=after["StackId"])["TemplateBody"] == template_before
    assert _endpoint_instance_type(single, "update-fails-endpoint") == "ml.m5.large"
    events = cloudformation.describe_stack_events(StackName=after["StackId"])["StackEvents"]
    assert [event["ResourceStatus"] for event in events[:2]] == [
        "UPDATE_ROLLBACK_COMPLETE",
        "UPDATE_ROLLBACK_IN_PROGRESS",
    ]

    provision(single, _request("update-fails", "update-fails-endpoint", instance="ml.m5.xlarge"))

    assert _summary(single, pipeline_id)["pipeline_status"] == "Succeeded"
    assert _blueprint(single, pipeline_id)["StackStatus"] == "UPDATE_COMPLETE"
    assert _endpoint_instance_type(single, "update-fails-endpoint") == "ml.m5.xlarge"
    assert post(single, "/deprovisionpipeline", {"pipeline_id": pipeline_id})[1]["status"] == "deleted"


@pytest.mark.usefixtures("taken")
def test_a_stack_whose_update_rollback_failed_is_replaced_by_the_corrected_request(single: LocalMode) -> None:
    pipeline_id = provision(single, _request("rollback-fails", "rollback-fails-endpoint"))
    blueprint_name = _blueprint(single, pipeline_id)["StackName"]
    ROLLBACK_FAULTS.add(blueprint_name)
    try:
        provision(single, _request("rollback-fails", TAKEN))
        # The pipeline runs when its state is read (local mode's lazy S3 trigger).
        assert _summary(single, pipeline_id)["pipeline_status"] == "Failed"
    finally:
        ROLLBACK_FAULTS.discard(blueprint_name)
    assert _blueprint(single, pipeline_id)["StackStatus"] == "UPDATE_ROLLBACK_FAILED"

    provision(single, _request("rollback-fails", "rollback-fails-endpoint", instance="ml.m5.xlarge"))

    # REPLACE_ON_FAILURE: CloudFormation's action deletes a stack in UPDATE_ROLLBACK_FAILED and creates it again.
    assert _summary(single, pipeline_id)["pipeline_status"] == "Succeeded"
    assert _blueprint(single, pipeline_id)["StackStatus"] == "CREATE_COMPLETE"
    assert _endpoint_instance_type(single, "rollback-fails-endpoint") == "ml.m5.xlarge"
    assert post(single, "/deprovisionpipeline", {"pipeline_id": pipeline_id})[1]["status"] == "deleted"


def test_multi_account_a_failed_dev_deploy_is_fixed_by_the_corrected_request(multi: LocalMode) -> None:
    dev = multi.info.accounts["dev"]["account_id"]
    _take_endpoint_name(dev)
    try:
        pipeline_id = provision(multi, _request("multi-fails", TAKEN))
        summary = _summary(multi, pipeline_id)
        assert summary["pipeline_status"] == "Failed", summary
        assert "Cannot create already existing endpoint" in _reasons(summary), summary

        provision(multi, _request("multi-fails", "multi-fails-endpoint"))

        summary = _summary(multi, pipeline_id)
        assert summary["pipeline_status"] == "AwaitingApproval", summary
        assert "failures" not in summary, summary  # dev deployed; its approval waits
        status, answer = post(multi, "/deprovisionpipeline", {"pipeline_id": pipeline_id})
        assert status == 200 and answer["status"] in {"deleted", "deleting"}, answer
    finally:
        _release_endpoint_name(dev)
