"""Where a config-file event ends up when the orchestrator still fails on it after Lambda's retries.

S3 invokes the orchestrator asynchronously for `mlops-config.json` uploads; Lambda retries a failed event twice
and then drops it. The event goes to this queue instead (encrypted, TLS only, kept 14 days), so an operator can
read which upload failed and upload it again. API requests are synchronous and never land here.
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_destinations as destinations
from aws_cdk import aws_sqs as sqs
from constructs import Construct

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
    function.configure_async_invoke(on_failure=destinations.SqsDestination(queue))
    return queue
