"""Reliability suite: fixtures shared by its tests and the summary table printed at the end of the session."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from botocore.retries import standard

from tests.reliability.modes import MODE_NAME
from tests.reliability.tally import TALLY


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/reliability" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.reliability)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not TALLY.rows:
        return
    terminalreporter.section(f"reliability summary ({MODE_NAME} mode)")
    for line in TALLY.lines():
        terminalreporter.write_line(line)


@pytest.fixture
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """botocore's real retry logic, without its sleeps: backoff delays become zero so the suite stays fast."""
    monkeypatch.setattr(standard.ExponentialBackoff, "delay_amount", lambda self, context: 0)
    yield
