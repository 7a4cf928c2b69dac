"""Batch transform options beyond the original: instance count and content type (CSV or JSON Lines).

Optional: when a request leaves one out, its parameter is left out of the params file and the blueprint's
default (one instance, CSV, as the original) applies, so existing requests plan exactly as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from .declaration import OptionalParameters
from .derive import text

if TYPE_CHECKING:
    from .inference import BatchRequest

BatchContentType = Literal["text/csv", "application/jsonlines"]

OPTIONAL_KEYS: tuple[str, ...] = ("instance_count", "content_type")

OPTIONAL_PARAMETERS: OptionalParameters[BatchRequest] = (
    ("JobInstanceCount", lambda r, c: None if r.instance_count is None else text(r.instance_count)),
    ("BatchContentType", lambda r, c: r.content_type),
)
