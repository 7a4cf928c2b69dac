"""boto3 responses as JSON-ready values: the handler serialises bodies with plain json.dumps."""

from __future__ import annotations

import datetime


def jsonable(value: object) -> object:
    if isinstance(value, dict):
        # ResponseMetadata is transport detail (request id, retries), not the card.
        return {key: jsonable(item) for key, item in value.items() if key != "ResponseMetadata"}
    if isinstance(value, list):
        return [jsonable(item) for item in value]
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    return value
