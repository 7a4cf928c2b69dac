"""The solution's identity (id, name, version) from the CDK context in cdk.json, with fallbacks for bare apps."""

from __future__ import annotations

from dataclasses import dataclass

from constructs import Construct


@dataclass(frozen=True)
class Solution:
    solution_id: str
    name: str
    version: str

    @classmethod
    def of(cls, scope: Construct) -> Solution:
        # Tests build apps without cdk.json; they get the same defaults the repository's cdk.json sets.
        def value(key: str, default: str) -> str:
            found = scope.node.try_get_context(key)
            return str(found) if found else default

        return cls(
            solution_id=value("SolutionId", "SO0136"),
            name=value("SolutionName", "mlops-workload-orchestrator"),
            version=value("Version", "v0.1.0"),
        )
