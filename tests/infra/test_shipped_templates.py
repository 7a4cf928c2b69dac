"""The blueprint templates shipped as package data are exactly what the blueprint stacks synthesize."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlops_orchestrator.core.catalog import BLUEPRINTS
from mlops_orchestrator.local.templates import synthesized_templates
from mlops_orchestrator.orchestrator import shipped_templates
from mlops_orchestrator.orchestrator.blueprint_package import synthesize_blueprints


@pytest.fixture(scope="module")
def expected() -> dict[str, str]:
    return shipped_templates.expected_files(synthesize_blueprints())


def test_the_shipped_templates_are_current(expected: dict[str, str]) -> None:
    stale = shipped_templates.stale_files(expected, shipped_templates.data_folder())
    assert stale == [], (
        f"the package data differs from what the blueprint stacks synthesize ({', '.join(stale)}); "
        f"regenerate it with `.venv/bin/{shipped_templates.WRITE_COMMAND}`"
    )


def test_local_mode_reads_every_blueprint_from_the_package_data(expected: dict[str, str]) -> None:
    assert set(expected) == {blueprint.file_name for blueprint in BLUEPRINTS}
    assert synthesized_templates() == expected


def test_write_replaces_stale_files_and_removes_leftovers(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("old", encoding="utf-8")
    (tmp_path / "gone.yaml").write_text("leftover", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("same", encoding="utf-8")
    wanted = {"a.yaml": "new", "b.yaml": "same", "c.yaml": "added"}

    assert shipped_templates.stale_files(wanted, tmp_path) == ["a.yaml", "c.yaml", "gone.yaml"]
    assert shipped_templates.write(wanted, tmp_path) == ["a.yaml", "c.yaml", "gone.yaml"]
    assert {path.name: path.read_text(encoding="utf-8") for path in tmp_path.iterdir()} == wanted
    assert shipped_templates.stale_files(wanted, tmp_path) == []
