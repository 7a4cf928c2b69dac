"""Every page: each field has a label, each table its header cells, one h1, a skip link to main, a language."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest

from .fakes import FakeCodePipeline, Harness, listed, status_answer


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.fields: list[dict[str, str | None]] = []
        self.labelled: set[str] = set()
        self.ids: list[str] = []
        self.tags: list[str] = []
        self.html_lang: str | None = None
        self.skip_target: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append(tag)
        if found.get("id"):
            self.ids.append(str(found["id"]))
        if tag == "html":
            self.html_lang = found.get("lang")
        if tag == "label" and found.get("for"):
            self.labelled.add(str(found["for"]))
        if tag == "a" and found.get("class") == "skip":
            self.skip_target = found.get("href")
        if tag in {"input", "select", "textarea"} and found.get("type") != "hidden":
            self.fields.append(found)


@pytest.fixture
def harness() -> Harness:
    harness = Harness({"codepipeline": FakeCodePipeline({})})
    harness.api.routes["/listpipelines"] = lambda body: (200, {"pipelines": [listed("churn", "mlops-churn")]})
    harness.api.routes["/pipelinestatus"] = lambda body: (
        200,
        status_answer(
            {"Source": "Succeeded", "DeployDev": "InProgress"},
            approvals=[{"stage": "DeployDev", "action": "DeployStaging"}],
        ),
    )
    harness.api.routes["/deprovisionpipeline"] = lambda body: (200, {"message": "Dry run", "would_delete": ["x"]})
    return harness


@pytest.mark.parametrize(
    "path", ["/pipelines", "/pipelines/mlops-churn", "/approvals", "/provision", "/pipelines/mlops-churn/deprovision"]
)
def test_every_field_is_labelled_and_the_page_is_navigable(harness: Harness, path: str) -> None:
    page = _Page()
    page.feed(harness.client.get(path).get_data(as_text=True))

    unlabelled: list[Any] = [field for field in page.fields if field.get("id") not in page.labelled]
    assert unlabelled == []
    assert len(page.ids) == len(set(page.ids)), "ids must be unique (labels point at them)"
    assert page.html_lang == "en"
    assert page.skip_target == "#main" and "main" in page.ids
    assert page.tags.count("h1") == 1
    if "table" in page.tags:
        assert "th" in page.tags  # header cells name every column or row
