"""metric_type model_card_metric_schema: the file already holds model-card metric groups."""

from __future__ import annotations

from pydantic import ValidationError

from ..request import MetricGroup, problems_of
from .shapes import MetricFileError, as_list, as_object, required


def parse(document: object) -> list[dict[str, object]]:
    """The file's {"metric_groups": [...]}, checked as strictly as metric groups written in the request."""
    groups = as_list(required(as_object(document, "the file"), "metric_groups", ""), "metric_groups")
    parsed = []
    for index, given in enumerate(groups):
        try:
            parsed.append(MetricGroup.model_validate(given).model_dump(exclude_none=True))
        except ValidationError as error:
            problems = problems_of(error, f"metric_groups[{index}]")
            raise MetricFileError("; ".join(f"{p.field}: {p.message}" for p in problems)) from error
    return parsed
