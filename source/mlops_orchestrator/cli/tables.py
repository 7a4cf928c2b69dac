"""Plain-text tables for the terminal: aligned columns, long cells wrapped, nothing beyond the stdlib."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

GAP = "  "


def cell_text(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], wrap: int | None = 60) -> str:
    """`headers` in capitals over `rows`; cells longer than `wrap` continue on the next lines of their row.

    Empty cells show as "" and None as "-", so a missing value is told apart from an empty one.
    """
    texts = [[cell_text(value) for value in row] for row in rows]
    wrapped = [[_wrap(text, wrap) for text in row] for row in texts]
    widths = [len(header) for header in headers]
    for row in wrapped:
        for index, lines in enumerate(row):
            widths[index] = max(widths[index], *(len(line) for line in lines))
    out = [_line([header.upper() for header in headers], widths)]
    for row in wrapped:
        height = max((len(lines) for lines in row), default=1)
        for line_number in range(height):
            out.append(_line([lines[line_number] if line_number < len(lines) else "" for lines in row], widths))
    return "\n".join(out)


def fields(pairs: Sequence[tuple[str, Any]]) -> str:
    """`label  value` lines with the values aligned, for the head of a report."""
    width = max((len(label) for label, _ in pairs), default=0)
    return "\n".join(f"{label.ljust(width)}{GAP}{cell_text(value)}" for label, value in pairs)


def _wrap(text: str, wrap: int | None) -> list[str]:
    if not text:
        return [""]
    if wrap is None or len(text) <= wrap:
        return text.splitlines() or [""]
    lines: list[str] = []
    for paragraph in text.splitlines():
        # Words longer than `wrap` (ARNs, S3 URIs) stay whole so they can be copied from the terminal.
        lines += textwrap.wrap(paragraph, wrap, break_long_words=False, break_on_hyphens=False) or [""]
    return lines


def _line(cells: Sequence[str], widths: Sequence[int]) -> str:
    return GAP.join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()
