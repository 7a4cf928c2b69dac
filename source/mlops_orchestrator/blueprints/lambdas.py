"""A Lambda package that blueprints load from the blueprint bucket (the original's blueprints/lambdas/<name>.zip).

Each blueprint declares its package in its own folder (`runtime_package.py`), next to the runtime it ships.
"""

from __future__ import annotations

from dataclasses import dataclass

from mlops_orchestrator.infrastructure.lambda_package import RUNTIME_LIBRARIES

__all__ = ["CUSTOM_RESOURCE_RUNTIME", "RUNTIME_LIBRARIES", "BlueprintLambda"]

CUSTOM_RESOURCE_RUNTIME = "mlops_orchestrator.blueprints.custom_resource_runtime"
"""The answer to CloudFormation, the job-starting flow and property reading, shared by every job-starting Lambda."""


@dataclass(frozen=True)
class BlueprintLambda:
    name: str
    """The zip's base name: s3://<blueprint bucket>/blueprints/lambdas/<name>.zip."""
    packages: tuple[str, ...]
    """Dotted packages (or single modules) copied into the zip: the runtime folder first, then shared code."""
    requirements: tuple[str, ...] = ()
    """Pinned dependencies to vendor (boto3 is provided by the Lambda runtime, but pin it if the code relies on a newer API)."""
    entry_point: str = "handler.lambda_handler"
    """The handler, relative to the runtime folder."""

    @property
    def key(self) -> str:
        return f"blueprints/lambdas/{self.name}.zip"

    @property
    def handler(self) -> str:
        """The function's `Handler`: the entry point inside the runtime folder."""
        return f"{self.packages[0]}.{self.entry_point}"
