"""Where an asynchronous event ends up when the orchestrator still fails on it after Lambda's retries.

S3 (`mlops-config.json` uploads) and EventBridge (model package approvals) invoke the orchestrator
asynchronously. Lambda retries a failed event `MAXIMUM_RETRY_ATTEMPTS` times (set here explicitly, and passed to
the function, whose last attempt is the one that notifies: core/event_attempts.py), and then would drop it. The
event goes to this queue instead (encrypted, TLS only, kept 14 days), so an operator can read which upload or
approval failed and send it again. API requests are synchronous and never land here.
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_destinations as destinations
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from mlops_orchestrator.core.settings import MAXIMUM_RETRY_ATTEMPTS
from mlops_orchestrator.infrastructure.nag import acknowledge


def send_failed_events_to_a_queue(scope: Construct, function: lambda_.Function) -> sqs.Queue:
    queue = sqs.Queue(
        scope,
        "FailedConfigEvents",
        encryption=sqs.QueueEncryption.SQS_MANAGED,
        enforce_ssl=True,
        retention_period=cdk.Duration.days(14),
    )
    acknowledge(queue, "AwsSolutions-SQS3", "This queue is the on-failure destination itself; nothing consumes it.")
    function.configure_async_invoke(
        on_failure=destinations.SqsDestination(queue), retry_attempts=MAXIMUM_RETRY_ATTEMPTS
    )
    return queue
