"""The allow-lists of accepted analyzer findings: one line per finding, `|`-separated fields, the last one the
written reason it is accepted. Lines starting with `#` are comments."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent
REPO = HERE.parent.parent
MIN_REASON = 20


def read_allow_list(path: Path, fields: int) -> dict[tuple[str, ...], str]:
    """Finding (its `fields` fields) -> reason."""
    accepted: dict[tuple[str, ...], str] = {}
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = [part.strip() for part in line.split("|")]
        assert len(parts) == fields + 1, f"{path.name}:{number}: {fields} fields and a reason expected"
        key = tuple(parts[:fields])
        assert key not in accepted, f"{path.name}:{number}: listed twice"
        accepted[key] = parts[-1]
    return accepted


def as_lines(findings: set[tuple[str, ...]]) -> str:
    """The findings as allow-list lines without a reason, to read (and, with a reason, to accept)."""
    return "\n".join(" | ".join(finding) + " | <reason>" for finding in sorted(findings))


def analyzer_python(venv: str) -> Path:
    python = REPO / venv / "bin" / "python"
    assert python.exists(), f"{venv} is missing: ./scripts/install makes it"
    return python
