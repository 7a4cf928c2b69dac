"""Helpers for the workload blueprint tests: one synthesis per module, lookups by construct, IAM statements."""

from __future__ import annotations

from typing import Any

NO_VALUE = {"Ref": "AWS::NoValue"}
SAGEMAKER_ARN = "arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:"


def provided(name: str) -> dict[str, object]:
    """The condition "parameter `name` is not empty"."""
    return {"Fn::Not": [{"Fn::Equals": [{"Ref": name}, ""]}]}


BOUNDARY_CONDITION = {"PermissionsBoundaryGiven": provided("PermissionsBoundaryArn")}
"""Every workload blueprint's roles carry the boundary the single-account pipeline supplies."""


def when(condition: str, name: str) -> dict[str, object]:
    """Parameter `name` where `condition` holds, else the property is left out."""
    return {"Fn::If": [condition, {"Ref": name}, NO_VALUE]}


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
