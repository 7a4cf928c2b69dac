"""Multi-account mode: staged pipelines deploy to dev and wait for approval; approvals promote them."""

from __future__ import annotations

import json

import pytest

from mlops_orchestrator.core.catalog import PIPELINE_TYPES, Deployment
from mlops_orchestrator.core.catalog.codepipeline import stage_params_file
from mlops_orchestrator.core.request_record import REQUEST_FILE
from mlops_orchestrator.core.settings import STAGES
from mlops_orchestrator.local.runner import LocalMode
from tests.support import example

from .helpers import COMPLETE, client_in, parameters, pipeline_status, provision, stack, stages, zip_members

pytestmark = pytest.mark.e2e

STAGED = sorted(name for name, declaration in PIPELINE_TYPES.items() if declaration.deployment is Deployment.STAGED)
WAITING_FOR_STAGING = {
    "Source": "Succeeded",
    "DeployDev": "InProgress",
    "DeployStaging": "NotStarted",
    "DeployProd": "NotStarted",
}


def _stackset(mode: LocalMode, stack_name: str, stage: str) -> tuple[str, list[str]]:
    """(name, target accounts) of the pipeline's StackSet for `stage`."""
    cloudformation = mode.client("cloudformation")
    names = [
        summary["StackSetName"]
        for summary in cloudformation.list_stack_sets(Status="ACTIVE")["Summaries"]
        if summary["StackSetName"].startswith(f"{stack_name}-{stage}-")
    ]
    assert len(names) == 1, names
    instances = cloudformation.list_stack_instances(StackSetName=names[0])["Summaries"]
    return names[0], sorted(instance["Account"] for instance in instances)


def test_local_info_names_the_stage_accounts(multi: LocalMode) -> None:
    accounts = multi.info.as_dict()["accounts"]
    assert sorted(accounts) == sorted(STAGES)
    assert all(set(account) == {"account_id", "org_id"} for account in accounts.values())
    assert len({account["account_id"] for account in accounts.values()}) == 3


@pytest.mark.parametrize("pipeline_type", STAGED)
def test_a_staged_pipeline_deploys_dev_and_waits_for_approval(multi: LocalMode, pipeline_type: str) -> None:
    declaration = PIPELINE_TYPES[pipeline_type]
    # Named for this test: the every-example test may already have taken the example's pipeline through to prod.
    body = {**example(pipeline_type), declaration.name_key: "staged"}

    pipeline_id = provision(multi, body)

    described = stack(multi, pipeline_id)
    assert described["StackStatus"] in COMPLETE
    pipeline_parameters = parameters(described)
    for stage in STAGES:
        assert pipeline_parameters[f"{stage.capitalize()}AccountId"] == multi.info.accounts[stage]["account_id"]
        assert pipeline_parameters[f"{stage.capitalize()}OrgId"] == multi.info.accounts[stage]["org_id"]
    members = zip_members(multi, pipeline_parameters["TemplateZipFileName"])
    assert set(members) == {
        declaration.blueprint.file_name,
        REQUEST_FILE,
        *(stage_params_file(stage) for stage in STAGES),
    }
    for stage in STAGES:
        listed = json.loads(members[stage_params_file(stage)])
        assert all(set(item) == {"ParameterKey", "ParameterValue"} for item in listed)

    state = pipeline_status(multi, pipeline_id)
    assert state["summary"]["pipeline_status"] == "AwaitingApproval", state["summary"]
    assert state["summary"]["pending_approvals"] == [{"stage": "DeployDev", "action": "DeployStaging"}]
    assert stages(state) == WAITING_FOR_STAGING
    _name, accounts = _stackset(multi, pipeline_parameters["StackName"], "dev")
    assert accounts == [multi.info.accounts["dev"]["account_id"]]


def test_approvals_promote_to_staging_and_then_prod(multi: LocalMode) -> None:
    pipeline_id = provision(multi, {**example("byom_realtime_custom"), "model_name": "promote"})
    stack_name = parameters(stack(multi, pipeline_id))["StackName"]
    codepipeline = multi.client("codepipeline")

    for stage_name, approval, next_stage in (
        ("DeployDev", "DeployStaging", "staging"),
        ("DeployStaging", "DeployProd", "prod"),
    ):
        state = pipeline_status(multi, pipeline_id)
        assert state["summary"]["pending_approvals"] == [{"stage": stage_name, "action": approval}]
        action = next(
            item
            for stage in state["stageStates"]
            if stage["stageName"] == stage_name
            for item in stage["actionStates"]
            if item["actionName"] == approval
        )
        codepipeline.put_approval_result(
            pipelineName=state["pipelineName"],
            stageName=stage_name,
            actionName=approval,
            result={"summary": "looks good", "status": "Approved"},
            token=action["latestExecution"]["token"],
        )
        _name, accounts = _stackset(multi, stack_name, next_stage)
        assert accounts == [multi.info.accounts[next_stage]["account_id"]]

    state = pipeline_status(multi, pipeline_id)
    assert state["summary"]["pipeline_status"] == "Succeeded", state["summary"]
    assert set(stages(state).values()) == {"Succeeded"}


def test_training_runs_in_the_orchestrator_account(multi: LocalMode) -> None:
    pipeline_id = provision(multi, example("model_training_builtin"))

    state = pipeline_status(multi, pipeline_id)
    assert stages(state) == {"Source": "Succeeded", "DeployCloudFormation": "Succeeded"}
    assert stack(multi, parameters(stack(multi, pipeline_id))["StackName"])["StackStatus"] in COMPLETE


def test_a_changed_request_updates_the_dev_stack_set_and_its_stack(multi: LocalMode) -> None:
    body = {**example("byom_batch_builtin"), "model_name": "redeploy"}
    dev = client_in(multi, "sagemaker", multi.info.accounts["dev"]["account_id"])

    def jobs() -> dict[str, str]:
        listed = dev.list_transform_jobs(NameContains="redeploy")["TransformJobSummaries"]
        return {
            job["TransformJobName"]: dev.describe_transform_job(TransformJobName=job["TransformJobName"])[
                "TransformResources"
            ]["InstanceType"]
            for job in listed
        }

    pipeline_id = provision(multi, body)
    assert pipeline_status(multi, pipeline_id)["summary"]["pipeline_status"] == "AwaitingApproval"
    assert set(jobs().values()) == {"ml.m5.large"}

    provision(multi, {**body, "inference_instance": "ml.c5.xlarge"})
    state = pipeline_status(multi, pipeline_id)

    # The real StackSet Lambda updated the StackSet; the dev stack was updated, and its custom resource started
    # a new job in the dev account with the new instance type.
    assert state["summary"]["pipeline_status"] == "AwaitingApproval", state["summary"]
    assert sorted(jobs().values()) == ["ml.c5.xlarge", "ml.m5.large"]
