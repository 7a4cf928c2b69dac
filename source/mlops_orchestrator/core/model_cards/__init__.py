"""Model-card API of POST /provisionpipeline (create, describe, update, delete, export, list), boto3 only.

The operations live in `operations`, imported on first use: their pydantic models are built only by a Lambda
that serves a model-card request, as the catalog builds only the request model it needs.
"""

from __future__ import annotations

from .paths import EXPORT_PREFIX, METRICS_PREFIX

__all__ = ["EXPORT_PREFIX", "METRICS_PREFIX"]
