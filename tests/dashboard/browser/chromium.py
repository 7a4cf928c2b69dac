"""Debian's headless Chromium driven by Selenium through Debian's chromedriver: nothing is downloaded.

`scripts/install` installs the `chromium` and `chromium-driver` packages when they are missing. Screenshots go
to docs/images when UPDATE_SCREENSHOTS=1 (then commit them), else to a temporary folder: a test run never
changes the working tree.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import pytest

CHROMIUM = os.environ.get("MLOPS_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("MLOPS_CHROMEDRIVER", "/usr/bin/chromedriver")
SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "images"
UPDATE_ENV = "UPDATE_SCREENSHOTS"
WAIT_SECONDS = 30.0
MAX_SCREENSHOT_HEIGHT = 2200
"""Screenshots show the whole page up to this many pixels (the browser window grows for the shot)."""
T = TypeVar("T")


@contextmanager
def chromium() -> Iterator[Any]:
    missing = [path for path in (CHROMIUM, CHROMEDRIVER) if not shutil.which(path)]
    if missing:
        pytest.fail(
            f"the browser tests need Debian's chromium and chromedriver ({', '.join(missing)} not found): "
            "run scripts/install as root, or `sudo apt-get install -y chromium chromium-driver`"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must never try to download a browser
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(condition: Callable[[], T | None], what: str, seconds: float = WAIT_SECONDS) -> T:
    """Poll `condition` until it returns something truthy; fail naming `what` after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            found = condition()
        except Exception:  # the page is being swapped under us; ask again
            found = None
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {seconds:g} s waiting for {what}")
        time.sleep(0.2)


def text_of(driver: Any, css: str) -> str:
    from selenium.webdriver.common.by import By

    return " ".join(element.text for element in driver.find_elements(By.CSS_SELECTOR, css))


def console_problems(driver: Any) -> list[str]:
    """Errors in the browser console: a Content-Security-Policy violation or a script error shows up here."""
    return [entry["message"] for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]


def screenshot(driver: Any, name: str, tmp_path: Path) -> Path:
    folder = SCREENSHOTS if os.environ.get(UPDATE_ENV) == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"dashboard-{name}.png"
    size = driver.get_window_size()
    height = driver.execute_script("return document.documentElement.scrollHeight;")
    driver.set_window_size(size["width"], max(size["height"], min(int(height) + 120, MAX_SCREENSHOT_HEIGHT)))
    try:
        driver.save_screenshot(str(target))
    finally:
        driver.set_window_size(size["width"], size["height"])
    return target
