"""When a pipeline type requires a key: the catalog's key rules over every orchestrator mode and problem type."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from mlops_orchestrator.core.catalog import Case, KeyRules, PipelineType


def required_in(declaration: PipelineType, key: str) -> frozenset[Case]:
    return frozenset(case for case in declaration.cases() if key in _rules(declaration, case).required)


def required_sets(declaration: PipelineType) -> list[tuple[frozenset[Case], list[str]]]:
    """Each distinct list of required keys, with the cases that require exactly it, in first-seen order."""
    groups: dict[tuple[str, ...], set[Case]] = {}
    for case in declaration.cases():
        groups.setdefault(tuple(_rules(declaration, case).required), set()).add(case)
    return [(frozenset(found), list(keys)) for keys, found in groups.items()]


def condition(declaration: PipelineType, subset: Iterable[Case]) -> str:
    """The cases in `subset`, said as one condition: "always", "with the model registry", "problem_type X"."""
    chosen = frozenset(subset)
    every = frozenset(declaration.cases())
    if chosen == every:
        return "always"
    if not chosen:
        return "never"
    tests: tuple[tuple[str, Callable[[Case], bool]], ...] = (
        ("with the model registry", lambda case: case.mode.model_registry),
        ("without the model registry", lambda case: not case.mode.model_registry),
        ("on a multi-account orchestrator", lambda case: case.mode.multi_account),
        ("on a single-account orchestrator", lambda case: not case.mode.multi_account),
    )
    for label, test in tests:
        if chosen == frozenset(case for case in every if test(case)):
            return label
    problems = [problem for problem in declaration.problem_types if any(c.problem_type == problem for c in chosen)]
    if chosen == frozenset(case for case in every if case.problem_type in problems):
        return "when problem_type is " + " or ".join(f"`{problem}`" for problem in problems)
    return "; ".join(sorted({_label(case) for case in chosen}))


def _label(case: Case) -> str:
    mode = "multi-account" if case.mode.multi_account else "single-account"
    registry = "registry" if case.mode.model_registry else "no registry"
    problem = f", problem_type `{case.problem_type}`" if case.problem_type else ""
    return f"{mode}, {registry}{problem}"


def _rules(declaration: PipelineType, case: Case) -> KeyRules:
    return declaration.keys(case.mode, case.problem_type)
