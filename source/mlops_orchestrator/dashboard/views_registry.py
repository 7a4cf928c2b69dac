"""The model registry: package versions per group with their approval status, approved or rejected in place.

Which pipeline and stage runs each version comes from the CLI's `registry list` code path (the API's follower
lookup, /listpipelines with the group, then /pipelinestatus), so the page and the command never disagree.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from mlops_orchestrator.cli.api_errors import ApiError
from mlops_orchestrator.cli.commands_registry import running_versions
from mlops_orchestrator.cli.exit_codes import CliError

from . import registry
from .views_common import backend

registry_pages = Blueprint("registry", __name__)
MAX_COMMENT = 1024


@registry_pages.get("/registry")
def registry_page() -> str:
    groups = registry.groups(backend().client("sagemaker"))
    running: dict[str, list[str]] | None
    unread: str | None = None
    try:
        api = backend().api()
        running = {arn: where for group in groups for arn, where in running_versions(api, group.name).items()}
    except CliError as error:  # the registry is still worth deciding on while the API cannot be read
        running, unread = None, str(error)
        if isinstance(error, ApiError) and error.status == 403:
            backend().forget_credentials()  # expired or replaced: the next visit signs with fresh ones
    return render_template("registry.html", groups=groups, running=running, running_unread=unread)


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
