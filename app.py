#!/usr/bin/env python3
"""The CDK app: the orchestrator templates (single- and multi-account) and the twelve blueprints.

Environment choices are made here; stacks compose constructs; constructs hold no business logic.
"""

from __future__ import annotations

import aws_cdk as cdk

from mlops_orchestrator.blueprints import SYNTHESIZED_BLUEPRINTS
from mlops_orchestrator.infrastructure.app_context import new_app
from mlops_orchestrator.infrastructure.nag import enable_checks


def build_app(app: cdk.App | None = None) -> cdk.App:
    app = app or new_app()
    enable_checks(app)
    for build in SYNTHESIZED_BLUEPRINTS.values():
        build(app)
    return app


if __name__ == "__main__":
    build_app().synth()
