"""The blueprint templates local mode uploads: the real, synthesized template of every blueprint.

Every resource of them is created in the emulator, by moto's CloudFormation or by one of local mode's
providers (see `providers`, and `providers.table` for which creates what).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib import resources

from mlops_orchestrator.core.catalog import BLUEPRINTS

SHIPPED_TEMPLATES = "mlops_orchestrator.blueprint_templates"
"""The data package holding the synthesized template of every blueprint."""


@functools.cache
def synthesized_templates() -> dict[str, str]:
    """The real synthesized template of every blueprint, by file name.

    They ship with the package (`mlops_orchestrator.blueprint_templates`, written at build time by
    `python -m mlops_orchestrator.orchestrator.shipped_templates --write`), so local mode needs neither
    CDK, jsii nor Node, and reading them costs milliseconds.
    """
    folder = resources.files(SHIPPED_TEMPLATES)
    missing = [blueprint.file_name for blueprint in BLUEPRINTS if not folder.joinpath(blueprint.file_name).is_file()]
    if missing:
        raise FileNotFoundError(
            f"{SHIPPED_TEMPLATES} lacks {', '.join(missing)}: regenerate it with "
            "`python -m mlops_orchestrator.orchestrator.shipped_templates --write`"
        )
    return {
        blueprint.file_name: folder.joinpath(blueprint.file_name).read_text(encoding="utf-8")
        for blueprint in BLUEPRINTS
    }


def blueprint_templates(overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """Template text per blueprint file name: the real templates, with `overrides` (tests) in their place."""
    return {**synthesized_templates(), **(overrides or {})}
