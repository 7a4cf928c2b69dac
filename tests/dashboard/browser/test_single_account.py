"""In a real browser against single-account local mode: provision from the form, the live list, a failure's reason."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.helpers import break_next_deployment, pipeline_status, provision, stack_names
from tests.support import example

from .chromium import chromium, console_problems, screenshot, text_of, wait_for
from .dashboards import Dashboard, dashboard_on_local_mode

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


@pytest.fixture(scope="module")
def dashboard() -> Iterator[Dashboard]:
    with dashboard_on_local_mode() as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as driver:
        yield driver


def _fill(browser: Any, text: str) -> None:
    """Put `text` in the request box the way a paste does, then type one key: the check runs on typing."""
    from selenium.webdriver.common.by import By

    box = browser.find_element(By.ID, "request")
    browser.execute_script("arguments[0].value = arguments[1];", box, text.rstrip())
    box.send_keys("\n")


def test_the_provision_form_shows_field_errors_then_provisions_a_good_request(
    dashboard: Dashboard, browser: Any, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    bad = {**example("byom_realtime_builtin"), "inference_instance": "ml.m5.hugee"}
    del bad["model_name"]
    browser.get(f"{dashboard.url}/provision")
    _fill(browser, json.dumps(bad, indent=2))

    errors = wait_for(lambda: text_of(browser, "#check .field-errors"), "the field errors")
    assert "model_name: is required" in errors and "inference_instance: must be one of" in errors
    screenshot(browser, "provision-errors", tmp_path)

    good = {**example("byom_realtime_builtin"), "model_name": "browser-churn"}
    _fill(browser, json.dumps(good, indent=2))
    plan = wait_for(lambda: text_of(browser, "#check pre.plan"), "the dry run's plan")
    assert "mlops-pipeline-browser-churn-byompipelinerealtimebuiltin" in plan
    assert not [name for name in stack_names(dashboard.mode) if "browser-churn" in name]  # a dry run creates nothing
    screenshot(browser, "provision", tmp_path)

    browser.find_element(By.CSS_SELECTOR, "form.provision button[type=submit]").click()

    wait_for(lambda: "browser-churn" in browser.find_element(By.TAG_NAME, "h1").text, "the pipeline's page")
    assert "success" in text_of(browser, ".flash").lower()
    wait_for(lambda: "Succeeded" in text_of(browser, "#pipeline-live"), "the pipeline to succeed on its page")
    deployed = wait_for(lambda: text_of(browser, "table.deployments"), "what the stage deployed")
    assert "stack mlops-pipeline-browser-churn" in deployed and "CREATE_COMPLETE" in deployed
    assert "ModelName" in text_of(browser, "table.parameters")
    assert console_problems(browser) == []


def test_the_list_shows_a_provisioned_pipeline_without_a_reload(dashboard: Dashboard, browser: Any) -> None:
    browser.get(f"{dashboard.url}/pipelines")
    browser.execute_script("window.stillTheSamePage = true;")

    provision(dashboard.mode, {**example("byom_batch_builtin"), "model_name": "browser-batch"})

    row = wait_for(
        lambda: text_of(browser, "tr[data-pipeline*='browser-batch']"), "the new pipeline in the list", seconds=40
    )
    assert "byom_batch_builtin" in row and "Source: Succeeded" in row
    assert browser.execute_script("return window.stillTheSamePage === true;")
    assert console_problems(browser) == []


def test_a_failed_pipeline_shows_its_reason(dashboard: Dashboard, browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    pipeline_id = provision(dashboard.mode, {**example("byom_realtime_custom"), "model_name": "browser-fails"})
    break_next_deployment(dashboard.mode, pipeline_id)
    assert pipeline_status(dashboard.mode, pipeline_id)["summary"]["pipeline_status"] == "Failed"

    browser.get(f"{dashboard.url}/pipelines")
    Select(browser.find_element(By.ID, "filter-status")).select_by_value("failed")
    row = wait_for(
        lambda: (
            "browser-churn" not in text_of(browser, "#pipeline-rows")
            and text_of(browser, "tr[data-pipeline*='browser-fails']")
        ),
        "only the failed pipeline",
    )
    assert "failed" in row and "Failure:" in row and "KmsKeyArn" in row

    Select(browser.find_element(By.ID, "filter-status")).select_by_value("")
    wait_for(lambda: "browser-churn" in text_of(browser, "#pipeline-rows"), "every pipeline again")
    screenshot(browser, "pipelines", tmp_path)

    browser.find_element(By.PARTIAL_LINK_TEXT, "browser-fails").click()
    reasons = wait_for(lambda: text_of(browser, ".failures"), "the failures on the pipeline's page")
    assert "DeployCloudFormation" in reasons and "KmsKeyArn" in reasons
    screenshot(browser, "pipeline-failed", tmp_path)
    assert console_problems(browser) == []
