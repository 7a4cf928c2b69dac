"""The pipeline catalog: one declaration per `pipeline_type`, the single source of truth."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping

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

# pipeline_type -> (module, attribute). Declarations load on first use: a Lambda serving one request
# builds one request model, not twelve, which keeps its cold start short.
_DECLARED_IN: dict[str, tuple[str, str]] = {
    "byom_realtime_builtin": ("inference", "REALTIME_BUILTIN"),
    "byom_realtime_custom": ("inference", "REALTIME_CUSTOM"),
    "byom_batch_builtin": ("inference", "BATCH_BUILTIN"),
    "byom_batch_custom": ("inference", "BATCH_CUSTOM"),
    "byom_data_quality_monitor": ("monitors", "DATA_QUALITY"),
    "byom_model_quality_monitor": ("monitors", "MODEL_QUALITY"),
    "byom_model_bias_monitor": ("monitors", "MODEL_BIAS"),
    "byom_model_explainability_monitor": ("monitors", "MODEL_EXPLAINABILITY"),
    "byom_image_builder": ("image_builder", "IMAGE_BUILDER"),
    "model_training_builtin": ("training", "TRAINING"),
    "model_tuner_builtin": ("training", "TUNER"),
    "model_autopilot_training": ("training", "AUTOPILOT"),
}


class _Catalog(Mapping[str, PipelineType]):
    def __getitem__(self, name: str) -> PipelineType:
        module, attribute = _DECLARED_IN[name]
        declaration: PipelineType = getattr(importlib.import_module(f"{__name__}.{module}"), attribute)
        return declaration

    def __iter__(self) -> Iterator[str]:
        return iter(_DECLARED_IN)

    def __len__(self) -> int:
        return len(_DECLARED_IN)


PIPELINE_TYPES: Mapping[str, PipelineType] = _Catalog()

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
    "MODES",
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
