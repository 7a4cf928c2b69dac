#!/usr/bin/env python3
"""The CDK app: the orchestrator templates (single- and multi-account) and the twelve blueprints.

Environment choices are made here; stacks compose constructs; constructs hold no business logic.
"""

from __future__ import annotations

import aws_cdk as cdk

from mlops_orchestrator.blueprints.stacks import BLUEPRINT_STACKS
from mlops_orchestrator.infrastructure.app_context import new_app
from mlops_orchestrator.infrastructure.nag import enable_checks
from mlops_orchestrator.orchestrator.blueprint_package import blueprint_package
from mlops_orchestrator.orchestrator.stack import multi_account, single_account


def build_app(app: cdk.App | None = None) -> cdk.App:
    app = app or new_app()
    enable_checks(app)
    # Built once for both orchestrator stacks: the blueprints they publish to their blueprint buckets.
    blueprints = blueprint_package()
    single_account(app, blueprints)
    multi_account(app, blueprints)
    for entry in BLUEPRINT_STACKS:
        entry.build(app)
    return app


if __name__ == "__main__":
    build_app().synth()
