"""The model registry: package versions per group with their approval status, approved or rejected in place."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from . import registry
from .views_common import backend

registry_pages = Blueprint("registry", __name__)
MAX_COMMENT = 1024


@registry_pages.get("/registry")
def registry_page() -> str:
    return render_template("registry.html", groups=registry.groups(backend().client("sagemaker")))


@registry_pages.post("/registry")
def set_approval() -> Response:
    arn = request.form.get("arn", "")
    status = request.form.get("status", "")
    if not arn.startswith("arn:") or status not in registry.APPROVAL_STATUSES:
        abort(400, description="The registry form was incomplete: choose Approve or Reject on a model version.")
    comment = request.form.get("comment", "").strip()[:MAX_COMMENT] or None
    registry.set_status(backend().client("sagemaker"), arn, status, comment)
    flash(f"{arn} is {status} now.")
    return redirect(url_for("registry.registry_page"))
