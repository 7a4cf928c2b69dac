"""In a real browser against local mode with the model registry: approving a version on the Registry page
redeploys the pipeline that follows its group."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mlops_orchestrator.local.registry_samples import EXAMPLE_GROUP
from tests.e2e.helpers import parameters, pipeline_status, provision, stack
from tests.support import REGISTRY_EXAMPLES

from .chromium import chromium, console_problems, screenshot, text_of, wait_for
from .dashboards import Dashboard, dashboard_on_local_mode

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


@pytest.fixture(scope="module")
def dashboard() -> Iterator[Dashboard]:
    with dashboard_on_local_mode(model_registry=True) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as driver:
        yield driver


def _deployed_packages(dashboard: Dashboard, pipeline_id: str) -> list[str]:
    deployments = pipeline_status(dashboard.mode, pipeline_id)["summary"].get("deployments") or []
    return [entry.get("model_package") for entry in deployments]


def test_an_approval_on_the_registry_page_redeploys_the_following_pipeline(
    dashboard: Dashboard, browser: Any, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    mode = dashboard.mode
    packages = mode.client("sagemaker").list_model_packages(ModelPackageGroupName=EXAMPLE_GROUP)
    by_version = {item["ModelPackageVersion"]: item["ModelPackageArn"] for item in packages["ModelPackageSummaryList"]}
    v1, v2 = by_version[1], by_version[2]
    request = json.loads((REGISTRY_EXAMPLES / "byom_realtime_builtin.follow-group.json").read_text())
    pipeline_id = provision(mode, request)
    wait_for(lambda: _deployed_packages(dashboard, pipeline_id) == [v1], "the pipeline to deploy v1")
    delivered = len(mode.package_events.deliveries)

    browser.get(f"{dashboard.url}/registry")
    row_of = {arn: f"//tr[.//input[@name='arn' and @value='{arn}']]" for arn in (v1, v2)}
    runs_v1 = text_of(browser, "td.runs-in")
    assert "(default)" in runs_v1 and "churn-follow" in runs_v1
    assert browser.find_element(By.XPATH, row_of[v2] + "//td[@class='runs-in']").text == "\N{EN DASH}"
    browser.find_element(By.XPATH, row_of[v2] + "//button[@value='Approved']").click()

    flash = wait_for(lambda: text_of(browser, ".flash"), "the approval's confirmation")
    assert f"{v2} is Approved now." in flash
    assert mode.package_events.wait_for(delivered + 1)
    assert mode.package_events.deliveries[delivered].error is None, mode.package_events.deliveries[delivered].error

    assert _deployed_packages(dashboard, pipeline_id) == [v2]
    blueprint = parameters(stack(mode, pipeline_id))["StackName"]
    assert parameters(stack(mode, blueprint))["ModelPackageName"] == v2

    browser.get(f"{dashboard.url}/registry")
    assert "churn-follow" in browser.find_element(By.XPATH, row_of[v2] + "//td[@class='runs-in']").text
    assert browser.find_element(By.XPATH, row_of[v1] + "//td[@class='runs-in']").text == "\N{EN DASH}"
    screenshot(browser, "registry-release", tmp_path)

    browser.get(f"{dashboard.url}/pipelines/{stack(mode, pipeline_id)['StackName']}")
    deployed = wait_for(lambda: text_of(browser, "table.deployments .model-package"), "the deployed model package")
    assert v2 in deployed
    releases = text_of(browser, "table.releases")
    assert "request" in releases and "approval" in releases and v2 in releases
    assert console_problems(browser) == []
