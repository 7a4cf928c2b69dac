"""boto3 answers as JSON-ready values: the handler serialises bodies with plain json.dumps."""

from __future__ import annotations

import datetime


def jsonable(value: object) -> object:
    """Dates become ISO-8601 text and boto3's ResponseMetadata (request ids, retries) is dropped; anything else
    that JSON cannot hold is an error, not a silent null."""
    if isinstance(value, dict):
        return {key: jsonable(item) for key, item in value.items() if key != "ResponseMetadata"}
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot represent {type(value).__name__} in JSON")
