"""The resource table: for every resource of every real blueprint template, what creates it in local mode.

Each resource is created by the emulator (moto's CloudFormation), by one of local mode's providers, or skipped
with a reason; only pure bookkeeping may be skipped. Run with `-s` to see the tables.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import yaml

from mlops_orchestrator.core.catalog import BLUEPRINTS
from mlops_orchestrator.local import standins
from mlops_orchestrator.local.providers.base import REGISTRY
from mlops_orchestrator.local.providers.table import SKIPPED, UNSUPPORTED, resource_table
from mlops_orchestrator.local.templates import blueprint_templates


@pytest.fixture(scope="module")
def tables() -> Iterator[dict[str, list[tuple[str, str, str]]]]:
    standins.install()
    try:
        templates = blueprint_templates()
        yield {name: resource_table(yaml.safe_load(text)) for name, text in sorted(templates.items())}
    finally:
        standins.uninstall()


def test_every_blueprint_has_a_table(tables: dict[str, list[tuple[str, str, str]]]) -> None:
    assert sorted(tables) == sorted(blueprint.file_name for blueprint in BLUEPRINTS)


@pytest.mark.parametrize("blueprint", sorted(blueprint.file_name for blueprint in BLUEPRINTS))
def test_every_resource_is_created_by_the_emulator_or_a_provider(
    tables: dict[str, list[tuple[str, str, str]]], blueprint: str
) -> None:
    rows = tables[blueprint]
    width = max(len(logical_id) for logical_id, _, _ in rows)
    print(f"\n{blueprint}")
    for logical_id, resource_type, disposition in rows:
        print(f"  {logical_id:<{width}}  {resource_type:<48}  {disposition}")
    assert not [row for row in rows if row[2] == UNSUPPORTED]
    # Nothing with a runtime effect is skipped: only the bookkeeping types of SKIPPED are.
    assert {row[1] for row in rows if row[2].startswith("skipped")} <= set(SKIPPED)


def test_every_provider_is_used_by_some_blueprint(tables: dict[str, list[tuple[str, str, str]]]) -> None:
    used = {resource_type for rows in tables.values() for _, resource_type, _ in rows}
    provided = {name for name in REGISTRY if name != "Custom::*"}
    assert provided <= used, sorted(provided - used)
    assert any(name.startswith("Custom::") for name in used)
