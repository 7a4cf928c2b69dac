"""Autopilot (AutoML V2, tabular) jobs.

The job goes through Autopilot's secondary statuses (AnalyzingData, FeatureEngineering, ModelTuning, ...),
checks that the training data exists and names the target attribute in its header, then writes what
Autopilot leaves under `{S3OutputPath}/{job}/`: the two notebooks, a data-processing model and one
model.tar.gz per candidate (at most `MAX_CANDIDATES`), and describes the best candidate. With
GenerateCandidateDefinitionsOnly it stops after the notebooks, as Autopilot does.
"""

from __future__ import annotations

from typing import Any

from moto.sagemaker.models import FakeTrainingJob, sagemaker_backends

from . import storage
from .common import hex_id, json_bytes, now, score
from .simulator import Behaviour, Job, JobFailed, Phase
from .training import model_archive

MAX_CANDIDATES = 3
_MOTO_DEFAULT_DEPLOY = {"AutoGenerateEndpointName": False, "EndpointName": "EndpointName"}
# Public SageMaker images Autopilot's candidates use (account 683313688378 serves us-east-1).
_PROCESSOR_IMAGE = "683313688378.dkr.ecr.{region}.amazonaws.com/sagemaker-sklearn-automl:2.5-1-cpu-py3"
_ALGORITHM_IMAGE = "683313688378.dkr.ecr.{region}.amazonaws.com/sagemaker-xgboost:1.7-1"
_MINIMIZED = ("MSE", "RMSE", "MAE", "LogLoss")


class Autopilot(Behaviour):
    kind = "automl"
    status_attribute = "auto_ml_job_status"
    phases = (
        Phase("InProgress", "Starting"),
        Phase("InProgress", "AnalyzingData"),
        Phase("InProgress", "FeatureEngineering"),
        Phase("InProgress", "ModelTuning"),
        Phase("InProgress", "GeneratingExplainabilityReport"),
        Phase("InProgress", "GeneratingModelInsightsReport"),
    )

    def phases_for(self, job: Job) -> tuple[Phase, ...]:
        return self.phases[:3] if _definitions_only(job) else self.phases

    def begin(self, job: Job) -> None:
        record = job.record
        if record.model_deploy_config == _MOTO_DEFAULT_DEPLOY:
            record.model_deploy_config = None  # moto's placeholder, not something the request asked for

    def show(self, job: Job, phase: Phase) -> None:
        record = job.record
        record.auto_ml_job_status = phase.status
        record.auto_ml_job_secondary_status = phase.secondary
        for attribute in ("end_time", "best_candidate", "auto_ml_job_artifacts", "model_deploy_result"):
            setattr(record, attribute, None)
        record.failure_reason = None
        record.partial_failure_reasons = None

    def complete(self, job: Job) -> None:
        record = job.record
        header = _header(job)
        target = _tabular(job)["TargetAttributeName"]
        if target not in header:
            raise JobFailed(
                f"ClientError: The target attribute '{target}' is not a column of the training data "
                f"(its header names {', '.join(header)})"
            )
        base = storage.join(record.output_data_config["S3OutputPath"], job.name)
        record.auto_ml_job_artifacts = self._notebooks(job, base)
        if _definitions_only(job):
            self._finish(job, "CandidateDefinitionsGenerated")
            return
        objective = record.auto_ml_job_objective["MetricName"]
        processor = storage.join(base, "data-processor-models", f"{job.name}-dpp0-1-{hex_id(8, job.name)}", "output")
        storage.write(job.account_id, f"{processor}/model.tar.gz", model_archive(job.name, {"step": "data processing"}))
        candidates = [
            self._candidate(job, base, number, objective, f"{processor}/model.tar.gz")
            for number in range(1, _candidate_count(job) + 1)
        ]
        pick = min if objective in _MINIMIZED else max
        record.best_candidate = pick(
            candidates, key=lambda candidate: candidate["FinalAutoMLJobObjectiveMetric"]["Value"]
        )
        job.notes["candidates"] = candidates
        self._finish(job, "Completed")

    def fail(self, job: Job, reason: str) -> None:
        record = job.record
        record.auto_ml_job_status = "Failed"
        record.auto_ml_job_secondary_status = "Failed"
        record.failure_reason = reason
        record.end_time = now()

    def _finish(self, job: Job, secondary: str) -> None:
        job.record.auto_ml_job_status = "Completed"
        job.record.auto_ml_job_secondary_status = secondary
        job.record.end_time = job.record.last_modified_time = now()

    def _notebooks(self, job: Job, base: str) -> dict[str, str]:
        folder = storage.join(base, "sagemaker-automl-candidates", f"{job.name}-pr-1-{hex_id(8, job.name, 'pr')}")
        locations = {
            "CandidateDefinitionNotebookLocation": f"{folder}/notebooks/SageMakerAutopilotCandidateDefinitionNotebook.ipynb",
            "DataExplorationNotebookLocation": f"{folder}/notebooks/SageMakerAutopilotDataExplorationNotebook.ipynb",
        }
        for key, location in locations.items():
            storage.write(job.account_id, location, json_bytes(_notebook(f"{job.name}: {key} (simulated)")))
        return locations

    def _candidate(self, job: Job, base: str, number: int, objective: str, processor_model: str) -> dict[str, Any]:
        name = f"{job.name[:32]}{hex_id(10, job.name)}-{number:03d}-{hex_id(8, job.name, str(number))}"
        model = storage.join(base, "tuning", f"{job.name[:8]}-xgb", name, "output", "model.tar.gz")
        value = score(name, objective)
        storage.write(job.account_id, model, model_archive(name, {"automl_job": job.name, objective: value}))
        trial = _candidate_training_job(job, name, storage.join(base, "tuning", f"{job.name[:8]}-xgb"))
        trial.model_artifacts = {"S3ModelArtifacts": model}
        sagemaker_backends[job.account_id][job.region].training_jobs[name] = trial
        ended = now()
        reports = storage.join(base, "documentation")
        return {
            "CandidateName": name,
            "FinalAutoMLJobObjectiveMetric": {
                "Type": "Minimize" if objective in _MINIMIZED else "Maximize",
                "MetricName": objective,
                "Value": value,
            },
            "ObjectiveStatus": "Succeeded",
            "CandidateSteps": [
                {
                    "CandidateStepType": "AWS::SageMaker::TrainingJob",
                    "CandidateStepArn": trial.arn,
                    "CandidateStepName": name,
                }
            ],
            "CandidateStatus": "Completed",
            "InferenceContainers": [
                {"Image": _PROCESSOR_IMAGE.format(region=job.region), "ModelDataUrl": processor_model},
                {"Image": _ALGORITHM_IMAGE.format(region=job.region), "ModelDataUrl": model},
            ],
            "CreationTime": job.record.creation_time,
            "EndTime": ended,
            "LastModifiedTime": ended,
            "CandidateProperties": {
                "CandidateArtifactLocations": {
                    "Explainability": f"{reports}/explainability/output/{name}",
                    "ModelInsights": f"{reports}/model_monitor/output/{name}",
                }
            },
        }


