"""What the orchestrator has created in (moto) AWS: pipeline stacks and template.zip object versions."""

from __future__ import annotations

from typing import Any

ASSETS_BUCKET = "testassetsbucket"


def stacks(clients: dict[str, Any]) -> dict[str, str]:
    """Every stack that is not deleted, by name, with its status."""
    found: dict[str, str] = {}
    for page in clients["cloudformation"].get_paginator("describe_stacks").paginate():
        for stack in page["Stacks"]:
            if stack["StackStatus"] != "DELETE_COMPLETE":
                found[stack["StackName"]] = stack["StackStatus"]
    return found


def objects(clients: dict[str, Any], bucket: str = ASSETS_BUCKET) -> set[tuple[str, str]]:
    """Every object version and delete marker of the assets bucket."""
    found: set[tuple[str, str]] = set()
    for page in clients["s3"].get_paginator("list_object_versions").paginate(Bucket=bucket):
        for version in [*page.get("Versions", []), *page.get("DeleteMarkers", [])]:
            found.add((version["Key"], str(version.get("VersionId"))))
    return found


def state(clients: dict[str, Any]) -> tuple[dict[str, str], set[tuple[str, str]]]:
    return stacks(clients), objects(clients)


def current_keys(clients: dict[str, Any], bucket: str = ASSETS_BUCKET) -> set[str]:
    listed = clients["s3"].list_objects_v2(Bucket=bucket)
    return {item["Key"] for item in listed.get("Contents", [])}
