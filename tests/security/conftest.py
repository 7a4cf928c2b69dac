"""Every shipped template, synthesized once per session for the security checks."""

from __future__ import annotations

from typing import Any

import pytest

from mlops_orchestrator.orchestrator.blueprint_package import blueprint_files, write_package
from tests.security.templates import synthesize_all


@pytest.fixture(scope="session")
def templates() -> dict[str, dict[str, Any]]:
    found = synthesize_all(write_package(blueprint_files({}, lambdas=())))
    assert len(found) == 14, sorted(found)
    return found
