"""Counters the reliability suite fills in as it runs, printed as one table at the end of the session."""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass, field


@dataclass
class Row:
    cases: int = 0
    failures: int = 0
    status_4xx: int = 0
    status_5xx: int = 0
    leaks: int = 0


@dataclass
class Tally:
    rows: dict[str, Row] = field(default_factory=lambda: defaultdict(Row))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def case(self, area: str, status: int | None = None) -> None:
        """Count one case of `area`, with the HTTP status it ended in when there is one."""
        with self._lock:
            row = self.rows[area]
            row.cases += 1
            if status is not None and 400 <= status < 500:
                row.status_4xx += 1
            elif status is not None and status >= 500:
                row.status_5xx += 1

    def failure(self, area: str) -> None:
        with self._lock:
            self.rows[area].failures += 1

    def leak(self, area: str, count: int = 1) -> None:
        with self._lock:
            self.rows[area].leaks += count

    def lines(self) -> list[str]:
        header = f"{'area':<34}{'cases':>8}{'failures':>10}{'4xx':>8}{'5xx':>8}{'leaks':>8}"
        lines = [header, "-" * len(header)]
        total = Row()
        for area in sorted(self.rows):
            row = self.rows[area]
            lines.append(
                f"{area:<34}{row.cases:>8}{row.failures:>10}{row.status_4xx:>8}{row.status_5xx:>8}{row.leaks:>8}"
            )
            total.cases += row.cases
            total.failures += row.failures
            total.status_4xx += row.status_4xx
            total.status_5xx += row.status_5xx
            total.leaks += row.leaks
        lines.append("-" * len(header))
        lines.append(
            f"{'total':<34}{total.cases:>8}{total.failures:>10}{total.status_4xx:>8}{total.status_5xx:>8}{total.leaks:>8}"
        )
        return lines


TALLY = Tally()
