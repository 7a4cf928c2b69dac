"""Training jobs and hyperparameter tuning jobs.

A training job goes Starting -> Downloading -> Training -> Uploading -> Completed (its secondary statuses,
with the transitions DescribeTrainingJob lists), then holds `model.tar.gz` at
`{S3OutputPath}/{job}/output/model.tar.gz`. A tuning job starts its trials as training jobs named
`{tuning job}-{NNN}-{8 hex}` (at most `MAX_TRIALS`), each with sampled hyperparameters, and names the one
with the best objective metric as its BestTrainingJob.
"""

from __future__ import annotations

import random
from typing import Any

from moto.sagemaker.models import FakeTrainingJob, sagemaker_backends

from mlops_orchestrator.local.archives import tar_gz

from . import storage
from .common import SIMULATED_BY, hex_id, json_bytes, now, runtime_seconds, score
from .simulator import SIMULATOR, Behaviour, Job, JobFailed, Phase

MAX_TRIALS = 10
"""Trials a simulated tuning job runs at most (MaxNumberOfTrainingJobs can be far more)."""


def model_archive(job_name: str, details: dict[str, Any]) -> bytes:
    """The model.tar.gz a simulated job writes: one JSON file that says what produced it."""
    return tar_gz({"model.json": json_bytes({"simulated_by": SIMULATED_BY, "job": job_name, **details})})


class Training(Behaviour):
    kind = "training"
    status_attribute = "training_job_status"
    phases = (
        Phase("InProgress", "Starting", "Launching requested ML instances"),
        Phase("InProgress", "Starting", "Preparing the instances for training"),
        Phase("InProgress", "Downloading", "Downloading input data"),
        Phase("InProgress", "Training", "Training image download completed. Training in progress."),
        Phase("InProgress", "Uploading", "Uploading generated training model"),
    )

    def show(self, job: Job, phase: Phase) -> None:
        record = job.record
        record.training_job_status = phase.status
        record.secondary_status = phase.secondary
        record.training_end_time = None
        record.model_artifacts = None
        record.final_metric_data_list = None
        self._transition(job, phase.secondary, phase.message)

    def complete(self, job: Job) -> None:
        record = job.record
        rows = {}
        for channel in record.input_data_config or []:
            uri = channel["DataSource"]["S3DataSource"]["S3Uri"]
            try:
                inputs = storage.read_inputs(job.account_id, uri)
            except storage.MissingInput as missing:
                raise JobFailed(
                    f"ClientError: Data download failed for channel '{channel['ChannelName']}': {missing}"
                ) from missing
            rows[channel["ChannelName"]] = sum(body.count(b"\n") for body in inputs.values())
        metrics = _metrics(job, list(rows))
        artifact = storage.join(record.output_data_config["S3OutputPath"], job.name, "output", "model.tar.gz")
        details = {
            "algorithm_image": (record.algorithm_specification or {}).get("TrainingImage", ""),
            "hyperparameters": record.hyper_parameters or {},
            "rows_per_channel": rows,
            "metrics": {metric["MetricName"]: metric["Value"] for metric in metrics},
        }
        try:
            storage.write(job.account_id, artifact, model_archive(job.name, details))
        except storage.MissingInput as missing:
            raise JobFailed(f"ClientError: Model upload failed: {missing}") from missing
        ended = now()
        record.model_artifacts = {"S3ModelArtifacts": artifact}
        record.final_metric_data_list = [{**metric, "Timestamp": ended} for metric in metrics]
        record.training_job_status = "Completed"
        record.secondary_status = "Completed"
        record.training_end_time = ended
        record.training_time_in_seconds = record.billable_time_in_seconds = runtime_seconds(job)
        self._transition(job, "Completed", "Training job completed")

    def fail(self, job: Job, reason: str) -> None:
        record = job.record
        record.training_job_status = "Failed"
        record.secondary_status = "Failed"
        record.failure_reason = reason
        record.training_end_time = now()
        self._transition(job, "Failed", reason)

    def _transition(self, job: Job, status: str, message: str) -> None:
        transitions: list[dict[str, Any]] = job.notes.setdefault("transitions", [])
        if transitions and transitions[-1]["Status"] == status:
            transitions[-1]["StatusMessage"] = message
        else:
            at = now()
            if transitions:
                transitions[-1]["EndTime"] = at
            transitions.append({"Status": status, "StartTime": at, "StatusMessage": message})
        job.record.secondary_status_transitions = [dict(item) for item in transitions]


