"""Each orchestrator variant is synthesized once per test session (cdk-nag on: a finding fails the fixture)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mlops_orchestrator.orchestrator.blueprint_package import blueprint_files, write_package
from mlops_orchestrator.orchestrator.stack import multi_account, single_account
from tests.infra.support import Synthesized, synth


@pytest.fixture(scope="session")
def empty_blueprints() -> Path:
    """A blueprint package without blueprints: the stack tests do not depend on the blueprint stacks."""
    return write_package(blueprint_files({}, lambdas=()))


def _synthesize(build: Any, blueprints: Path) -> Synthesized:
    stack, template = synth(lambda app: build(app, blueprints))
    return Synthesized(stack, template, dict(template.to_json()))


@pytest.fixture(scope="session")
def single(empty_blueprints: Path) -> Synthesized:
    return _synthesize(single_account, empty_blueprints)


@pytest.fixture(scope="session")
def multi(empty_blueprints: Path) -> Synthesized:
    return _synthesize(multi_account, empty_blueprints)


@pytest.fixture(scope="session", params=["single", "multi"])
def variant(request: pytest.FixtureRequest) -> Synthesized:
    synthesized: Synthesized = request.getfixturevalue(request.param)
    return synthesized
