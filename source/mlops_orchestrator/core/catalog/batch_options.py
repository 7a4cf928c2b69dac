"""Batch transform options beyond the original: instance count and content type (CSV or JSON Lines).

Optional: when a request leaves one out, its parameter is left out of the params file and the blueprint's
default (one instance, CSV, as the original) applies, so existing requests plan exactly as before.
"""

from __future__ import annotations

from typing import Literal

BatchContentType = Literal["text/csv", "application/jsonlines"]

OPTIONAL_KEYS: tuple[str, ...] = ("instance_count", "content_type")
