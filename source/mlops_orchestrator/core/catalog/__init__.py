"""The pipeline catalog: one declaration per `pipeline_type`, the single source of truth."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import image_builder, inference, monitors, training
from .blueprints import MULTI_ACCOUNT_CODEPIPELINE, SINGLE_ACCOUNT_CODEPIPELINE
from .declaration import (
    MODES,
    Blueprint,
    Case,
    Deployment,
    KeyRules,
    Mode,
    PipelineRequest,
    PipelineType,
    TemplateParameter,
)

# Importing every declaration costs a few milliseconds: request models build their validators on first use
# (defer_build), so a Lambda serving one request still builds one model, not twelve.
PIPELINE_TYPES: Mapping[str, PipelineType[Any]] = {
    declaration.name: declaration
    for module in (inference, monitors, image_builder, training)
    for declaration in module.DECLARED
}
"""Every pipeline type by name (each declaration is typed on its own request model; the mapping on none)."""

GROUP_FOLLOWING_TYPES: tuple[str, ...] = tuple(
    name
    for name, declaration in PIPELINE_TYPES.items()
    if "model_package_group_name" in declaration.request_model.model_fields
)
"""The pipeline types whose requests may follow a model package group (registry mode): they deploy, or baseline,
the version the registry approves."""

PIPELINE_BLUEPRINTS: tuple[Blueprint, ...] = (SINGLE_ACCOUNT_CODEPIPELINE, MULTI_ACCOUNT_CODEPIPELINE)
"""The CodePipeline templates that deploy a workload blueprint from template.zip."""

BLUEPRINTS: tuple[Blueprint, ...] = tuple(
    dict.fromkeys((*(declaration.blueprint for declaration in PIPELINE_TYPES.values()), *PIPELINE_BLUEPRINTS))
)
"""Every blueprint template the orchestrator deploys from, once each."""

MODEL_CARD_OPERATIONS: tuple[str, ...] = (
    "create_model_card",
    "describe_model_card",
    "update_model_card",
    "delete_model_card",
    "export_model_card",
    "list_model_cards",
)

CONTROL_KEYS: frozenset[str] = frozenset({"pipeline_type", "dry_run"})
"""Keys every body may carry besides the pipeline type's own."""

KNOWN_MISSPELLINGS: Mapping[str, str] = {
    # The original's request keys keep its spelling; the correct spelling is the likely mistake.
    "algo_hyperparameters": "algo_hyperparamaters",
    "hyperparameters_ranges": "hyperparamaters_ranges",
    "generate_definitions_only": "generate_definition_only",
    # The instance key is named differently for inference and for jobs.
    "instance_type": "inference_instance",
    "inference_instance": "instance_type",
}
"""Unknown key -> the key it most likely stands for, when that key belongs to the pipeline type and is absent."""

__all__ = [
    "BLUEPRINTS",
    "CONTROL_KEYS",
    "GROUP_FOLLOWING_TYPES",
    "KNOWN_MISSPELLINGS",
    "MODEL_CARD_OPERATIONS",
    "MODES",
    "PIPELINE_BLUEPRINTS",
    "PIPELINE_TYPES",
    "Blueprint",
    "Case",
    "Deployment",
    "KeyRules",
    "Mode",
    "PipelineRequest",
    "PipelineType",
    "TemplateParameter",
]
