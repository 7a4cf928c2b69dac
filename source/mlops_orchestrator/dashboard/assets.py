"""The stylesheet and scripts, read from the installed package (importlib.resources): no build step, no CDN.

htmx is vendored as released (npm htmx.org 2.0.11, dist/htmx.min.js, 0BSD licence); the version is in its file name,
so a browser never runs a cached older copy after an upgrade.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from flask import Blueprint, abort
from werkzeug.wrappers import Response

HTMX = "htmx-2.0.11.min.js"
FILES = {
    HTMX: "text/javascript",
    "dashboard.js": "text/javascript",
    "dashboard.css": "text/css",
    "favicon.svg": "image/svg+xml",
}

assets = Blueprint("assets", __name__)


@cache
def _read(name: str) -> bytes:
    return resources.files(__package__).joinpath("static", name).read_bytes()


@assets.get("/static/<name>")
def static_file(name: str) -> Response:
    if name not in FILES:  # only what ships; nothing else under the package is reachable
        abort(404)
    response = Response(_read(name), mimetype=FILES[name])
    response.headers["Cache-Control"] = "max-age=3600"
    return response
