"""Every pipeline type through the local API in single-account mode: provision, pipeline run, status."""

from __future__ import annotations

import json

import pytest

from mlops_orchestrator.core.catalog import PIPELINE_TYPES, Deployment
from mlops_orchestrator.core.catalog.codepipeline import SINGLE_PARAMS_FILE
from mlops_orchestrator.core.request_record import REQUEST_FILE
from mlops_orchestrator.local.pipeline_sim_actions import BUILD_NOT_RUN
from mlops_orchestrator.local.runner import LocalMode
from tests.support import EXAMPLES, example

from .helpers import (
    COMPLETE,
    blueprint_template,
    break_next_deployment,
    parameters,
    pipeline_status,
    post,
    provision,
    provisioned_keys,
    stack,
    stack_names,
    stages,
    zip_members,
)

pytestmark = pytest.mark.e2e


def test_there_is_one_example_per_pipeline_type() -> None:
    assert sorted(path.stem for path in EXAMPLES.glob("*.json")) == sorted(PIPELINE_TYPES)


@pytest.mark.parametrize("pipeline_type", sorted(PIPELINE_TYPES))
def test_every_pipeline_type_provisions_and_its_pipeline_runs(single: LocalMode, pipeline_type: str) -> None:
    declaration = PIPELINE_TYPES[pipeline_type]
    body = example(pipeline_type)
    if declaration.deployment is Deployment.DIRECT:
        # The image builder's source is the algorithm's zip in the assets bucket.
        single.client("s3").put_object(
            Bucket=single.info.assets_bucket, Key=body["custom_algorithm_docker"], Body=b"PK"
        )

    pipeline_id = provision(single, body)

    described = stack(single, pipeline_id)
    assert described["StackStatus"] in COMPLETE
    state = pipeline_status(single, pipeline_id)
    assert state["summary"]["stack_status"] in COMPLETE
    assert state["pipelineName"] == state["summary"]["pipeline_name"]
    assert state["summary"]["pipeline_status"] == "Succeeded", state["summary"]
    if declaration.deployment is Deployment.DIRECT:
        assert described["StackName"] in stack_names(single)
        assert not [key for key in provisioned_keys(single) if f"/{described['StackName']}/" in key]
        assert stages(state) == {"Source": "Succeeded", "Build": "Succeeded"}
        build = state["stageStates"][1]["actionStates"][0]["latestExecution"]
        assert build["summary"] == BUILD_NOT_RUN
        return

    pipeline_parameters = parameters(described)
    members = zip_members(single, pipeline_parameters["TemplateZipFileName"])
    blueprint_file = declaration.blueprint.file_name
    assert set(members) == {blueprint_file, SINGLE_PARAMS_FILE, REQUEST_FILE}
    assert pipeline_parameters["TemplateFileName"] == blueprint_file
    assert members[blueprint_file] == blueprint_template(single, blueprint_file)
    sent = json.loads(members[SINGLE_PARAMS_FILE])["Parameters"]
    assert stages(state) == {"Source": "Succeeded", "DeployCloudFormation": "Succeeded"}
    # The pipeline deployed the blueprint with exactly the parameters of template.zip, and
    # CloudFormation's checks of the blueprint's declared constraints accepted them.
    deployed = stack(single, pipeline_parameters["StackName"])
    assert deployed["StackStatus"] in COMPLETE
    assert {key: parameters(deployed)[key] for key in sent} == {key: str(value) for key, value in sent.items()}


def test_resubmitting_the_same_request_converges(single: LocalMode) -> None:
    body = {**example("byom_realtime_custom"), "model_name": "converge"}
    first = provision(single, body)
    stacks, uploads = stack_names(single), provisioned_keys(single)

    status, answer = post(single, "/provisionpipeline", body)

    assert status == 200
    assert answer["pipeline_id"] == first
    assert "already provisioned" in answer["message"]
    assert stack_names(single) == stacks
    assert provisioned_keys(single) == uploads  # no new template.zip version
    assert len([name for name in stacks if name.startswith("mlops-pipeline-converge-")]) == 2  # pipeline + blueprint


def test_a_changed_request_reaches_the_deployed_stack(single: LocalMode) -> None:
    body = {**example("byom_realtime_custom"), "model_name": "change-me"}
    pipeline_id = provision(single, body)
    blueprint_stack = parameters(stack(single, pipeline_id))["StackName"]
    assert parameters(stack(single, blueprint_stack))["InferenceInstance"] == "ml.m5.large"

    assert provision(single, {**body, "inference_instance": "ml.c5.xlarge"}) == pipeline_id

    # Reading the status notices the new template.zip version and runs the pipeline again.
    state = pipeline_status(single, pipeline_id)
    assert state["summary"]["pipeline_status"] == "Succeeded"
    updated = stack(single, blueprint_stack)
    assert updated["StackStatus"] == "UPDATE_COMPLETE"
    assert parameters(updated)["InferenceInstance"] == "ml.c5.xlarge"


