"""The demo's story: train a model, deploy it to a real-time endpoint, call it, monitor it, show it all.

Every step runs the real blueprint templates in local mode, with simulated SageMaker jobs (see `jobs`); the
real-time stack's inference API is served by local mode's HTTP front (see `inference_api`). A pipeline or job
that fails, or a job that does not start, stops the story with its reason.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from . import demo_requests as requests
from . import jobs
from .demo_io import (
    DemoFailed,
    Report,
    pipeline_state,
    post_json,
    provision,
    settled_pipeline,
    upload_config,
    wait_for,
)
from .inference_api import local_url
from .runner import LocalMode

JOB_APPEAR_SECONDS = 1.0
"""A blueprint starts its job while its stack deploys, so the job exists once the pipeline succeeded."""
JOB_WAIT_SECONDS = 60.0
LOCAL_URLS = ("http://127.0.0.1", "http://localhost")


def tell(mode: LocalMode, out: Report) -> None:
    pipelines: dict[str, str] = {}
    model_key = _train(mode, out, pipelines)
    outputs = _deploy(mode, out, pipelines, model_key)
    _infer(mode, out, outputs)
    _monitor(mode, out, pipelines, requests.ENDPOINT)
    _everything(mode, out, pipelines)


# -- 1. train ---------------------------------------------------------------------------------------------


def _train(mode: LocalMode, out: Report, pipelines: dict[str, str]) -> str:
    out.step("1. Train a model: POST /provisionpipeline (model_training_builtin, the seeded churn data)")
    body = requests.training()
    pipeline_id = provision(mode, body, out)
    pipelines["training"] = pipeline_id
    _stages(out, settled_pipeline(mode, pipeline_id))
    output = f"s3://{mode.info.assets_bucket}/{body['job_output_location']}"
    sagemaker = mode.client("sagemaker")

    def started() -> str | None:
        for summary in sagemaker.list_training_jobs(MaxResults=100)["TrainingJobSummaries"]:
            described = sagemaker.describe_training_job(TrainingJobName=summary["TrainingJobName"])
            if described["OutputDataConfig"]["S3OutputPath"].rstrip("/") == output:
                return str(summary["TrainingJobName"])
        return None

    name = wait_for(started, JOB_APPEAR_SECONDS)
    if name is None:
        raise DemoFailed(f"the training stack started no training job writing to {output}")
    job = _follow(
        out,
        f"training job {name}",
        lambda: sagemaker.describe_training_job(TrainingJobName=name),
        "TrainingJobStatus",
        "SecondaryStatus",
    )
    artifact = str(job["ModelArtifacts"]["S3ModelArtifacts"])
    out.line(f"model: {artifact}")
    return artifact.removeprefix(f"s3://{mode.info.assets_bucket}/")


# -- 2. deploy --------------------------------------------------------------------------------------------


def _deploy(mode: LocalMode, out: Report, pipelines: dict[str, str], model_key: str) -> dict[str, str]:
    """Provision the real-time pipeline; the outputs of the stack it deployed."""
    out.step(f"2. Deploy it to a real-time endpoint: POST /provisionpipeline (byom_realtime_builtin, {model_key})")
    pipeline_id = provision(mode, requests.realtime(model_key), out)
    pipelines["real-time endpoint"] = pipeline_id
    _stages(out, settled_pipeline(mode, pipeline_id))
    outputs = _outputs(mode, _parameters(mode, pipeline_id).get("StackName", ""))
    name = outputs.get("SageMakerEndpointName", "")
    try:
        endpoint = mode.client("sagemaker").describe_endpoint(EndpointName=name)
    except ClientError as error:
        raise DemoFailed(f"the real-time stack created no endpoint: {error}") from error
    out.line(f"endpoint {endpoint['EndpointName']}: {endpoint['EndpointStatus']}")
    if name != requests.ENDPOINT:
        out.line(
            f"(the emulator named the endpoint itself; on AWS it is {requests.ENDPOINT}, the name the monitor uses)"
        )
    return outputs


# -- 3. call it ---------------------------------------------------------------------------------------------


def _infer(mode: LocalMode, out: Report, outputs: dict[str, str]) -> None:
    row = requests.inference_row()
    url = local_url(outputs.get("InferenceApiUrl", ""))
    if not url.startswith(LOCAL_URLS):
        raise DemoFailed(f"the real-time stack's inference API is not served by local mode: {url!r}")
    out.step(f"3. Call the inference API: POST {url}")
    out.line(f"payload: {row}")
    status, answer = post_json(url, {"payload": row, "content_type": "text/csv"})
    out.line(f"{status} {json.dumps(answer)}")
    if status != 200:
        raise DemoFailed(f"the inference API answered {status}")


# -- 4. monitor -----------------------------------------------------------------------------------------


def _monitor(mode: LocalMode, out: Report, pipelines: dict[str, str], endpoint: str) -> None:
    body = requests.data_quality_monitor(endpoint)
    out.step(
        f"4. Attach a data-quality monitor: upload byom_data_quality_monitor as "
        f"s3://{mode.info.config_bucket}/mlops-config.json"
    )
    event = upload_config(mode, body)
    handled = (event.detail or {}).get("provisioned", [{}])[0]
    out.line(f"handled: {handled.get('message', '')}")
    pipeline_id = str(handled.get("pipeline_id", ""))
    pipelines["data-quality monitor"] = pipeline_id
    _stages(out, settled_pipeline(mode, pipeline_id))
    # The orchestrator gives each baseline job its own folder under the requested location.
    baseline = f"s3://{body['baseline_job_output_location']}/"
    sagemaker = mode.client("sagemaker")

    def started() -> tuple[str, str] | None:
        for summary in sagemaker.list_processing_jobs(MaxResults=100)["ProcessingJobSummaries"]:
            described = sagemaker.describe_processing_job(ProcessingJobName=summary["ProcessingJobName"])
            for item in described.get("ProcessingOutputConfig", {}).get("Outputs", []):
                if item["S3Output"]["S3Uri"].startswith(baseline):
                    return str(summary["ProcessingJobName"]), str(item["S3Output"]["S3Uri"])
        return None

    found = wait_for(started, JOB_APPEAR_SECONDS)
    if found is None:
        raise DemoFailed(f"the monitor stack started no baseline job writing under {baseline}")
    name, output = found
    _follow(
        out,
        f"baseline job {name}",
        lambda: sagemaker.describe_processing_job(ProcessingJobName=name),
        "ProcessingJobStatus",
        None,
    )
    _baseline_files(mode, out, output.removeprefix("s3://").rstrip("/"))
    for schedule in _schedules(mode):
        out.line(f"monitoring schedule {schedule['MonitoringScheduleName']}: {schedule['MonitoringScheduleStatus']}")


def _baseline_files(mode: LocalMode, out: Report, location: str) -> None:
    bucket, _, prefix = location.partition("/")
    s3 = mode.client("s3")
    statistics = json.loads(s3.get_object(Bucket=bucket, Key=f"{prefix}/statistics.json")["Body"].read())
    constraints = json.loads(s3.get_object(Bucket=bucket, Key=f"{prefix}/constraints.json")["Body"].read())
    features = ", ".join(f"{item['name']} ({item['inferred_type']})" for item in statistics["features"][:4])
    out.line(
        f"s3://{location}/statistics.json: {statistics['dataset']['item_count']} rows, "
        f"{len(statistics['features'])} columns: {features}, ..."
    )
    out.line(f"s3://{location}/constraints.json: {len(constraints['features'])} column constraints")


# -- 5. everything ------------------------------------------------------------------------------------------


def _everything(mode: LocalMode, out: Report, pipelines: dict[str, str]) -> None:
    out.step("5. Status of everything")
    out.line("Pipelines (POST /pipelinestatus):")
    for role, pipeline_id in pipelines.items():
        summary = pipeline_state(mode, pipeline_id).get("summary", {})
        out.line(f"  {role:<22} {summary.get('pipeline_name', ''):<50} {summary.get('pipeline_status', '')}")
    out.line("Stacks:")
    for stack in mode.client("cloudformation").describe_stacks()["Stacks"]:
        out.line(f"  {stack['StackName']:<60} {stack['StackStatus']}")
    simulated = jobs.simulated()
    out.line("SageMaker jobs:")
    for job in simulated:
        reason = f"  ({job.failure_reason})" if job.failure_reason else ""
        out.line(f"  {job.kind:<11} {job.name:<50} {job.status}{reason}")
    out.line("Endpoints:")
    for endpoint in mode.client("sagemaker").list_endpoints()["Endpoints"]:
        out.line(f"  {endpoint['EndpointName']:<50} {endpoint['EndpointStatus']}")
    schedules = _schedules(mode)
    if schedules:
        out.line("Monitoring schedules:")
    for schedule in schedules:
        out.line(f"  {schedule['MonitoringScheduleName']:<50} {schedule['MonitoringScheduleStatus']}")


# -- helpers ------------------------------------------------------------------------------------------------


def _stages(out: Report, state: dict[str, Any]) -> None:
    summary = state.get("summary", {})
    stages = ", ".join(f"{stage['name']} {stage['status']}" for stage in summary.get("stages", []))
    out.line(f"pipeline {summary.get('pipeline_name')}: {summary.get('pipeline_status')} ({stages})")


def _follow(
    out: Report, what: str, describe: Callable[[], dict[str, Any]], status_key: str, secondary_key: str | None
) -> dict[str, Any]:
    """Print each status the job shows until it ends; DemoFailed with its reason if it failed."""
    seen: list[str] = []

    def ended() -> dict[str, Any] | None:
        described = describe()
        shown = described[status_key] + (f"/{described[secondary_key]}" if secondary_key else "")
        if not seen or seen[-1] != shown:
            seen.append(shown)
        return described if described[status_key] not in ("InProgress", "Stopping") else None

    described = wait_for(ended, JOB_WAIT_SECONDS) or describe()
    out.line(f"{what}: {' -> '.join(seen)}")
    if described[status_key] != "Completed":
        raise DemoFailed(f"the {what} ended {described[status_key]}: {described.get('FailureReason', '')}")
    return described


def _parameters(mode: LocalMode, stack_name: str) -> dict[str, str]:
    stack = mode.client("cloudformation").describe_stacks(StackName=stack_name)["Stacks"][0]
    return {item["ParameterKey"]: item["ParameterValue"] for item in stack.get("Parameters", [])}


def _outputs(mode: LocalMode, stack_name: str) -> dict[str, str]:
    if not stack_name:
        return {}
    stack = mode.client("cloudformation").describe_stacks(StackName=stack_name)["Stacks"][0]
    return {item["OutputKey"]: item["OutputValue"] for item in stack.get("Outputs", [])}


def _schedules(mode: LocalMode) -> list[dict[str, Any]]:
    """The monitoring schedules, or none where the emulator has no ListMonitoringSchedules."""
    try:
        found: list[dict[str, Any]] = mode.client("sagemaker").list_monitoring_schedules()[
            "MonitoringScheduleSummaries"
        ]
    except (ClientError, BotoCoreError, KeyError):
        return []
    return found