def _metrics(job: Job, channels: list[str]) -> list[dict[str, Any]]:
    """What the built-in algorithms report: `{channel}:{metric}`, plus a tuning trial's objective metric."""
    hyperparameters = job.record.hyper_parameters or {}
    metric = hyperparameters.get("eval_metric") or (
        "auc" if "logistic" in hyperparameters.get("objective", "") else "rmse"
    )
    names = [f"{channel}:{metric}" for channel in channels]
    objective = job.notes.get("objective")
    if objective and objective not in names:
        names.append(objective)
    return [{"MetricName": name, "Value": score(job.name, name)} for name in names]


# -- tuning ---------------------------------------------------------------------------------------------


class Tuning(Behaviour):
    kind = "tuning"
    status_attribute = "hyper_parameter_tuning_job_status"

    def begin(self, job: Job) -> None:
        record = job.record
        config = record.hyper_parameter_tuning_job_config
        definition = record.training_job_definition or (record.training_job_definitions or [{}])[0]
        trials = min(MAX_TRIALS, int(config["ResourceLimits"]["MaxNumberOfTrainingJobs"]))
        objective = config["HyperParameterTuningJobObjective"]["MetricName"]
        backend = sagemaker_backends[job.account_id][job.region]
        for number in range(1, trials + 1):
            name = f"{job.name}-{number:03d}-{hex_id(8, job.name, str(number))}"
            trial = _training_record(job, name, definition, _sampled(name, definition, config["ParameterRanges"]))
            # Stored directly: the patched create_training_job would start the trial as a job of its own.
            backend.training_jobs[name] = trial
            started = SIMULATOR.start(TRAINING, name, job.account_id, job.region, trial, parent=job)
            started.notes["objective"] = objective
            started.notes["tuned"] = _tuned(trial.hyper_parameters, config["ParameterRanges"])

    def show(self, job: Job, phase: Phase) -> None:
        record = job.record
        record.hyper_parameter_tuning_job_status = phase.status
        record.hyper_parameter_tuning_end_time = None
        record.best_training_job = None
        record.OverallBestTrainingJob = None
        record.failure_reason = None
        record.tuning_job_completion_details = None
        record.consumed_resources = None
        self._count(job)

    def complete(self, job: Job) -> None:
        record = job.record
        self._count(job)
        objective = record.hyper_parameter_tuning_job_config["HyperParameterTuningJobObjective"]
        finished = [trial for trial in job.children if trial.record.training_job_status == "Completed"]
        if not finished:
            reasons = {getattr(trial.record, "failure_reason", "") for trial in job.children}
            raise JobFailed(f"No training job succeeded: {'; '.join(sorted(reasons)) or 'no trials ran'}")

        def value(trial: Job) -> float:
            metrics = {item["MetricName"]: item["Value"] for item in trial.record.final_metric_data_list}
            return float(metrics[objective["MetricName"]])

        pick = max if objective["Type"] == "Maximize" else min
        best = pick(finished, key=value)
        trial = best.record
        record.best_training_job = {
            "TrainingJobName": trial.training_job_name,
            "TrainingJobArn": trial.arn,
            "CreationTime": trial.creation_time,
            "TrainingStartTime": trial.training_start_time,
            "TrainingEndTime": trial.training_end_time,
            "TrainingJobStatus": "Completed",
            "TunedHyperParameters": best.notes["tuned"],
            "FinalHyperParameterTuningJobObjectiveMetric": {
                "Type": objective["Type"],
                "MetricName": objective["MetricName"],
                "Value": value(best),
            },
            "ObjectiveStatus": "Succeeded",
        }
        record.hyper_parameter_tuning_job_status = "Completed"
        record.hyper_parameter_tuning_end_time = now()
        record.consumed_resources = {"RuntimeInSeconds": runtime_seconds(job)}

    def fail(self, job: Job, reason: str) -> None:
        record = job.record
        self._count(job)
        record.hyper_parameter_tuning_job_status = "Failed"
        record.failure_reason = reason
        record.hyper_parameter_tuning_end_time = now()

    def _count(self, job: Job) -> None:
        statuses = [trial.record.training_job_status for trial in job.children]
        job.record.training_job_status_counters = {
            "Completed": statuses.count("Completed"),
            "InProgress": statuses.count("InProgress"),
            "RetryableError": 0,
            "NonRetryableError": statuses.count("Failed"),
            "Stopped": statuses.count("Stopped"),
        }
        job.record.objective_status_counters = {
            "Succeeded": statuses.count("Completed"),
            "Pending": statuses.count("InProgress"),
            "Failed": statuses.count("Failed") + statuses.count("Stopped"),
        }


