"""Batch transform jobs: one `.out` file per input object, one prediction per input record.

As SageMaker names them, outputs keep the input's path below the input prefix (or its file name when the
input names one object) plus `.out`. Predictions are repeatable scores in [0, 1], one line per input line
(SplitType Line), as text for CSV or `{"score": ...}` for JSON Lines.
"""

from __future__ import annotations

import json
import posixpath

from . import storage
from .common import fraction, now
from .simulator import Behaviour, Job, JobFailed, Phase


class Transform(Behaviour):
    kind = "transform"
    status_attribute = "transform_job_status"

    def show(self, job: Job, phase: Phase) -> None:
        job.record.transform_job_status = phase.status
        job.record.transform_end_time = None
        job.record.failure_reason = None

    def complete(self, job: Job) -> None:
        record = job.record
        uri = record.transform_input["DataSource"]["S3DataSource"]["S3Uri"]
        try:
            inputs = storage.read_inputs(job.account_id, uri)
        except storage.MissingInput as missing:
            raise JobFailed(f"ClientError: Could not read the input data: {missing}") from missing
        _, prefix = storage.split(uri)
        json_lines = record.transform_output.get("Accept") == "application/jsonlines"
        for key, body in inputs.items():
            relative = key[len(prefix) :].lstrip("/") or posixpath.basename(key)
            lines = [line for line in body.decode("utf-8", errors="replace").splitlines() if line.strip()]
            scores = [round(fraction(job.name, line), 4) for line in lines]
            text = "".join((json.dumps({"score": value}) if json_lines else str(value)) + "\n" for value in scores)
            destination = storage.join(record.transform_output["S3OutputPath"], f"{relative}.out")
            try:
                storage.write(job.account_id, destination, text.encode())
            except storage.MissingInput as missing:
                raise JobFailed(f"ClientError: Could not write the output: {missing}") from missing
        record.transform_job_status = "Completed"
        record.transform_end_time = record.last_modified_time = now()

    def fail(self, job: Job, reason: str) -> None:
        job.record.transform_job_status = "Failed"
        job.record.failure_reason = reason
        job.record.transform_end_time = now()


TRANSFORM = Transform()
