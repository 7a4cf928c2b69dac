"""CloudFormation parameters beyond the original's: the real-time endpoint and batch transform options.

Each has a default that reproduces the original's behaviour, so a params file without them deploys what the
original deployed; the orchestrator writes them only when a request sets the matching option.
"""

from __future__ import annotations

from .declaration import TemplateParameter as P
from .template_parameters import choice, number

# Real-time endpoint: one instance, full data capture, no autoscaling, CloudFormation's plain endpoint update.
INITIAL_INSTANCE_COUNT = number(
    "InitialInstanceCount", "Number of instances the endpoint starts with.", low=1, high=100, default="1"
)
DATA_CAPTURE_SAMPLING_PERCENTAGE = number(
    "DataCaptureSamplingPercentage",
    "Percentage of requests whose input and output the endpoint captures.",
    low=0,
    high=100,
    default="100",
)
AUTOSCALING_MIN_CAPACITY = number(
    "AutoscalingMinCapacity",
    "Fewest instances autoscaling keeps (used when AutoscalingMaxCapacity is above 0).",
    low=1,
    high=100,
    default="1",
)
AUTOSCALING_MAX_CAPACITY = number(
    "AutoscalingMaxCapacity",
    "Most instances autoscaling may start; 0 turns autoscaling off.",
    low=0,
    high=100,
    default="0",
)
AUTOSCALING_TARGET_INVOCATIONS = number(
    "AutoscalingTargetInvocations",
    "Invocations per instance per minute that autoscaling keeps the endpoint at.",
    low=1,
    high=1000000,
    default="100",
)
DEPLOYMENT_STRATEGY = choice(
    "DeploymentStrategy",
    (
        "Blue/green traffic shifting for endpoint updates, rolled back automatically on alarms "
        "(empty: CloudFormation's default update without guardrail)."
    ),
    ("", "ALL_AT_ONCE", "CANARY", "LINEAR"),
    default="",
)
TRAFFIC_SHIFT_SIZE_TYPE = choice(
    "TrafficShiftSizeType",
    "Unit of TrafficShiftSize for CANARY and LINEAR deployments.",
    ("CAPACITY_PERCENT", "INSTANCE_COUNT"),
    default="CAPACITY_PERCENT",
)
TRAFFIC_SHIFT_SIZE = number(
    "TrafficShiftSize",
    "Size of the canary, or of each linear step, in TrafficShiftSizeType units.",
    low=1,
    high=100,
    default="10",
)
TRAFFIC_SHIFT_WAIT_SECONDS = number(
    "TrafficShiftWaitSeconds",
    "Seconds to watch the alarms after each traffic shift before the next one.",
    low=0,
    high=3600,
    default="300",
)
TERMINATION_WAIT_SECONDS = number(
    "TerminationWaitSeconds",
    "Seconds the old fleet is kept after all traffic moved, for a fast rollback.",
    low=0,
    high=3600,
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
BATCH_CONTENT_TYPE = choice(
    "BatchContentType",
    "MIME type of the batch input records, one per line (the output uses the same type).",
    ("text/csv", "application/jsonlines"),
    default="text/csv",
)
