"""EventBridge rules that tell the notifications topic when a SageMaker job reaches a final state."""

from __future__ import annotations

from collections.abc import Sequence

import aws_cdk as cdk
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_sns as sns
from constructs import Construct

FINAL = ("Completed", "Failed", "Stopped")
UNSUCCESSFUL = ("Failed", "Stopped")


def notifications_topic(scope: Construct, topic_arn: cdk.CfnParameter) -> sns.ITopic:
    return sns.Topic.from_topic_arn(scope, "NotificationsTopic", topic_arn.value_as_string)


def job_state_rule(
    scope: Construct,
    construct_id: str,
    topic: sns.ITopic,
    *,
    kind: str,
    description: str,
    names: Sequence[object],
    statuses: Sequence[str] = FINAL,
) -> events.Rule:
    """`kind` is the event's job kind ("Training", "HyperParameterTuning", "Processing", "Transform"):
    the detail type is "SageMaker {spaced kind} Job State Change", the fields {kind}JobName and {kind}JobStatus.
    `names` are exact names or `{"prefix": ...}` matchers.
    """
    spaced = "HyperParameter Tuning" if kind == "HyperParameterTuning" else kind
    name_field = events.EventField.from_path(f"$.detail.{kind}JobName")
    status_field = events.EventField.from_path(f"$.detail.{kind}JobStatus")
    return events.Rule(
        scope,
        construct_id,
        description=description,
        event_pattern=events.EventPattern(
            source=["aws.sagemaker"],
            detail_type=[f"SageMaker {spaced} Job State Change"],
            detail={f"{kind}JobName": list(names), f"{kind}JobStatus": list(statuses)},
        ),
        targets=[
            targets.SnsTopic(
                topic,
                message=events.RuleTargetInput.from_text(
                    f"The SageMaker {spaced.lower()} job {name_field} finished with status {status_field}."
                ),
            )
        ],
    )
