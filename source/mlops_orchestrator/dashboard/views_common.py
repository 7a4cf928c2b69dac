"""What every view shares: the backend of this app, and the filters the templates use."""

from __future__ import annotations

from flask import current_app

from .backend import Backend

EXTENSION = "mlops_dashboard_backend"
POLL_SECONDS = 5
"""How often the live parts of a page ask for fresh state: a pipeline action takes longer than this."""


def backend() -> Backend:
    found: Backend = current_app.extensions[EXTENSION]
    return found