def _tabular(job: Job) -> dict[str, Any]:
    config: dict[str, Any] = job.record.auto_ml_problem_type_config.get("TabularJobConfig") or {}
    return config


def _definitions_only(job: Job) -> bool:
    return bool(_tabular(job).get("GenerateCandidateDefinitionsOnly"))


def _candidate_count(job: Job) -> int:
    limit = (_tabular(job).get("CompletionCriteria") or {}).get("MaxCandidates") or MAX_CANDIDATES
    return max(1, min(MAX_CANDIDATES, int(limit)))


def _header(job: Job) -> list[str]:
    channel = job.record.auto_ml_job_input_data_config[0]
    uri = channel["DataSource"]["S3DataSource"]["S3Uri"]
    try:
        inputs = storage.read_inputs(job.account_id, uri)
    except storage.MissingInput as missing:
        raise JobFailed(f"ClientError: Could not read the training data: {missing}") from missing
    first = next(iter(inputs.values())).decode("utf-8", errors="replace").splitlines()
    return [name.strip() for name in first[0].split(",")] if first else []


def _notebook(title: str) -> dict[str, Any]:
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {},
        "cells": [{"cell_type": "markdown", "id": "simulated", "metadata": {}, "source": [f"# {title}"]}],
    }


def _candidate_training_job(job: Job, name: str, output: str) -> Any:
    trial = FakeTrainingJob(
        account_id=job.account_id,
        region_name=job.region,
        training_job_name=name,
        hyper_parameters={},
        algorithm_specification={"TrainingImage": _ALGORITHM_IMAGE.format(region=job.region)},
        role_arn=job.record.role_arn,
        input_data_config=[],
        output_data_config={"S3OutputPath": output},
        resource_config={},
        vpc_config=None,  # type: ignore[arg-type]
        stopping_condition={},
        tags=[],
        enable_network_isolation=False,
        enable_inter_container_traffic_encryption=False,
        enable_managed_spot_training=False,
        checkpoint_config=None,  # type: ignore[arg-type]
        debug_hook_config=None,  # type: ignore[arg-type]
        debug_rule_configurations=None,  # type: ignore[arg-type]
        tensor_board_output_config=None,  # type: ignore[arg-type]
        experiment_config=None,  # type: ignore[arg-type]
    )
    return trial


AUTOPILOT = Autopilot()
