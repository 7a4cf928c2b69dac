"""Synthesis with the policy gates on (cdk-nag AwsSolutions), and cfn-lint over the result."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Synthesized:
    """A synthesized stack as the tests read it: lookups by construct, never by hashed logical ids."""

    stack: cdk.Stack
    template: Template
    json: dict[str, Any]

    def resources(self, kind: str) -> dict[str, dict[str, Any]]:
        return {key: value for key, value in self.json["Resources"].items() if value["Type"] == kind}

    def only(self, kind: str) -> dict[str, Any]:
        found = list(self.resources(kind).values())
        assert len(found) == 1, f"expected one {kind}, found {len(found)}"
        return found[0]

    def logical_id(self, path: str) -> str:
        """The logical id of what the construct at `path` synthesizes: the path from the stack, or else the one
        construct whose path ends with it."""
        found = set()
        for node in self.stack.node.find_all():
            exact = node.node.path == f"{self.stack.node.path}/{path}"
            if not exact and not f"/{node.node.path}".endswith(f"/{path}"):
                continue
            element = node if isinstance(node, cdk.CfnElement) else node.node.default_child
            if isinstance(element, cdk.CfnElement):
                if exact:
                    return str(self.stack.resolve(element.logical_id))
                found.add(self.stack.resolve(element.logical_id))
        assert len(found) == 1, f"{path}: {found}"
        return str(found.pop())

    def resource(self, path: str) -> dict[str, Any]:
        found: dict[str, Any] = self.json["Resources"][self.logical_id(path)]
        return found

    def ref(self, path: str) -> dict[str, str]:
        return {"Ref": self.logical_id(path)}

    def get_att(self, path: str, attribute: str) -> dict[str, list[str]]:
        return {"Fn::GetAtt": [self.logical_id(path), attribute]}


def synthesize(build: Callable[[cdk.App], cdk.Stack]) -> Synthesized:
    stack, template = synth(build)
    return Synthesized(stack, template, template.to_json())
