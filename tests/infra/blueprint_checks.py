"""Helpers for the workload blueprint tests: one synthesis per module, lookups by construct, IAM statements."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import aws_cdk as cdk
from aws_cdk.assertions import Template

from tests.infra.support import synth

NO_VALUE = {"Ref": "AWS::NoValue"}
SAGEMAKER_ARN = "arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:"


def provided(name: str) -> dict[str, object]:
    """The condition "parameter `name` is not empty"."""
    return {"Fn::Not": [{"Fn::Equals": [{"Ref": name}, ""]}]}


def when(condition: str, name: str) -> dict[str, object]:
    """Parameter `name` where `condition` holds, else the property is left out."""
    return {"Fn::If": [condition, {"Ref": name}, NO_VALUE]}


@dataclass(frozen=True)
class Synthesized:
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
        """The logical id of the construct at `path` below the stack (found by construct, never by hash)."""
        node = self.stack.node.find_child(path.split("/")[0])
        for part in path.split("/")[1:]:
            node = node.node.find_child(part)
        element = node if isinstance(node, cdk.CfnElement) else node.node.default_child
        assert isinstance(element, cdk.CfnElement)
        return str(self.stack.resolve(element.logical_id))

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


def policy_statements(policy: dict[str, Any]) -> dict[str, tuple[str | None, dict[str, Any]]]:
    """Sid -> (condition or None, statement) of an AWS::IAM::Policy, unwrapping `Fn::If` statements."""
    found: dict[str, tuple[str | None, dict[str, Any]]] = {}
    for entry in policy["Properties"]["PolicyDocument"]["Statement"]:
        condition = None
        if "Fn::If" in entry:
            condition, entry, otherwise = entry["Fn::If"]
            assert otherwise == {"Ref": "AWS::NoValue"}
        found[entry.get("Sid", "")] = (condition, entry)
    return found


def all_actions(json: dict[str, Any]) -> list[str]:
    """Every Allow action of every IAM policy and role, including statements behind `Fn::If`."""
    actions: list[str] = []
    for resource in json["Resources"].values():
        props = resource.get("Properties", {})
        documents = [props.get("PolicyDocument")] + [p.get("PolicyDocument") for p in props.get("Policies", [])]
        if resource["Type"] == "AWS::IAM::Role":
            documents.append(props.get("AssumeRolePolicyDocument"))
        for document in filter(None, documents):
            for entry in document["Statement"]:
                statement = entry["Fn::If"][1] if "Fn::If" in entry else entry
                if statement["Effect"] != "Allow":
                    continue  # e.g. the SSL-only bucket policy's Deny of s3:*
                listed = statement["Action"]
                actions += [listed] if isinstance(listed, str) else listed
    return actions


def wildcard(action: str) -> bool:
    return action == "*" or action.endswith(":*")
