"""Local mode with the dashboard in front of it, both in this process, as `dashboard --local` runs them."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from mlops_orchestrator.core.catalog.codepipeline import SINGLE_PARAMS_FILE
from mlops_orchestrator.dashboard.app import create_app
from mlops_orchestrator.dashboard.backend import Backend
from mlops_orchestrator.dashboard.server import DashboardServer
from mlops_orchestrator.local.runner import LocalMode
from tests.e2e.helpers import parameters, stack, zip_members


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


def break_next_deployment(mode: LocalMode, pipeline_id: str) -> None:
    """Re-upload the pipeline's template.zip with a parameter the blueprint refuses: the next run fails on it."""
    key = parameters(stack(mode, pipeline_id))["TemplateZipFileName"]
    members = zip_members(mode, key)
    params = json.loads(members[SINGLE_PARAMS_FILE])
    params["Parameters"]["KmsKeyArn"] = "not-an-arn"
    members[SINGLE_PARAMS_FILE] = json.dumps(params).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    mode.client("s3").put_object(Bucket=mode.info.assets_bucket, Key=key, Body=buffer.getvalue())
