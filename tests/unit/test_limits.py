"""Every limit validation enforces on a key is the one the JSON Schema and the reference pages state.

Derived, not restated: the limits are read from the generated schema, the validator is probed at the limit and
one past it, and the page's row for the key must state the same number.
"""

from __future__ import annotations

from typing import Any

import pytest

from mlops_orchestrator.core.catalog import PIPELINE_TYPES, Mode
from mlops_orchestrator.core.errors import RequestValidationError
from mlops_orchestrator.core.schema import MULTI_ACCOUNT_MAX_LENGTH, config_schema
from mlops_orchestrator.core.validation import validate_request
from tests.support import REPO, example, make_settings

PAGES = REPO / "docs" / "pipelines"
SCHEMA = config_schema()


def _plain(schema: dict[str, Any]) -> dict[str, Any]:
    """The branch of a property that takes one plain value (not null, not the per-stage object)."""
    if "type" in schema or "$ref" in schema:
        return schema
    for combinator in ("oneOf", "anyOf"):
        for branch in schema.get(combinator, []):
            if "$ref" not in branch and branch.get("type") != "null":
                return {**_plain(branch), **{k: v for k, v in schema.items() if k not in ("oneOf", "anyOf")}}
    return schema


def _row(pipeline_type: str, key: str) -> str:
    page = (PAGES / f"{pipeline_type}.md").read_text(encoding="utf-8")
    return next(line for line in page.splitlines() if line.startswith(f"| `{key}` |"))


def _refusal(body: dict[str, Any], key: str, multi_account: bool = False) -> str | None:
    """The validator's message for `key`, or None when it accepts the key's value (other keys may still fail:
    the training keys' runtimes and spot wait limit each other)."""
    try:
        validate_request(body, make_settings(multi_account=multi_account))
    except RequestValidationError as error:
        return next((problem.message for problem in error.problems if problem.field == key), None)
    return None


def _within_bound(message: str | None) -> bool:
    """No bound of the key's own refused the value (a rule between keys may have)."""
    return message is None or "or equal to" not in message


def _stretched(base: object, length: int) -> str:
    text = base if isinstance(base, str) and base else "a"
    return text[:length] + "a" * (length - len(text))


def _cases() -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for name, declaration in PIPELINE_TYPES.items():
        properties = SCHEMA["$defs"][name]["properties"]
        problem_type = example(name).get("problem_type", "")
        rules = declaration.key_rules(Mode(), problem_type)
        for key in (*rules.required, *rules.optional):
            plain = _plain(properties.get(key, {}))
            if key != "pipeline_type" and ("maxLength" in plain or "maximum" in plain):
                found.append((name, key, plain))
    return found


CASES = _cases()


@pytest.mark.parametrize(("pipeline_type", "key", "plain"), CASES, ids=[f"{c[0]}.{c[1]}" for c in CASES])
def test_validator_schema_and_docs_state_the_same_limit(pipeline_type: str, key: str, plain: dict[str, Any]) -> None:
    body = example(pipeline_type)
    row = _row(pipeline_type, key)
    if "maxLength" in plain:
        limit = plain["maxLength"]
        at_limit = _refusal({**body, key: _stretched(body.get(key), limit)}, key)
        # Padding cannot always build a valid value (a framework name has a pattern): a refusal at the limit is
        # then for that other reason, never for the length.
        assert at_limit is None or f"{limit} characters" not in at_limit, at_limit
        past = _refusal({**body, key: _stretched(body.get(key), limit + 1)}, key)
        assert past is not None and str(limit) in past, past
        assert f"{limit} characters" in row
    else:
        low, high = plain.get("minimum"), plain["maximum"]
        assert _within_bound(_refusal({**body, key: high}, key))
        assert f"less than or equal to {high}" in (_refusal({**body, key: high + 1}, key) or "")
        if low is not None:
            assert _within_bound(_refusal({**body, key: low}, key))
            assert f"greater than or equal to {low}" in (_refusal({**body, key: low - 1}, key) or "")
        assert f"{low} to {high}" in row if low is not None else f"at most {high}" in row


def test_the_limits_that_differ_per_pipeline_type_are_all_compared() -> None:
    compared = {(name, key) for name, key, plain in CASES if "maxLength" in plain}
    assert {(name, declaration.name_key) for name, declaration in PIPELINE_TYPES.items()} <= compared
    assert {(name, "job_name") for name, declaration in PIPELINE_TYPES.items() if declaration.max_lengths} <= compared
    lengths = {
        name: SCHEMA["$defs"][name]["properties"]["job_name"]["anyOf"][0]["maxLength"]
        for name, _ in compared
        if name.startswith("model_")
    }
    assert lengths == {"model_training_builtin": 63, "model_tuner_builtin": 32, "model_autopilot_training": 32}


@pytest.mark.parametrize("pipeline_type", sorted(PIPELINE_TYPES))
def test_the_multi_account_name_limit_is_the_validator_s_and_the_page_s(pipeline_type: str) -> None:
    declaration = PIPELINE_TYPES[pipeline_type]
    key = declaration.name_key
    schema = SCHEMA["$defs"][pipeline_type]["properties"][key]
    single, multi = schema["maxLength"], schema[MULTI_ACCOUNT_MAX_LENGTH]
    body = example(pipeline_type)
    assert _refusal({**body, key: _stretched(body[key], multi)}, key, multi_account=True) is None
    refused = _refusal({**body, key: _stretched(body[key], multi + 1)}, key, multi_account=True)
    assert refused is not None and str(multi) in refused
    expected = f"{single} characters" + (f" ({multi} on a multi-account orchestrator)" if multi != single else "")
    assert expected in _row(pipeline_type, key)
