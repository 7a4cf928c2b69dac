"""CloudFormation parameters beyond the original's: the real-time endpoint and batch transform options.

Each has a default that reproduces the original's behaviour, so a params file without them deploys what the
original deployed; the orchestrator writes them only when a request sets the matching option.
"""

from __future__ import annotations

from .declaration import TemplateParameter as P

# Real-time endpoint: one instance, full data capture, no autoscaling, CloudFormation's plain endpoint update.
INITIAL_INSTANCE_COUNT = P(
    "InitialInstanceCount",
    type="Number",
    description="Number of instances the endpoint starts with.",
    min_value=1,
    max_value=100,
    default="1",
)
DATA_CAPTURE_SAMPLING_PERCENTAGE = P(
    "DataCaptureSamplingPercentage",
    type="Number",
    description="Percentage of requests whose input and output the endpoint captures.",
    min_value=0,
    max_value=100,
    default="100",
)
AUTOSCALING_MIN_CAPACITY = P(
    "AutoscalingMinCapacity",
    type="Number",
    description="Fewest instances autoscaling keeps (used when AutoscalingMaxCapacity is above 0).",
    min_value=1,
    max_value=100,
    default="1",
)
AUTOSCALING_MAX_CAPACITY = P(
    "AutoscalingMaxCapacity",
    type="Number",
    description="Most instances autoscaling may start; 0 turns autoscaling off.",
    min_value=0,
    max_value=100,
    default="0",
)
AUTOSCALING_TARGET_INVOCATIONS = P(
    "AutoscalingTargetInvocations",
    type="Number",
    description="Invocations per instance per minute that autoscaling keeps the endpoint at.",
    min_value=1,
    max_value=1000000,
    default="100",
)
DEPLOYMENT_STRATEGY = P(
    "DeploymentStrategy",
    description=(
        "Blue/green traffic shifting for endpoint updates, rolled back automatically on alarms "
        "(empty: CloudFormation's default update without guardrail)."
    ),
    allowed_values=("", "ALL_AT_ONCE", "CANARY", "LINEAR"),
    default="",
)
TRAFFIC_SHIFT_SIZE_TYPE = P(
    "TrafficShiftSizeType",
    description="Unit of TrafficShiftSize for CANARY and LINEAR deployments.",
    allowed_values=("CAPACITY_PERCENT", "INSTANCE_COUNT"),
    default="CAPACITY_PERCENT",
)
TRAFFIC_SHIFT_SIZE = P(
    "TrafficShiftSize",
    type="Number",
    description="Size of the canary, or of each linear step, in TrafficShiftSizeType units.",
    min_value=1,
    max_value=100,
    default="10",
)
TRAFFIC_SHIFT_WAIT_SECONDS = P(
    "TrafficShiftWaitSeconds",
    type="Number",
    description="Seconds to watch the alarms after each traffic shift before the next one.",
    min_value=0,
    max_value=3600,
    default="300",
)
TERMINATION_WAIT_SECONDS = P(
    "TerminationWaitSeconds",
    type="Number",
    description="Seconds the old fleet is kept after all traffic moved, for a fast rollback.",
    min_value=0,
    max_value=3600,
    default="0",
)
ROLLBACK_ALARM_NAME = P(
    "RollbackAlarmName",
    description=(
        "Optional existing CloudWatch alarm that also rolls a deployment back "
        "(besides the blueprint's own alarm on server errors)."
    ),
    max_length=255,
    default="",
)

# Batch transform: CSV input (the instance count is the shared JobInstanceCount, default 1).
BATCH_CONTENT_TYPE = P(
    "BatchContentType",
    description="MIME type of the batch input records, one per line (the output uses the same type).",
    allowed_values=("text/csv", "application/jsonlines"),
    default="text/csv",
)
