"""The original's five notification rules, on the jobs Autopilot runs (named after the Autopilot job)."""

from __future__ import annotations

import aws_cdk as cdk
from constructs import Construct

from ..training_job.notifications import FINAL, UNSUCCESSFUL, job_state_rule, notifications_topic


def autopilot_rules(scope: Construct, params: dict[str, cdk.CfnParameter]) -> None:
    topic = notifications_topic(scope, params["NotificationsSNSTopicArn"])

    def prefixes(*suffixes: str) -> list[object]:
        return [{"prefix": cdk.Fn.sub(f"${{JobName}}{suffix}")} for suffix in suffixes]

    rules = (
        ("AutopilotJobTunerRule", "HyperParameterTuning", prefixes(""), FINAL, "the candidates' tuning job ends"),
        (
            "AutopilotJobProcessingRule",
            "Processing",
            prefixes("-dpp", "-documentation"),
            FINAL,
            "a data processing or documentation job ends",
        ),
        (
            "AutopilotJobInterProcessingRule",
            "Processing",
            prefixes("-dp", "-pr"),
            UNSUCCESSFUL,
            "a processing job fails",
        ),
        ("AutopilotJobTrainingRule", "Training", prefixes("-dpp"), UNSUCCESSFUL, "a training job fails"),
        ("AutopilotJobTransformRule", "Transform", prefixes("-dpp"), UNSUCCESSFUL, "a transform job fails"),
    )
    for construct_id, kind, names, statuses, when in rules:
        job_state_rule(
            scope,
            construct_id,
            topic,
            kind=kind,
            description=f"Notify the user when {when}",
            names=names,
            statuses=statuses,
        )
