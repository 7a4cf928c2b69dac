"""Which stage a manual approval opens: `--stage staging` of approve/reject, and the hint `status` prints."""

from __future__ import annotations

from mlops_orchestrator.core.catalog.pipeline_stages import STAGED_DEPLOYS, StagedDeploy

APPROVAL_OF_STAGE: dict[str, StagedDeploy] = {
    deploy.next_stage: deploy for deploy in STAGED_DEPLOYS if deploy.next_stage is not None
}
"""The stage an approval opens -> the staged deploy that ends with it (`staging` -> DeployDev / DeployStaging)."""


def stage_opened_by(action_name: object) -> str | None:
    return next((stage for stage, deploy in APPROVAL_OF_STAGE.items() if deploy.approval == action_name), None)
