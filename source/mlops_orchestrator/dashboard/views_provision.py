"""Provision: paste or upload a request, see it checked as it is typed (the API's dry run), then submit."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from mlops_orchestrator.cli.api_errors import ApiError

from .provision_check import MAX_REQUEST_BYTES, check, parse, refused_by_api
from .views_common import backend

provision = Blueprint("provision", __name__)


def _request_text() -> str:
    """The request box, or the uploaded file when the box is empty (browsers without the page's script)."""
    text = request.form.get("request", "")
    upload = request.files.get("upload")
    if not text.strip() and upload is not None and upload.filename:
        text = upload.read(MAX_REQUEST_BYTES + 1).decode("utf-8", errors="replace")
    return text


@provision.get("/provision")
def provision_page() -> str:
    return render_template("provision.html", text="", result=None)


@provision.post("/provision/check")
def provision_check() -> str:
    return render_template("provision_check.html", result=check(backend(), _request_text()))


@provision.post("/provision")
def submit() -> Response | tuple[str, int]:
    text = _request_text()
    body, refused = parse(text)
    if refused is not None or body is None:
        return render_template("provision.html", text=text, result=refused), 400
    try:
        answer = backend().provision(body)
    except ApiError as error:
        if error.status != 400:
            raise
        return render_template("provision.html", text=text, result=refused_by_api(error)), 400
    pipeline_id = str(answer.get("pipeline_id") or "")
    flash(f"{answer.get('message') or 'Provisioning started.'} ({pipeline_id})")
    return redirect(url_for("pipelines.pipeline_page", pipeline_id=pipeline_id))
