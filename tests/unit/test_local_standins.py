"""Local mode's stand-in templates, with their CodePipeline pipeline and without it (for plain moto)."""

from __future__ import annotations

import pytest

from mlops_orchestrator.core.catalog import BLUEPRINTS, Blueprint
from mlops_orchestrator.core.catalog.blueprints import (
    IMAGE_BUILDER,
    MULTI_ACCOUNT_CODEPIPELINE,
    SINGLE_ACCOUNT_CODEPIPELINE,
)
from mlops_orchestrator.local.templates import standin_template

WITH_A_PIPELINE = {
    blueprint.file_name for blueprint in (SINGLE_ACCOUNT_CODEPIPELINE, MULTI_ACCOUNT_CODEPIPELINE, IMAGE_BUILDER)
}


@pytest.mark.parametrize("blueprint", BLUEPRINTS, ids=lambda blueprint: blueprint.file_name)
def test_without_the_pipeline_a_standin_keeps_everything_else(blueprint: Blueprint) -> None:
    full = standin_template(blueprint)
    bare = standin_template(blueprint, pipeline=False)
    assert ("Pipeline" in full["Resources"]) == (blueprint.file_name in WITH_A_PIPELINE)
    assert bare["Resources"] == {"StackParameters": full["Resources"]["StackParameters"]}
    assert bare["Parameters"] == full["Parameters"] == blueprint.cloudformation_parameters()
    assert "Outputs" not in bare
    assert {key: value for key, value in full.items() if key not in ("Resources", "Outputs")} == {
        key: value for key, value in bare.items() if key != "Resources"
    }
