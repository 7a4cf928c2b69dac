"""In a real browser against multi-account local mode: a pipeline waiting at staging is approved to prod."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.helpers import pipeline_status, provision, stages
from tests.support import example

from .chromium import chromium, console_problems, screenshot, text_of, wait_for
from .dashboards import Dashboard, dashboard_on_local_mode

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


@pytest.fixture(scope="module")
def dashboard() -> Iterator[Dashboard]:
    with dashboard_on_local_mode(multi_account=True) as running:
        yield running


def test_a_pipeline_waiting_at_staging_is_approved_from_the_page_and_reaches_prod(
    dashboard: Dashboard, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    pipeline_id = provision(dashboard.mode, {**example("byom_realtime_builtin"), "model_name": "browser-promote"})
    waiting = pipeline_status(dashboard.mode, pipeline_id)["summary"]["pending_approvals"]
    assert waiting == [{"stage": "DeployDev", "action": "DeployStaging"}]

    with chromium() as browser:
        browser.get(f"{dashboard.url}/approvals")
        assert "DeployDev / DeployStaging: approving deploys to staging" in text_of(browser, "form.approval")
        screenshot(browser, "approvals", tmp_path)
        _approve(browser, "staging looks fine")
        assert "deploys to staging now" in text_of(browser, ".flash")

        wait_for(lambda: "DeployStaging / DeployProd" in text_of(browser, "form.approval"), "the prod approval")
        _approve(browser, "ship it")
        assert "deploys to prod now" in text_of(browser, ".flash")
        assert "Nothing is waiting for approval." in text_of(browser, "main")

        browser.find_element(By.LINK_TEXT, "Pipelines").click()
        browser.find_element(By.PARTIAL_LINK_TEXT, "browser-promote").click()
        status = wait_for(lambda: text_of(browser, "#pipeline-live"), "the pipeline's page")
        assert "succeeded" in status and "DeployProd" in status
        deployed = text_of(browser, "table.deployments")
        assert all(
            "StackSet mlops-pipeline-browser-promote" in deployed and stage in deployed
            for stage in ("dev", "staging", "prod")
        )
        assert "browser-promote" in text_of(browser, "table.parameters")
        screenshot(browser, "pipeline", tmp_path)
        assert console_problems(browser) == []

    final = pipeline_status(dashboard.mode, pipeline_id)
    assert final["summary"]["pipeline_status"] == "Succeeded"
    assert stages(final)["DeployProd"] == "Succeeded"
    approvals = [
        action["latestExecution"].get("summary")
        for stage in final["stageStates"]
        for action in stage["actionStates"]
        if action["actionName"] in {"DeployStaging", "DeployProd"} and stage["stageName"] != "DeployProd"
    ]
    assert "staging looks fine" in approvals and "ship it" in approvals


def _approve(browser: Any, comment: str) -> None:
    """Keyboard only: the comment field, then Tab to the Approve button and Enter."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    form = browser.find_element(By.CSS_SELECTOR, "form.approval")
    field = form.find_element(By.CSS_SELECTOR, "input[name=comment]")
    field.send_keys(comment)
    field.send_keys(Keys.TAB)
    focused = browser.switch_to.active_element
    assert focused.get_attribute("value") == "approve" and focused.tag_name == "button"
    focused.send_keys(Keys.ENTER)
    wait_for(lambda: text_of(browser, ".flash"), "the answer to the approval")
