"""Unknown request keys that are probably typos of a key the pipeline type reads.

A key the type does not read is ignored with a warning. When it is close to a key the request lacks (one or
two characters off, or a known misspelling), the caller most likely meant that key: the warning says so, and
when that key is required and missing, its "is required" error names the unknown key too.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from .errors import FieldProblem
from .sagemaker_values import closest


@dataclass(frozen=True)
class UnknownKeys:
    """The body's keys the pipeline type does not read, each with the key it most likely meant (or None)."""

    meant: Mapping[str, str | None]
    pipeline_type: str

    @classmethod
    def of(
        cls,
        body_keys: Iterable[str],
        known: Collection[str],
        misspellings: Mapping[str, str],
        pipeline_type: str,
        elsewhere: Collection[str] = (),
    ) -> UnknownKeys:
        """`known`: the keys this request may carry; `elsewhere`: keys the type reads in other orchestrator modes
        or for other problem types, which are unused here but spelt right."""
        keys = list(body_keys)
        # Only a key the body lacks can be the one meant: with both present, the unknown one is simply extra.
        lacking = [key for key in known if key not in keys]
        meant: dict[str, str | None] = {}
        for key in keys:
            if key in known:
                continue
            if key in elsewhere:
                meant[key] = None
                continue
            alias = misspellings.get(key)
            if alias in lacking:
                meant[key] = alias
            else:
                found = closest(key, lacking, count=1)
                meant[key] = found[0] if found else None
        return cls(meant, pipeline_type)

    def for_key(self, key: str) -> str | None:
        """The unknown key that most likely meant `key`, if any."""
        return next((unknown for unknown, meant in self.meant.items() if meant == key), None)

    def warnings(self, required: Collection[str]) -> tuple[FieldProblem, ...]:
        """One warning per unknown key, except those that stand for a missing required key (an error says so)."""
        found = []
        for unknown, meant in self.meant.items():
            if meant is None:
                message = f"is not used by pipeline type {self.pipeline_type} in this orchestrator; ignored"
            elif meant in required:
                continue
            else:
                message = f"is not a key of pipeline type {self.pipeline_type}; did you mean {meant}? ignored"
            found.append(FieldProblem(unknown, message))
        return tuple(found)

    def explain(self, problem: FieldProblem, absent: bool) -> FieldProblem:
        """`problem` with the unknown key that was probably meant for its field, when the field is absent."""
        unknown = self.for_key(problem.field) if absent else None
        if unknown is None:
            return problem
        return FieldProblem(problem.field, f"{problem.message}; did you mean it for the unknown key {unknown}?")
