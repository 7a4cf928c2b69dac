"""A Lambda package that blueprints load from the blueprint bucket (the original's blueprints/lambdas/<name>.zip)."""

from __future__ import annotations

from dataclasses import dataclass

CUSTOM_RESOURCE_RUNTIME = "mlops_orchestrator.blueprints.custom_resource_runtime"
"""The answer to CloudFormation and the job-starting flow, shared by every job-starting Lambda."""


@dataclass(frozen=True)
class BlueprintLambda:
    name: str
    """The zip's base name: s3://<blueprint bucket>/blueprints/lambdas/<name>.zip."""
    packages: tuple[str, ...]
    """Dotted packages copied into the zip (the runtime folder, plus any shared runtime code)."""
    requirements: tuple[str, ...] = ()
    """Pinned dependencies to vendor (boto3 is provided by the Lambda runtime, but pin it if the code relies on a newer API)."""

    @property
    def key(self) -> str:
        return f"blueprints/lambdas/{self.name}.zip"
