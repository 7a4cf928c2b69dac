"""The pipelines list (filtered, live), one pipeline's page, and its deprovisioning (confirmed first)."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from mlops_orchestrator.cli.exit_codes import CliError
from mlops_orchestrator.core.catalog import PIPELINE_TYPES

from . import pipeline_view
from .pipeline_view import OUTCOME_CHOICES, PipelineRow, pipeline_row
from .views_common import backend

pipelines = Blueprint("pipelines", __name__)


def _filters() -> tuple[str, str]:
    return request.args.get("type", ""), request.args.get("status", "")


def _rows() -> list[PipelineRow]:
    listed = backend().list_pipelines()
    answers = backend().statuses([str(item.get("pipeline_id") or item.get("stack_name")) for item in listed])
    return [pipeline_row(item, answer) for item, answer in zip(listed, answers, strict=True)]


@pipelines.get("/")
def home() -> Response:
    return redirect(url_for("pipelines.pipeline_list"))


@pipelines.get("/pipelines")
def pipeline_list() -> str:
    chosen_type, chosen_status = _filters()
    rows = [row for row in _rows() if pipeline_view.matches(row, chosen_type, chosen_status)]
    return render_template(
        "pipelines.html",
        rows=rows,
        types=sorted(PIPELINE_TYPES),
        statuses=OUTCOME_CHOICES,
        chosen_type=chosen_type,
        chosen_status=chosen_status,
    )


@pipelines.get("/pipelines/rows")
def pipeline_rows() -> str:
    """The table body alone, for the page's live refresh and its filters."""
    chosen_type, chosen_status = _filters()
    try:
        rows = [row for row in _rows() if pipeline_view.matches(row, chosen_type, chosen_status)]
    except CliError as error:
        # Shown in place of the rows, which keep polling: the next refresh may succeed (a network blip, renewed
        # credentials). An error status would make htmx drop the answer, and the user would never see why.
        return render_template(
            "pipeline_rows.html", rows=[], failure=error, chosen_type=chosen_type, chosen_status=chosen_status
        )
    return render_template("pipeline_rows.html", rows=rows, chosen_type=chosen_type, chosen_status=chosen_status)


@pipelines.get("/pipelines/<path:pipeline_id>")
def pipeline_page(pipeline_id: str) -> str:
    answer = backend().status(pipeline_id)
    request_body = pipeline_view.request_of(answer)
    plan, plan_error = _plan_of(request_body)
    return render_template(
        "pipeline.html",
        pipeline_id=pipeline_id,
        answer=answer,
        view=pipeline_view,
        request_body=request_body,
        request_text=json.dumps(request_body, indent=2, sort_keys=True) if request_body else None,
        plan=plan,
        plan_error=plan_error,
    )


def _plan_of(request_body: dict[str, Any] | None) -> tuple[dict[str, Any] | None, str | None]:
    """The template parameters per stage, as the API's dry run of the stored request plans them."""
    if not request_body:
        return None, None
    try:
        plan = backend().provision(request_body, dry_run=True).get("plan")
    except CliError as error:
        return None, str(error)
    return (plan if isinstance(plan, dict) else None), None


@pipelines.get("/pipelines/<path:pipeline_id>/live")
def pipeline_live(pipeline_id: str) -> str:
    try:
        answer = backend().status(pipeline_id)
    except CliError as error:  # shown in place, and polling goes on (see pipeline_rows)
        return render_template(
            "pipeline_live.html", pipeline_id=pipeline_id, answer={}, failure=error, view=pipeline_view
        )
    return render_template("pipeline_live.html", pipeline_id=pipeline_id, answer=answer, view=pipeline_view)


@pipelines.get("/pipelines/<path:pipeline_id>/deprovision")
def deprovision_confirm(pipeline_id: str) -> str:
    plan = backend().deprovision(pipeline_id, dry_run=True)
    return render_template("deprovision.html", pipeline_id=pipeline_id, plan=plan)


@pipelines.post("/pipelines/<path:pipeline_id>/deprovision")
def deprovision(pipeline_id: str) -> Response:
    answer = backend().deprovision(pipeline_id)
    still = answer.get("deleting") or []
    message = str(answer.get("message") or "Deprovisioning started.")
    flash(message + (f" Still deleting: {', '.join(map(str, still))}." if still else ""))
    return redirect(url_for("pipelines.pipeline_list"))
