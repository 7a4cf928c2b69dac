"""Hypothesis strategies: request bodies mutated from the examples, and arbitrary JSON values."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from mlops_orchestrator.core import catalog
from mlops_orchestrator.core.settings import STAGES
from tests.support import MODEL_PACKAGE, example

PIPELINE_TYPES = sorted(catalog.PIPELINE_TYPES)
# Three of the catalog's four modes, on purpose: the fuzzers spread a fixed case budget over the modes, and each
# orchestrator option gets its share on its own. multi-registry only combines the two options (a model package,
# per-stage values); the unit tests validate and plan every pipeline type's example in it.
MODES = {mode.name: mode for mode in catalog.MODES if not (mode.multi_account and mode.model_registry)}

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.text(max_size=40),
    st.text(alphabet=st.characters(min_codepoint=0x80, max_codepoint=0x10FFFF), max_size=20),
    st.sampled_from(["", " ", "\x00", "../../etc/passwd", "ml.m5.large", "s3://b/k", "dev", "a" * 5000]),
)
json_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)),
    max_leaves=12,
)


# Nesting up to past the validator's depth limit (32), so both the accepted and the refused side are fuzzed.
MAX_FUZZ_NESTING = 40


def deeply_nested(depth: int) -> Any:
    value: Any = "x"
    for level in range(depth):
        value = [value] if level % 2 else {"n": value}
    return value


def base_body(pipeline_type: str, mode: str) -> dict[str, Any]:
    """The example of `pipeline_type`, made valid for `mode` (the registry mode names a model package)."""
    body = example(pipeline_type)
    if MODES[mode].model_registry and pipeline_type.startswith("byom_") and "model_artifact_location" in body:
        body["model_package_name"] = MODEL_PACKAGE
    return body


@dataclass(frozen=True)
class Mutated:
    """A body, and the key whose value was changed (None when the whole body is arbitrary)."""

    body: Any
    key: str | None
    how: str


@st.composite
def stage_dicts(draw: st.DrawFn, valid_value: Any) -> Any:
    """Every shape a per-stage value can take: complete, missing stages, extra keys, wrong inner types."""
    shape = draw(st.sampled_from(["complete", "missing", "extra", "wrong_inner", "empty", "nested"]))
    stages = {stage: copy.deepcopy(valid_value) for stage in STAGES}
    if shape == "missing":
        del stages[draw(st.sampled_from(STAGES))]
    elif shape == "extra":
        stages[draw(st.text(min_size=1, max_size=8).filter(lambda name: name not in STAGES))] = valid_value
    elif shape == "wrong_inner":
        stages[draw(st.sampled_from(STAGES))] = draw(json_values)
    elif shape == "empty":
        stages = {}
    elif shape == "nested":
        stages = {stage: dict(stages) for stage in STAGES}
    return stages


@st.composite
def mutated_bodies(draw: st.DrawFn, mode: str = "single") -> Mutated:
    name = draw(st.sampled_from(PIPELINE_TYPES))
    body = base_body(name, mode)
    how = draw(
        st.sampled_from(["replace", "delete", "add", "stages", "huge", "unicode", "nested", "arbitrary", "type"])
    )
    if how == "arbitrary":
        return Mutated(draw(json_values), None, how)
    if how == "add":
        key = draw(st.text(min_size=1, max_size=12).filter(lambda text: text not in body))
        body[key] = draw(json_values)
        return Mutated(body, key, how)
    key = draw(st.sampled_from(sorted(body)))
    if how == "replace":
        body[key] = draw(json_values)
    elif how == "delete":
        del body[key]
    elif how == "stages":
        body[key] = draw(stage_dicts(body[key]))
    elif how == "huge":
        body[key] = draw(st.sampled_from(["x", "é", "9", "-"])) * draw(st.integers(min_value=256, max_value=200_000))
    elif how == "unicode":
        body[key] = draw(st.text(alphabet=st.characters(min_codepoint=0x80), min_size=1, max_size=64))
    elif how == "nested":
        body[key] = deeply_nested(draw(st.integers(min_value=10, max_value=MAX_FUZZ_NESTING)))
    elif how == "type":
        body["pipeline_type"] = draw(st.one_of(json_values, st.sampled_from([name.upper(), f" {name} "])))
        key = "pipeline_type"
    return Mutated(body, key, how)
