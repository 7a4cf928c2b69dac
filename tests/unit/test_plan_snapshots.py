"""The complete plan of every example in every orchestrator mode, pinned in tests/golden/.

The targeted tests in test_planning_*.py state the original's rules; these snapshots catch any other
change to stack names, parameter names, order or values. After an intended change, regenerate with
`UPDATE_GOLDEN=1 .venv/bin/pytest tests/unit/test_plan_snapshots.py` and review the diff.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

from mlops_orchestrator.core.catalog import PIPELINE_TYPES
from mlops_orchestrator.core.planning import plan_request
from mlops_orchestrator.core.validation import validate_request
from tests.support import MODES, REPO, CountingSuffix, example, mode_settings, registry_variant

GOLDEN = REPO / "tests" / "golden"


def snapshot(pipeline_type: str, mode: str) -> dict[str, Any]:
    settings = mode_settings(MODES[mode])
    body = example(pipeline_type)
    if settings.model_registry:
        body = registry_variant(body)
    plan = plan_request(validate_request(body, settings), settings, CountingSuffix())
    return {
        "pipeline_stack": plan.pipeline_stack,
        "blueprint_stack": plan.provisioned_stack,
        "pipeline_template_url": plan.pipeline_template_url,
        "pipeline_parameters": [list(pair) for pair in plan.pipeline_parameters],
        "template_zip": plan.template_zip_key,
        "params_files": {stage.params_file: json.loads(stage.params_file_body()) for stage in plan.stages},
    }


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize("pipeline_type", sorted(PIPELINE_TYPES))
def test_plan_matches_its_snapshot(pipeline_type: str, mode: str) -> None:
    path = GOLDEN / f"{pipeline_type}.{mode}.json"
    actual = snapshot(pipeline_type, mode)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(json.dumps(actual, indent=2) + "\n", encoding="utf-8")
    assert path.exists(), f"missing snapshot {path.name}: run with UPDATE_GOLDEN=1"
    assert actual == json.loads(path.read_text(encoding="utf-8"))


def test_the_snapshots_are_exactly_the_catalog_types_in_the_catalog_modes() -> None:
    expected = {f"{pipeline_type}.{mode}.json" for pipeline_type in PIPELINE_TYPES for mode in MODES}
    assert sorted(path.name for path in GOLDEN.glob("*.json")) == sorted(expected)
