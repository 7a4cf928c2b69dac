"""The 14 templates the app ships (both orchestrator variants and the twelve blueprints), synthesized once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aws_cdk.assertions import Template

from mlops_orchestrator.blueprints.stacks import BLUEPRINT_STACKS
from mlops_orchestrator.infrastructure.app_context import new_app
from mlops_orchestrator.orchestrator.stack import multi_account, single_account

WORKLOAD_BLUEPRINTS = tuple(
    entry.stack_id
    for entry in BLUEPRINT_STACKS
    if "CodePipeline" not in entry.stack_id and "Image" not in entry.stack_id
)
"""The blueprints the pipelines' deploy role deploys (the other three are deployed by the orchestrator's)."""


def synthesize_all(blueprint_package: Path) -> dict[str, dict[str, Any]]:
    """Template JSON by stack name (the orchestrator's) or stack id (the blueprints')."""
    app = new_app()
    stacks = [single_account(app, blueprint_package), multi_account(app, blueprint_package)]
    stacks += [entry.build(app) for entry in BLUEPRINT_STACKS]
    return {stack.stack_name: dict(Template.from_stack(stack).to_json()) for stack in stacks}
