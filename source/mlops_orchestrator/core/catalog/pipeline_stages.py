"""The stage and action names of the pipelines the orchestrator creates (the original's names).

Users read them in /pipelinestatus and approve by them; the CodePipeline blueprints build them and local mode
runs them, so both take them from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..settings import STAGES

SOURCE_STAGE = "Source"
SOURCE_ACTION = "S3Source"
SOURCE_ARTIFACT = "Artifact_Source_S3Source"
"""The output artifact of the source action (template.zip, or the image builder's zip)."""

DEPLOY_STAGE = "DeployCloudFormation"
DEPLOY_ACTION = "deploy_stack"
"""The single-account pipeline's CloudFormation deployment of the blueprint."""

BUILD_STAGE = "Build"
BUILD_ACTION = "CodeBuild"
"""The image builder's CodeBuild run."""


@dataclass(frozen=True)
class StagedDeploy:
    """One stage of the multi-account pipeline: its StackSet action, then the approval that opens the next."""

    stage: str
    next_stage: str | None

    @property
    def title(self) -> str:
        """`Dev`, `Staging`, `Prod`: as in the stage's parameter names (`DevParamsName`, ...)."""
        return self.stage.capitalize()

    @property
    def stage_name(self) -> str:
        return f"Deploy{self.title}"

    @property
    def action_name(self) -> str:
        return f"{self.stage_name}StackSet"

    @property
    def approval(self) -> str | None:
        """The manual approval at the end of this stage, named after the stage it opens."""
        return None if self.next_stage is None else f"Deploy{self.next_stage.capitalize()}"

    @property
    def next_account(self) -> str:
        """How the approval request names the next account."""
        return "production" if self.next_stage == "prod" else self.next_stage or ""


STAGED_DEPLOYS: tuple[StagedDeploy, ...] = tuple(
    StagedDeploy(stage, STAGES[index + 1] if index + 1 < len(STAGES) else None) for index, stage in enumerate(STAGES)
)
