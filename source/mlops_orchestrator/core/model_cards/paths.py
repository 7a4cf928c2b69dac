"""Where model cards meet the assets bucket, shared by the runtime and the orchestrator role's S3 grants."""

from __future__ import annotations

EXPORT_PREFIX = "model_card_exports"
# The only place the orchestrator may read metric files from: its role's s3:GetObject stops at this prefix.
METRICS_PREFIX = "model_card_metrics"
