"""Model-card answers as text: a card's fields and sections, the list of cards, or the operation's sentence."""

from __future__ import annotations

import json
from typing import Any

from .tables import fields, table

_HEAD = (
    ("name", "ModelCardName"),
    ("arn", "ModelCardArn"),
    ("version", "ModelCardVersion"),
    ("status", "ModelCardStatus"),
    ("created", "CreationTime"),
    ("last modified", "LastModifiedTime"),
)


def render_model_card_answer(answer: dict[str, Any]) -> str:
    """The API's {"message": ...} of any model-card operation: never a Python repr."""
    message = answer.get("message")
    if isinstance(message, dict) and "ModelCardSummaries" in message:
        return render_card_list(message)
    if isinstance(message, dict) and "ModelCardName" in message:
        return render_card(message)
    if isinstance(message, dict | list):
        return json.dumps(message, indent=2, sort_keys=True)
    return str(message)


def render_card(card: dict[str, Any]) -> str:
    head = fields([(label, _minutes(card.get(key)) if "Time" in key else card.get(key)) for label, key in _HEAD])
    content = _content(card.get("Content"))
    if not content:
        return head
    sections = [f"{name}:\n{_indented(json.dumps(value, indent=2, sort_keys=True))}" for name, value in content.items()]
    return head + "\n\n" + "\n\n".join(sections)


def render_card_list(listing: dict[str, Any]) -> str:
    cards = listing.get("ModelCardSummaries") or []
    if not cards:
        return "No model cards."
    rows = [
        [
            card.get("ModelCardName"),
            card.get("ModelCardStatus"),
            _minutes(card.get("CreationTime")),
            _minutes(card.get("LastModifiedTime")),
        ]
        for card in cards
    ]
    return table(["name", "status", "created", "last modified"], rows, None)


def _content(raw: Any) -> dict[str, Any]:
    if isinstance(raw, dict):
        return raw
    try:
        parsed = json.loads(raw) if isinstance(raw, str) else {}
    except ValueError:
        return {"content": raw}
    return parsed if isinstance(parsed, dict) else {"content": parsed}


def _indented(text: str) -> str:
    return "\n".join(f"  {line}" for line in text.splitlines())


def _minutes(value: Any) -> Any:
    return str(value)[:16].replace("T", " ") if value else value
