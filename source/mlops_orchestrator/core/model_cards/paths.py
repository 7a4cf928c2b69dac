"""Where exported model cards go, shared by the runtime and the orchestrator role's S3 grant."""

from __future__ import annotations

EXPORT_PREFIX = "model_card_exports"
