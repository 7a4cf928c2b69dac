"""A synthesized orchestrator stack, as the orchestrator tests read it (the fixtures are in conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import aws_cdk as cdk
from aws_cdk.assertions import Template


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
