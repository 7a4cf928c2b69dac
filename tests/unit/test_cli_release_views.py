"""`status` and `show` name the model package each stage runs and the pipeline's releases (registry mode)."""

from __future__ import annotations

from typing import Any

from mlops_orchestrator.cli.show_view import render_show
from mlops_orchestrator.cli.status_view import render_status

V1 = "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/1"
V2 = "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/2"


def answer(**summary: Any) -> dict[str, Any]:
    return {"summary": {"stack_name": "p", "stack_status": "UPDATE_COMPLETE", **summary}}


RELEASED = answer(
    deployments=[
        {"stage": "dev", "stackset": "s-dev", "status": "CURRENT", "instances": [], "model_package": V2},
        {"stage": "prod", "stackset": "s-prod", "status": "CURRENT", "instances": [], "model_package": V1},
    ],
    releases=[
        {"time": "2026-12-04T10:00:00+00:00", "version": 1, "cause": "request", "model_package": V1},
        {"time": "2026-12-04T11:00:00+00:00", "version": 2, "cause": "approval", "model_package": V2},
    ],
)


def test_status_names_each_stages_package_and_the_last_release() -> None:
    text = render_status(RELEASED)
    assert "model package (dev)" in text and V2 in text
    assert "model package (prod)" in text and V1 in text
    assert "version 2 (approval, 2026-12-04T11:00:00+00:00)" in text


def test_show_lists_the_package_per_stage_and_every_release() -> None:
    text = render_show(RELEASED)
    assert "MODEL PACKAGE" in text.split("Deployed:")[1].splitlines()[1]
    releases = text.split("Releases (model registry):")[1]
    assert releases.index("request") < releases.index("approval")


def test_without_the_registry_nothing_about_packages_is_printed() -> None:
    plain = answer(deployments=[{"stage": "default", "stack": "b", "status": "CREATE_COMPLETE", "outputs": {}}])
    assert "model package" not in render_status(plain)
    assert "MODEL PACKAGE" not in render_show(plain) and "Releases" not in render_show(plain)
