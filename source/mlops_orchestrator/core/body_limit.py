"""The largest request body the API accepts, declared once: API Gateway's payload limit.

The API (API Gateway's 413 answer, and local mode's front) and `validate`/`plan` offline apply the same number,
and every refusal states it.
"""

from __future__ import annotations

MAX_BODY_BYTES = 10 * 1024 * 1024
"""10 MB: API Gateway refuses larger REST API payloads before the Lambda sees them."""
MAX_BODY_TEXT = f"10 MB ({MAX_BODY_BYTES} bytes)"
TOO_LARGE = f"Request Too Long: the body is larger than the API's limit of {MAX_BODY_TEXT}"
"""The 413 answer's message (API Gateway's own text, followed by the limit)."""


def too_large(size: int) -> bool:
    return size > MAX_BODY_BYTES
