"""No test module imports another test module or a conftest.py: shared helpers and data live in support
modules, shared fixtures in a conftest.py, used by fixture name. A test module is no one's API (tidying one
test file must not break another's), and pytest loads a conftest.py itself, as a plugin."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
ROOT = TESTS.parent


def imported_names(source: str, package: str) -> Iterator[tuple[int, str]]:
    """(line, dotted name) of everything `source`, a module of `package`, imports: modules, and for
    `from X import Y` also X.Y (which may be a module). Relative imports are resolved; names given to
    `importlib.import_module` as text and to `pytest_plugins` count too."""
    parts = package.split(".")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = parts[: len(parts) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            yield node.lineno, module
            yield from ((node.lineno, f"{module}.{alias.name}") for alias in node.names)
        elif isinstance(node, ast.Call) and _called_name(node.func) == "import_module":
            yield from ((node.lineno, arg.value) for arg in node.args[:1] if isinstance(arg, ast.Constant))
        elif isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "pytest_plugins" for t in node.targets):
            yield from ((node.lineno, item.value) for item in ast.walk(node.value) if isinstance(item, ast.Constant))


def _called_name(func: ast.expr) -> str | None:
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def is_test_module(name: object, root: Path = ROOT) -> bool:
    """Whether `name` is a test module or a conftest.py of the suite (a file, not a package or a function)."""
    if not isinstance(name, str) or not name.startswith("tests."):
        return False
    path = root.joinpath(*name.split(".")).with_suffix(".py")
    return path.is_file() and (path.stem.startswith("test_") or path.stem == "conftest")


def offences(path: Path) -> list[str]:
    package = ".".join(path.parent.relative_to(ROOT).parts)
    found = imported_names(path.read_text(encoding="utf-8"), package)
    return [f"{path.relative_to(ROOT)}:{line} imports {name}" for line, name in found if is_test_module(name)]


MODULES = sorted(TESTS.rglob("*.py"))


def test_the_suite_has_modules_to_scan() -> None:
    assert TESTS / "conftest.py" in MODULES and Path(__file__).resolve() in MODULES


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(TESTS)))
def test_no_test_module_or_conftest_is_imported(path: Path) -> None:
    assert offences(path) == []


@pytest.mark.parametrize(
    ("source", "package"),
    [
        ("from tests.unit.test_validation import problems", "tests.unit"),
        ("from tests.unit import test_validation", "tests.reliability"),
        ("import tests.unit.test_validation", "tests.unit"),
        ("from .test_validation import problems", "tests.unit"),
        ("from ..infra.conftest import single", "tests.unit"),
        ("from tests.infra import conftest", "tests.unit"),
        ("importlib.import_module('tests.unit.test_validation')", "tests.unit"),
        ("pytest_plugins = ['tests.infra.conftest']", "tests"),
    ],
)
def test_the_scan_finds_each_way_of_importing_a_test_module(source: str, package: str) -> None:
    assert any(is_test_module(name) for _, name in imported_names(source, package)), source


@pytest.mark.parametrize(
    "source",
    [
        "from tests.support import example",
        "from tests.unit.request_bodies import realtime_body",
        "from tests.infra.support import Synthesized",
        "from tests.unit.blueprints import custom_resource_stubs",
        "from tests import support",
    ],
)
def test_the_scan_lets_support_modules_through(source: str) -> None:
    assert not any(is_test_module(name) for _, name in imported_names(source, "tests.unit"))
