"""Local mode with the dashboard in front of it, both in this process, as `dashboard --local` runs them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from mlops_orchestrator.dashboard.app import create_app
from mlops_orchestrator.dashboard.backend import Backend
from mlops_orchestrator.dashboard.server import DashboardServer
from mlops_orchestrator.local.runner import LocalMode


@dataclass(frozen=True)
class Dashboard:
    mode: LocalMode
    url: str


@contextmanager
def dashboard_on_local_mode(multi_account: bool = False, model_registry: bool = False) -> Iterator[Dashboard]:
    mode = LocalMode(multi_account=multi_account, model_registry=model_registry)
    info = mode.start()
    try:
        server = DashboardServer(create_app(Backend.for_api(info.api_url, None, None, sign=False))).start()
        try:
            yield Dashboard(mode, server.url)
        finally:
            server.stop()
    finally:
        mode.stop()
