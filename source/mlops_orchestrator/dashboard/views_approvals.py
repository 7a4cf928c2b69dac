"""Pending approvals across pipelines, answered with the user's credentials through the CLI's approve code path."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from mlops_orchestrator.cli.approval_stages import APPROVAL_OF_STAGE

from .pipeline_view import pipeline_row
from .views_common import backend

approvals = Blueprint("approvals", __name__)
VERDICTS = ("approve", "reject")
MAX_COMMENT = 512


@approvals.get("/approvals")
def approval_list() -> str:
    listed = backend().list_pipelines()
    answers = backend().statuses([str(item.get("pipeline_id") or item.get("stack_name")) for item in listed])
    rows = [pipeline_row(item, answer) for item, answer in zip(listed, answers, strict=True)]
    return render_template("approvals.html", rows=[row for row in rows if row.approvals])


@approvals.post("/approvals")
def answer() -> Response:
    pipeline = request.form.get("pipeline", "")
    verdict = request.form.get("verdict", "")
    stage = request.form.get("stage") or None
    comment = request.form.get("comment", "").strip()[:MAX_COMMENT] or None
    if not pipeline or verdict not in VERDICTS or (stage is not None and stage not in APPROVAL_OF_STAGE):
        abort(400, description="The approval form was incomplete: choose Approve or Reject on a pending approval.")
    answered = backend().answer_approval(pipeline, stage, verdict, comment)
    flash(answered.sentence())
    return redirect(_local_path(request.form.get("next")) or url_for("approvals.approval_list"))


def _local_path(target: str | None) -> str | None:
    """Only a path of this dashboard: an open redirect would send the user anywhere after an approval."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return None
