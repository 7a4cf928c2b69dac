"""Processing jobs, and what the baseline jobs among them write.

- The Model Monitor analyzer (its Environment names a `dataset_format`): `statistics.json` and
  `constraints.json` for data quality, or for model quality when `analysis_type` is MODEL_QUALITY.
- SageMaker Clarify (an input named `analysis_config`): `analysis.json` for bias or explainability.
- Any other processing job only checks its inputs exist and completes.

moto keeps no Environment for a processing job; the patches hand it over (see `patches`), and
DescribeProcessingJob then returns it as SageMaker does.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from . import clarify, data_quality, model_quality, storage
from .common import json_bytes, now
from .simulator import Behaviour, Job, JobFailed, Phase


class Processing(Behaviour):
    kind = "processing"
    status_attribute = "processing_job_status"

    def show(self, job: Job, phase: Phase) -> None:
        record = job.record
        record.processing_job_status = phase.status
        record.processing_start_time = record.creation_time
        record.processing_end_time = None
        record.failure_reason = None

    def complete(self, job: Job) -> None:
        record = job.record
        inputs = {}
        for item in record.processing_inputs or []:
            uri = (item.get("S3Input") or {}).get("S3Uri")
            if uri:
                try:
                    inputs[item["InputName"]] = storage.read_inputs(job.account_id, uri)
                except storage.MissingInput as missing:
                    raise JobFailed(
                        f"ClientError: Failed to download input '{item['InputName']}': {missing}"
                    ) from missing
        outputs = (record.processing_output_config or {}).get("Outputs") or []
        destination = outputs[0]["S3Output"]["S3Uri"] if outputs else ""
        environment: dict[str, str] = getattr(record, "environment", None) or {}
        documents: dict[str, Any] = {}
        if "dataset_format" in environment:
            documents = _analyzer(environment, _first(inputs, "baseline_dataset_input"))
        elif "analysis_config" in inputs:
            config = json.loads(_first(inputs, "analysis_config"))
            for uri in clarify.inputs_it_reads(config):
                try:
                    storage.read(job.account_id, uri)
                except storage.MissingInput as missing:
                    raise JobFailed(f"ClientError: Failed to read the SHAP baseline: {missing}") from missing
            documents = {"analysis.json": clarify.analysis(config, job.name)}
        for name, document in documents.items():
            try:
                storage.write(job.account_id, storage.join(destination, name), json_bytes(document))
            except storage.MissingInput as missing:
                raise JobFailed(f"ClientError: Failed to upload output '{name}': {missing}") from missing
        record.processing_job_status = "Completed"
        record.exit_message = "Completed: Job completed successfully with no violations." if documents else None
        record.processing_end_time = record.last_modified_time = now()

    def fail(self, job: Job, reason: str) -> None:
        record = job.record
        record.processing_job_status = "Failed"
        record.failure_reason = reason
        record.exit_message = reason
        record.processing_end_time = now()


def _first(inputs: dict[str, dict[str, bytes]], name: str) -> bytes:
    """The first object of the named input (or of the first input when none has that name)."""
    chosen = inputs.get(name) or next(iter(inputs.values()), {})
    if not chosen:
        raise JobFailed(f"ClientError: the job has no input named {name}")
    return next(iter(chosen.values()))


def _analyzer(environment: dict[str, str], dataset: bytes) -> dict[str, Any]:
    try:
        dataset_format = json.loads(environment.get("dataset_format") or "{}")
    except ValueError as error:
        raise JobFailed(f"ClientError: dataset_format is not JSON: {error}") from error
    header = bool((dataset_format.get("csv") or {}).get("header"))
    rows = [row for row in csv.reader(io.StringIO(dataset.decode("utf-8", errors="replace"))) if row]
    if environment.get("analysis_type") == "MODEL_QUALITY":
        names, data = data_quality.columns(rows, header)
        try:
            statistics, constraints = model_quality.baseline(names, data, environment)
        except model_quality.DatasetProblem as problem:
            raise JobFailed(f"AlgorithmError: {problem}") from problem
    else:
        statistics, constraints = data_quality.baseline(rows, header)
    return {"statistics.json": statistics, "constraints.json": constraints}


PROCESSING = Processing()
