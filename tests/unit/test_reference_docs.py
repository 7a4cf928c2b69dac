"""The generated pipeline pages are current, and every request the docs show is a real, valid file."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from mlops_orchestrator.cli import reference_docs
from mlops_orchestrator.core.catalog import MODES as CATALOG_MODES
from mlops_orchestrator.core.catalog import PIPELINE_TYPES
from mlops_orchestrator.core.errors import RequestValidationError
from mlops_orchestrator.core.schema import pipeline_schema
from mlops_orchestrator.core.validation import validate_request
from mlops_orchestrator.local.settings import offline_settings
from tests.support import EXAMPLES, REPO

DOCS = REPO / "docs"
PAGES = DOCS / "pipelines"
MARKDOWN = sorted([REPO / "README.md", *DOCS.rglob("*.md")])
JSON_BLOCK = re.compile(r"```json\n(.*?)```", re.DOTALL)
EXAMPLE_PATH = re.compile(r"(?<![\w/.])((?:docs/)?examples/[\w.-]+\.json)")
MODES = {
    mode.name: offline_settings(multi_account=mode.multi_account, model_registry=mode.model_registry)
    for mode in CATALOG_MODES
}
# docs/examples/<type>.<option>.json is named after the CLI option that selects its mode (`--multi-account`).
DOCS_EXAMPLE_MODES = {"multi-account": "multi", "model-registry": "registry"}


def _mode_of(path: Path) -> str:
    """The orchestrator mode a docs/examples/<type>.<option>.json is written for; a plain <type>.json is single."""
    parts = path.name.split(".")
    return DOCS_EXAMPLE_MODES[parts[1]] if len(parts) == 3 else "single"


def test_the_generated_pages_are_current() -> None:
    out_of_date = reference_docs.stale(PAGES)
    assert not out_of_date, (
        f"{out_of_date} differ from the catalog: run "
        "`.venv/bin/python -m mlops_orchestrator.cli.reference_docs --write docs/pipelines`"
    )
    assert sorted(path.name for path in PAGES.glob("*.md")) == sorted(reference_docs.pages())


def test_the_check_option_reports_a_stale_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert reference_docs.main(["--write", str(tmp_path)]) == 0
    assert reference_docs.main(["--check", str(tmp_path)]) == 0
    (tmp_path / "byom_batch_builtin.md").write_text("edited by hand\n")
    assert reference_docs.main(["--check", str(tmp_path)]) == 1
    assert "byom_batch_builtin.md is out of date" in capsys.readouterr().err


def _property(pipeline_type: str, key: str) -> dict[str, Any]:
    properties: dict[str, Any] = pipeline_schema(PIPELINE_TYPES[pipeline_type])["schema"]["properties"]
    return properties[key]


@pytest.mark.parametrize("pipeline_type", sorted(PIPELINE_TYPES))
def test_every_key_row_shows_the_schema_description_and_the_example_is_embedded(pipeline_type: str) -> None:
    declaration = PIPELINE_TYPES[pipeline_type]
    page = (PAGES / f"{pipeline_type}.md").read_text()
    assert f"```json\n{(EXAMPLES / f'{pipeline_type}.json').read_text().rstrip()}\n```" in page
    rows = {row.split(" | ", 1)[0]: row for row in page.splitlines() if row.startswith("| `")}
    for key in reference_docs.keys_of(declaration):
        described = _property(pipeline_type, key)["description"]
        assert rows[f"| `{key}`"].endswith(f"| {reference_docs.cell(described)} |"), key


@pytest.mark.parametrize(
    ("key", "one", "other"),
    [
        ("instance_type", "model_training_builtin", "byom_data_quality_monitor"),
        ("instance_count", "model_training_builtin", "byom_batch_builtin"),
        ("content_type", "model_training_builtin", "byom_batch_builtin"),
        ("problem_type", "model_autopilot_training", "byom_model_quality_monitor"),
        ("endpoint_name", "byom_realtime_builtin", "byom_model_bias_monitor"),
        ("kms_key_arn", "model_training_builtin", "byom_realtime_builtin"),
    ],
)
def test_a_key_shared_by_two_families_keeps_each_familys_meaning(key: str, one: str, other: str) -> None:
    assert _property(one, key)["description"] != _property(other, key)["description"]


def test_the_instance_type_says_which_jobs_it_runs() -> None:
    assert "training" in _property("model_training_builtin", "instance_type")["description"]
    assert "monitoring" in _property("byom_data_quality_monitor", "instance_type")["description"]


@pytest.mark.parametrize("pipeline_type", sorted(PIPELINE_TYPES))
def test_the_name_key_shows_the_length_validation_enforces(pipeline_type: str) -> None:
    declaration = PIPELINE_TYPES[pipeline_type]
    single, multi = reference_docs.name_limits(declaration)
    row = next(
        line
        for line in (PAGES / f"{pipeline_type}.md").read_text().splitlines()
        if line.startswith(f"| `{declaration.name_key}` |")
    )
    assert f"1 to {single} characters" in row
    assert (f"({multi} on a multi-account orchestrator)" in row) == (multi != single)
    name = "a" * single
    body = {**json.loads((EXAMPLES / f"{pipeline_type}.json").read_text()), declaration.name_key: name}
    validate_request(body, MODES["single"])
    with pytest.raises(RequestValidationError, match=f"at most {single} characters"):
        validate_request({**body, declaration.name_key: name + "a"}, MODES["single"])


@pytest.mark.parametrize("path", sorted((DOCS / "examples").glob("*.json")), ids=lambda path: path.name)
def test_the_docs_examples_validate_in_their_mode(path: Path) -> None:
    validated = validate_request(json.loads(path.read_text()), MODES[_mode_of(path)])
    assert validated.declaration.name == path.name.split(".")[0]
    assert not validated.warnings


@pytest.mark.parametrize("markdown", MARKDOWN, ids=lambda path: str(path.relative_to(REPO)))
def test_every_request_shown_in_the_docs_is_valid_and_every_example_file_exists(markdown: Path) -> None:
    text = markdown.read_text(encoding="utf-8")
    for block in JSON_BLOCK.findall(text):
        try:
            document = json.loads(block)
        except ValueError:
            continue  # answers abbreviated with "…" are illustrations, not requests
        if not isinstance(document, dict) or "pipeline_type" not in document:
            continue
        problems = []
        for settings in MODES.values():
            try:
                validate_request(document, settings)
                break
            except RequestValidationError as error:
                problems.append(error.problems)
        else:
            pytest.fail(f"{markdown.name}: a request in the docs is invalid in every mode: {problems}")
    for mentioned in EXAMPLE_PATH.findall(text):
        # Commands name paths from the repository root; links name them from the page's folder.
        found = (REPO / mentioned).is_file() or (markdown.parent / mentioned).is_file()
        assert found, f"{markdown.name} mentions {mentioned}, which does not exist"


LINK = re.compile(r"\]\(([^)\s]+)\)")


def _anchors(markdown: Path) -> set[str]:
    """GitHub's heading anchors: lowercase, punctuation dropped, spaces to hyphens."""
    headings = re.findall(r"^#+ (.+)$", markdown.read_text(encoding="utf-8"), re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-") for heading in headings}


@pytest.mark.parametrize("markdown", MARKDOWN, ids=lambda path: str(path.relative_to(REPO)))
def test_relative_links_point_at_files_and_headings_that_exist(markdown: Path) -> None:
    prose = re.sub(r"```.*?```|`[^`\n]*`", "", markdown.read_text(encoding="utf-8"), flags=re.DOTALL)
    for target in LINK.findall(prose):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        path_part, _, anchor = target.partition("#")
        linked = (markdown.parent / path_part).resolve() if path_part else markdown
        assert linked.exists(), f"{markdown.name} links to {target}, which does not exist"
        if anchor and linked.suffix == ".md":
            assert anchor in _anchors(linked), f"{markdown.name} links to #{anchor}, not a heading of {linked.name}"