@pytest.mark.parametrize(
    "body",
    [
        {"pipeline_type": "byom_realtime_builtin", "model_name": "incomplete"},
        {**example("byom_realtime_custom"), "inference_instance": "not-an-instance"},
        {"pipeline_type": "no_such_pipeline"},
        b'{"pipeline_type": ',
    ],
    ids=["missing-keys", "bad-value", "unknown-type", "not-json"],
)
def test_a_bad_request_is_refused_and_creates_nothing(single: LocalMode, body: object) -> None:
    stacks, uploads = stack_names(single), provisioned_keys(single)

    status, answer = post(single, "/provisionpipeline", body)

    assert status == 400, answer
    assert answer["errors"], answer
    assert stack_names(single) == stacks
    assert provisioned_keys(single) == uploads


def test_status_of_an_unknown_pipeline_is_404(single: LocalMode) -> None:
    status, answer = post(single, "/pipelinestatus", {"pipeline_id": "no-such-stack"})
    assert status == 404, answer


def test_unknown_paths_are_answered_by_the_handler(single: LocalMode) -> None:
    status, answer = post(single, "/nowhere", {})
    assert status == 400
    assert "/provisionpipeline" in answer["detailedMessage"]


def test_a_failing_deployment_is_reported_by_the_pipeline(single: LocalMode) -> None:
    body = {**example("byom_realtime_custom"), "model_name": "fails-later"}
    pipeline_id = provision(single, body)
    pipeline_parameters = parameters(stack(single, pipeline_id))
    break_next_deployment(single, pipeline_id)

    state = pipeline_status(single, pipeline_id)

    assert state["summary"]["pipeline_status"] == "Failed"
    assert stages(state) == {"Source": "Succeeded", "DeployCloudFormation": "Failed"}
    deploy = state["stageStates"][1]["actionStates"][0]["latestExecution"]
    assert "KmsKeyArn" in deploy["errorDetails"]["message"]
    # The stack deployed by the previous run is left as it was.
    assert stack(single, pipeline_parameters["StackName"])["StackStatus"] == "CREATE_COMPLETE"


def test_a_custom_resource_that_fails_fails_the_deployment_with_the_handlers_reason(single: LocalMode) -> None:
    declaration = PIPELINE_TYPES["byom_model_bias_monitor"]
    body = {**example("byom_model_bias_monitor"), declaration.name_key: "no-endpoint", "endpoint_name": "nowhere"}

    pipeline_id = provision(single, body)
    state = pipeline_status(single, pipeline_id)

    # The baseline Lambda ran in-process, could not describe the endpoint and answered FAILED: the blueprint
    # stack failed at its custom resource, with the handler's own reason.
    assert state["summary"]["pipeline_status"] == "Failed", state["summary"]
    reasons = json.dumps(state["summary"]["failures"])
    assert "BaselineJob" in reasons and "nowhere" in reasons, reasons
    blueprint_stack = parameters(stack(single, pipeline_id))["StackName"]
    events = single.client("cloudformation").describe_stack_events(StackName=stack(single, blueprint_stack)["StackId"])
    failed = [event for event in events["StackEvents"] if event["ResourceStatus"] == "CREATE_FAILED"]
    assert "BaselineJob" in {event["LogicalResourceId"] for event in failed}


def test_a_monitor_pipeline_creates_its_schedule_and_job_definition(single: LocalMode) -> None:
    declaration = PIPELINE_TYPES["byom_data_quality_monitor"]
    body = {**example("byom_data_quality_monitor"), declaration.name_key: "schedule-check"}

    pipeline_id = provision(single, body)

    assert pipeline_status(single, pipeline_id)["summary"]["pipeline_status"] == "Succeeded"
    deployed = stack(single, parameters(stack(single, pipeline_id))["StackName"])
    outputs = {output["OutputKey"]: output["OutputValue"] for output in deployed["Outputs"]}
    sagemaker = single.client("sagemaker")
    schedule = sagemaker.describe_monitoring_schedule(MonitoringScheduleName=outputs["MonitoringScheduleJobName"])
    assert schedule["MonitoringScheduleStatus"] == "Scheduled"
    assert schedule["MonitoringType"] == "DataQuality"
    definition = schedule["MonitoringScheduleConfig"]["MonitoringJobDefinitionName"]
    described = sagemaker.describe_data_quality_job_definition(JobDefinitionName=definition)
    assert described["DataQualityJobInput"]["EndpointInput"]["EndpointName"] == body["endpoint_name"]
    baseline = sagemaker.describe_processing_job(ProcessingJobName=outputs["BaselineName"])
    assert baseline["ProcessingJobName"] == outputs["BaselineName"]
