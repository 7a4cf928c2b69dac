"""cdk-nag (AwsSolutions) as a synth-time gate, and acknowledgements that sit on one resource each."""

from __future__ import annotations

import aws_cdk as cdk
from cdk_nag import AwsSolutionsChecks
from constructs import IConstruct


def enable_checks(app: cdk.App) -> None:
    """Every unacknowledged AwsSolutions finding fails the synth."""
    cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app))


def acknowledge(construct: IConstruct, rule: str, reason: str) -> None:
    """Accept one finding on one construct. `rule` as cdk-nag prints it, e.g. "AwsSolutions-IAM5[Action::s3:*]"."""
    if len(reason) < 20:
        raise ValueError(f"an acknowledgement of {rule} needs a real reason, not {reason!r}")
    cdk.Validations.of(construct).acknowledge(cdk.Acknowledgment(id=f"AwsSolutions::{rule}", reason=reason))


def acknowledge_template_check(construct: IConstruct, rule: str, reason: str) -> None:
    """Accept one finding of CDK's built-in CloudFormation validation (run by `cdk synth`) on one construct.

    Only for findings the validator cannot reason about, e.g. a parameter's empty default inside the
    `Fn::If` branch that a condition on that same parameter rules out.
    """
    if len(reason) < 20:
        raise ValueError(f"an acknowledgement of {rule} needs a real reason, not {reason!r}")
    cdk.Validations.of(construct).acknowledge(cdk.Acknowledgment(id=f"CloudFormation-Validate::{rule}", reason=reason))
