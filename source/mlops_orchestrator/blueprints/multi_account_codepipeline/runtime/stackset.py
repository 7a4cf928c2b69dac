"""The StackSet Lambda: one CodePipeline Invoke action that deploys a blueprint to one stage's accounts.

CodePipeline calls it again, with the continuation token it returned, until it reports success or failure;
`stacksets` decides each step. Every outcome is reported to CodePipeline. An unexpected exception fails the
job with its message and is raised again, so that it is also in the function's logs and metrics. The function
has no asynchronous retries (see ../stack.py): a retry would redo a step of a job that already failed.

Environment: `CALL_AS` is `DELEGATED_ADMIN` when the orchestrator account is a delegated administrator of
the organization, `SELF` when it is the management account.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from typing import Any

import boto3
from aws_lambda_powertools.utilities.data_classes import CodePipelineJobEvent

from . import stacksets
from .job import JobError, parse_user_parameters, read_archive, read_artifact

LOGGER = logging.getLogger(__name__)
LOGGER.setLevel(logging.INFO)
CALL_AS_VALUES = ("SELF", "DELEGATED_ADMIN")
# CodePipeline's limits on a failure message and on an execution summary.
MAX_FAILURE_MESSAGE = 5000
MAX_SUMMARY = 2048


@dataclass(frozen=True)
class Clients:
    cloudformation: Any
    codepipeline: Any


def default_clients() -> Clients:
    return Clients(cloudformation=boto3.client("cloudformation"), codepipeline=boto3.client("codepipeline"))


def lambda_handler(event: dict[str, Any], context: Any) -> None:
    handle(event, default_clients(), os.environ.get("CALL_AS", "SELF"))


def handle(event: dict[str, Any], clients: Clients, call_as: str) -> None:
    job = CodePipelineJobEvent(event)
    job_id = job.get_id
    try:
        if call_as not in CALL_AS_VALUES:
            raise JobError(f"CALL_AS must be one of {', '.join(CALL_AS_VALUES)}, not {call_as!r}")
        outcome = run(job, clients, call_as)
        LOGGER.info(json.dumps({"job": job_id, "state": outcome.state, "message": outcome.message}))
        report(clients.codepipeline, job_id, outcome)
    except Exception as error:
        LOGGER.exception("job %s failed", job_id)
        message = str(error) if isinstance(error, JobError) else f"{type(error).__name__}: {error}"
        clients.codepipeline.put_job_failure_result(
            jobId=job_id, failureDetails={"type": "JobFailed", "message": message[:MAX_FAILURE_MESSAGE]}
        )
        raise


def run(job: CodePipelineJobEvent, clients: Clients, call_as: str) -> stacksets.Outcome:
    deployment = parse_user_parameters(job.user_parameters)
    token = job.data.continuation_token
    if token:
        return stacksets.resume(clients.cloudformation, deployment, json.loads(token), call_as)
    template, parameters = read_artifact(read_archive(job, deployment), deployment)
    return stacksets.start(clients.cloudformation, deployment, template, parameters, call_as)


def report(codepipeline: Any, job_id: str, outcome: stacksets.Outcome) -> None:
    if outcome.state == "failed":
        codepipeline.put_job_failure_result(
            jobId=job_id, failureDetails={"type": "JobFailed", "message": outcome.message[:MAX_FAILURE_MESSAGE]}
        )
        return
    details = {"summary": outcome.message[:MAX_SUMMARY]}
    if outcome.state == "waiting":
        codepipeline.put_job_success_result(
            jobId=job_id, continuationToken=json.dumps(outcome.token), executionDetails=details
        )
        return
    codepipeline.put_job_success_result(jobId=job_id, executionDetails=details)
