"""The logging and tracing every REST API stage of this project gets: one policy for the orchestrator's API and
the real-time blueprint's inference API."""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_logs as logs
from constructs import Construct


def access_log_group(scope: Construct, construct_id: str) -> logs.LogGroup:
    """Kept a year, and kept when the stack goes: access logs are the audit trail of who called what."""
    return logs.LogGroup(
        scope, construct_id, retention=logs.RetentionDays.ONE_YEAR, removal_policy=cdk.RemovalPolicy.RETAIN
    )


def logged_stage(
    access_logs: logs.ILogGroup,
    *,
    stage_name: str,
    throttling_rate_limit: float | None = None,
    throttling_burst_limit: int | None = None,
) -> apigateway.StageOptions:
    """JSON access logs with the caller, execution logs at INFO, metrics and X-Ray.

    Request bodies never reach the execution logs (data tracing off): they hold pipeline configurations and
    model inputs, possibly personal data.
    """
    return apigateway.StageOptions(
        stage_name=stage_name,
        access_log_destination=apigateway.LogGroupLogDestination(access_logs),
        access_log_format=apigateway.AccessLogFormat.json_with_standard_fields(
            caller=True,
            http_method=True,
            ip=True,
            protocol=True,
            request_time=True,
            resource_path=True,
            response_length=True,
            status=True,
            user=True,
        ),
        logging_level=apigateway.MethodLoggingLevel.INFO,
        data_trace_enabled=False,
        metrics_enabled=True,
        tracing_enabled=True,
        throttling_rate_limit=throttling_rate_limit,
        throttling_burst_limit=throttling_burst_limit,
    )
