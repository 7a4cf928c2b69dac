"""The stack synthesizer every template uses: no bootstrap-version rule, so templates deploy from the console."""

from __future__ import annotations

import aws_cdk as cdk


def synthesizer() -> cdk.DefaultStackSynthesizer:
    return cdk.DefaultStackSynthesizer(generate_bootstrap_version_rule=False)
