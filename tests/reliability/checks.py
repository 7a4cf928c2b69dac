"""Invariant checks shared by the fuzz tests."""

from __future__ import annotations

from typing import Any


def root_of(field: str) -> str:
    """`stages.dev.instance` -> `stages`; `algo_hyperparamaters[0]` -> `algo_hyperparamaters`."""
    return field.split(".", 1)[0].split("[", 1)[0]


def problems_are_named(problems: list[dict[str, Any]]) -> None:
    """A rejection lists at least one problem, and each names a field and says what is wrong with it."""
    assert problems, "a rejection must list the offending fields"
    for problem in problems:
        # A key that is itself "" is named as "": the field must be there, it may be that empty key.
        assert isinstance(problem.get("field"), str), problem
        assert isinstance(problem.get("message"), str) and problem["message"].strip(), problem


def mutated_key_is_named(problems: list[dict[str, Any]], key: str | None) -> None:
    """When one key of a valid body was changed and the body is refused, the problems name that key: as a field,
    or, for a rule across fields (spot wait time >= run time), in the message of the field that broke the rule."""
    if key is None:
        return
    fields = {problem["field"] for problem in problems}
    roots = {root_of(field) for field in fields}
    named = key in fields or key in roots or key.strip() in roots
    named = named or any(key in problem["message"] for problem in problems)
    assert named, f"{key!r} not named in {problems}"
