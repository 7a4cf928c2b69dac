"""The pipeline catalog: one declaration per `pipeline_type`, the single source of truth."""

from __future__ import annotations

from .declaration import (
    Blueprint,
    Deployment,
    KeyRules,
    Mode,
    PipelineRequest,
    PipelineType,
    TemplateParameter,
)
from .image_builder import IMAGE_BUILDER
from .inference import BATCH_BUILTIN, BATCH_CUSTOM, REALTIME_BUILTIN, REALTIME_CUSTOM
from .monitors import DATA_QUALITY, MODEL_BIAS, MODEL_EXPLAINABILITY, MODEL_QUALITY
from .training import AUTOPILOT, TRAINING, TUNER

PIPELINE_TYPES: dict[str, PipelineType] = {
    declaration.name: declaration
    for declaration in (
        REALTIME_BUILTIN,
        REALTIME_CUSTOM,
        BATCH_BUILTIN,
        BATCH_CUSTOM,
        DATA_QUALITY,
        MODEL_QUALITY,
        MODEL_BIAS,
        MODEL_EXPLAINABILITY,
        IMAGE_BUILDER,
        TRAINING,
        TUNER,
        AUTOPILOT,
    )
}

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

__all__ = [
    "CONTROL_KEYS",
    "MODEL_CARD_OPERATIONS",
    "PIPELINE_TYPES",
    "Blueprint",
    "Deployment",
    "KeyRules",
    "Mode",
    "PipelineRequest",
    "PipelineType",
    "TemplateParameter",
]
