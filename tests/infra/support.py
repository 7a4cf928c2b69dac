"""Synthesis with the policy gates on (cdk-nag AwsSolutions), and cfn-lint over the result."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
from aws_cdk.assertions import Template
from cfnlint.api import ManualArgs, lint

from mlops_orchestrator.infrastructure.app_context import new_app
from mlops_orchestrator.infrastructure.nag import enable_checks

REGIONS = ["us-east-1", "eu-west-1"]


def synth(build: Callable[[cdk.App], cdk.Stack]) -> tuple[cdk.Stack, Template]:
    """Build one stack in a fresh app with cdk-nag on; an unacknowledged finding raises."""
    app = new_app()
    enable_checks(app)
    stack = build(app)
    app.synth()
    return stack, Template.from_stack(stack)


def cfn_lint(template: dict[str, Any]) -> list[str]:
    """Every cfn-lint error and warning as readable lines."""
    matches = lint(json.dumps(template), config=ManualArgs(regions=REGIONS))
    return [f"{match.rule.id} {match.message} ({'/'.join(str(p) for p in match.path)})" for match in matches]


def statements(template: Template) -> list[dict[str, Any]]:
    found = []
    for kind in ("AWS::IAM::Policy", "AWS::IAM::Role", "AWS::IAM::ManagedPolicy"):
        for resource in template.find_resources(kind).values():
            props = resource.get("Properties", {})
            documents = [props.get("PolicyDocument")] + [p.get("PolicyDocument") for p in props.get("Policies", [])]
            for document in filter(None, documents):
                found += document.get("Statement", [])
    return found


def wildcard_actions(template: Template) -> list[Any]:
    """Statements whose actions include '*' or 'service:*'."""
    bad = []
    for statement in statements(template):
        actions = statement.get("Action", [])
        actions = [actions] if isinstance(actions, str) else actions
        if any(action == "*" or str(action).endswith(":*") for action in actions):
            bad.append(statement)
    return bad
