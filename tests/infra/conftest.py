"""Each orchestrator variant is synthesized once per test session (cdk-nag on: a finding fails the fixture)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Template

from mlops_orchestrator.orchestrator.blueprint_package import blueprint_files, write_package
from mlops_orchestrator.orchestrator.stack import multi_account, single_account
from tests.infra.support import synth


@dataclass(frozen=True)
class Synthesized:
    stack: cdk.Stack
    template: Template
    json: dict[str, Any]

    def resources(self, kind: str) -> dict[str, dict[str, Any]]:
        return {key: value for key, value in self.json["Resources"].items() if value["Type"] == kind}

    def logical_id(self, construct_path: str) -> str:
        """The logical ID of what the construct at this (end of a) path synthesizes: found by construct, not hash."""
        found = set()
        for node in self.stack.node.find_all():
            if not f"/{node.node.path}".endswith(f"/{construct_path}"):
                continue
            element = node if isinstance(node, cdk.CfnElement) else node.node.default_child
            if isinstance(element, cdk.CfnElement):
                found.add(self.stack.resolve(element.logical_id))
        assert len(found) == 1, f"{construct_path}: {found}"
        return str(found.pop())

    def only(self, kind: str) -> dict[str, Any]:
        found = list(self.resources(kind).values())
        assert len(found) == 1, f"expected one {kind}, found {len(found)}"
        return found[0]


@pytest.fixture(scope="session")
def empty_blueprints() -> Path:
    """A blueprint package without blueprints: the stack tests do not depend on the blueprint stacks."""
    return write_package(blueprint_files({}, lambdas=()))


def _synthesize(build: Any, blueprints: Path) -> Synthesized:
    stack, template = synth(lambda app: build(app, blueprints))
    return Synthesized(stack, template, dict(template.to_json()))


@pytest.fixture(scope="session")
def single(empty_blueprints: Path) -> Synthesized:
    return _synthesize(single_account, empty_blueprints)


@pytest.fixture(scope="session")
def multi(empty_blueprints: Path) -> Synthesized:
    return _synthesize(multi_account, empty_blueprints)


@pytest.fixture(scope="session", params=["single", "multi"])
def variant(request: pytest.FixtureRequest) -> Synthesized:
    synthesized: Synthesized = request.getfixturevalue(request.param)
    return synthesized
