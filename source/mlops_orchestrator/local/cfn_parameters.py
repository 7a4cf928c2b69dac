"""CloudFormation's parameter checks, which moto skips: undeclared, missing and out-of-constraint values.

On AWS, CreateStack and UpdateStack refuse such parameters with a ValidationError before anything is
created. Local mode applies the same checks so that a drift between the orchestrator's parameters and a
blueprint's declarations fails locally exactly where it would fail on AWS.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any


def parameter_problems(template: Mapping[str, Any], values: Mapping[str, Any]) -> list[str]:
    """Every problem with `values` (the parameters given) against the template's `Parameters`."""
    declared: Mapping[str, Any] = template.get("Parameters") or {}
    problems = []
    undeclared = sorted(key for key in values if key not in declared)
    if undeclared:
        problems.append(f"Parameters: [{', '.join(undeclared)}] do not exist in the template")
    missing = sorted(
        name for name, declaration in declared.items() if name not in values and "Default" not in (declaration or {})
    )
    if missing:
        problems.append(f"Parameters: [{', '.join(missing)}] must have values")
    for name, declaration in declared.items():
        if name in values:
            problems += _value_problems(name, declaration or {}, values[name])
    return problems


def _value_problems(name: str, declaration: Mapping[str, Any], raw: Any) -> list[str]:
    value = "" if raw is None else str(raw)
    kind = str(declaration.get("Type", "String"))
    if kind.startswith("AWS::SSM::Parameter::") or kind.startswith("List<") or kind == "CommaDelimitedList":
        return []  # resolved or split by CloudFormation itself; not used by the blueprints
    problems = []
    allowed = declaration.get("AllowedValues")
    if allowed is not None and value not in [str(item) for item in allowed]:
        problems.append(f"Parameter '{name}' must be one of AllowedValues")
    pattern = declaration.get("AllowedPattern")
    if pattern is not None and kind == "String" and re.fullmatch(str(pattern), value) is None:
        problems.append(f"Parameter '{name}' must match pattern {pattern}")
    if kind == "String":
        if "MinLength" in declaration and len(value) < int(declaration["MinLength"]):
            problems.append(f"Parameter '{name}' must contain at least {declaration['MinLength']} characters")
        if "MaxLength" in declaration and len(value) > int(declaration["MaxLength"]):
            problems.append(f"Parameter '{name}' must contain at most {declaration['MaxLength']} characters")
    if kind == "Number":
        try:
            number = float(value)
        except ValueError:
            return [*problems, f"Parameter '{name}' must be a number"]
        if "MinValue" in declaration and number < float(declaration["MinValue"]):
            problems.append(f"Parameter '{name}' must be a number not less than {declaration['MinValue']}")
        if "MaxValue" in declaration and number > float(declaration["MaxValue"]):
            problems.append(f"Parameter '{name}' must be a number not greater than {declaration['MaxValue']}")
    return problems
