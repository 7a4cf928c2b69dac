"""The Flask application: pages, security, and errors a person can act on."""

from __future__ import annotations

from flask import Flask, render_template, request
from jinja2 import PackageLoader, select_autoescape
from werkzeug.exceptions import HTTPException, SecurityError

from mlops_orchestrator.cli.api_errors import ApiError
from mlops_orchestrator.cli.exit_codes import CliError

from . import security
from .assets import HTMX, assets
from .backend import Backend
from .views_approvals import approvals
from .views_common import EXTENSION, POLL_SECONDS
from .views_pipelines import pipelines
from .views_provision import provision
from .views_registry import registry_pages

NAVIGATION = [
    ("pipelines.pipeline_list", "Pipelines"),
    ("approvals.approval_list", "Approvals"),
    ("registry.registry_page", "Registry"),
    ("provision.provision_page", "Provision"),
]


def create_app(backend: Backend, loopback_only: bool = True) -> Flask:
    app = Flask(__name__, static_folder=None, template_folder=None)
    # Templates come from the installed package through importlib.resources; every one of them is escaped,
    # whatever its name: names, reasons and messages come from AWS and are untrusted text.
    app.jinja_loader = PackageLoader(__package__, "templates")
    app.jinja_env.autoescape = select_autoescape(default=True, default_for_string=True)
    app.extensions[EXTENSION] = backend
    app.jinja_env.globals.update(htmx=HTMX, poll_seconds=POLL_SECONDS)
    security.install(app, loopback_only)
    app.register_blueprint(assets)
    app.register_blueprint(pipelines)
    app.register_blueprint(approvals)
    app.register_blueprint(registry_pages)
    app.register_blueprint(provision)
    app.jinja_env.globals["navigation"] = [
        (endpoint, label) for endpoint, label in NAVIGATION if endpoint.split(".")[0] in app.blueprints
    ]
    app.register_error_handler(CliError, _cli_error)
    app.register_error_handler(HTTPException, _http_error)
    return app


def _cli_error(error: CliError) -> tuple[str, int]:
    """A refused request (4xx) keeps its status; AWS or the API failing is the gateway's fault (502)."""
    status = error.status if isinstance(error, ApiError) and 400 <= error.status < 500 else 502
    return _error_page(str(error), error.details, status)


def _http_error(error: HTTPException) -> tuple[str, int]:
    if isinstance(error, SecurityError):
        # An untrusted Host: no page is built for it (its links would name that host).
        return "Bad Request: this dashboard answers only on the address it listens on.", 400
    return _error_page(error.description or error.name, [], error.code or 500)


def _error_page(message: str, details: list[str], status: int) -> tuple[str, int]:
    fragment = request.headers.get("HX-Request") == "true"
    template = "error_fragment.html" if fragment else "error.html"
    return render_template(template, message=message, details=details, status=status), status