def _sampled(name: str, definition: dict[str, Any], ranges: dict[str, list[dict[str, Any]]]) -> dict[str, str]:
    """The static hyperparameters plus one value from each range (the same trial always draws the same)."""
    draw = random.Random(name)
    values = dict(definition.get("StaticHyperParameters") or {})
    for item in ranges.get("ContinuousParameterRanges", []):
        values[item["Name"]] = f"{draw.uniform(float(item['MinValue']), float(item['MaxValue'])):.4f}"
    for item in ranges.get("IntegerParameterRanges", []):
        values[item["Name"]] = str(draw.randint(int(item["MinValue"]), int(item["MaxValue"])))
    for item in ranges.get("CategoricalParameterRanges", []):
        values[item["Name"]] = draw.choice(item["Values"])
    return values


def _tuned(hyperparameters: dict[str, str], ranges: dict[str, list[dict[str, Any]]]) -> dict[str, str]:
    tuned = {item["Name"] for kind in ranges.values() for item in kind}
    return {name: value for name, value in hyperparameters.items() if name in tuned}


def _training_record(job: Job, name: str, definition: dict[str, Any], hyperparameters: dict[str, str]) -> Any:
    return FakeTrainingJob(
        account_id=job.account_id,
        region_name=job.region,
        training_job_name=name,
        hyper_parameters=hyperparameters,
        algorithm_specification=dict(definition.get("AlgorithmSpecification") or {}),
        role_arn=definition.get("RoleArn", ""),
        input_data_config=definition.get("InputDataConfig") or [],
        output_data_config=definition.get("OutputDataConfig") or {"S3OutputPath": ""},
        resource_config=definition.get("ResourceConfig") or {},
        vpc_config=_optional(definition, "VpcConfig"),
        stopping_condition=definition.get("StoppingCondition") or {},
        tags=[],
        enable_network_isolation=bool(definition.get("EnableNetworkIsolation")),
        enable_inter_container_traffic_encryption=bool(definition.get("EnableInterContainerTrafficEncryption")),
        enable_managed_spot_training=bool(definition.get("EnableManagedSpotTraining")),
        checkpoint_config=_optional(definition, "CheckpointConfig"),
        debug_hook_config=_optional(definition, "DebugHookConfig"),
        debug_rule_configurations=_optional(definition, "DebugRuleConfigurations"),
        tensor_board_output_config=_optional(definition, "TensorBoardOutputConfig"),
        experiment_config=_optional(definition, "ExperimentConfig"),
    )


def _optional(definition: dict[str, Any], key: str) -> Any:
    """None when absent, as moto's own request handler passes it (Describe then leaves the field out)."""
    return definition.get(key)


TRAINING = Training()
TUNING = Tuning()
