"""An orchestrator API and a CodePipeline that answer the dashboard's unit tests from memory.

The API is faked below the CLI's `ApiClient` (at its opener), so the dashboard's real client, errors and
hints run as they do against AWS.
"""

from __future__ import annotations

import io
import json
import urllib.error
from collections.abc import Callable
from typing import Any

from mlops_orchestrator.cli.http_client import ApiClient
from mlops_orchestrator.dashboard.app import create_app
from mlops_orchestrator.dashboard.backend import Backend

API_URL = "https://abc123.execute-api.us-east-1.amazonaws.com/prod"
Answer = tuple[int, dict[str, Any]]


class _Response(io.BytesIO):
    def __enter__(self) -> _Response:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


class FakeApi:
    """`routes[path](body) -> (status, answer)`; every request lands in `requests` as (path, body)."""

    def __init__(self) -> None:
        self.routes: dict[str, Callable[[dict[str, Any]], Answer]] = {}
        self.requests: list[tuple[str, dict[str, Any]]] = []

    def __call__(self, request: Any, timeout: float) -> _Response:
        path = request.full_url.removeprefix(API_URL)
        body = json.loads(request.data)
        self.requests.append((path, body))
        if path not in self.routes:
            raise urllib.error.URLError("connection refused")
        status, answer = self.routes[path](body)
        data = json.dumps(answer).encode()
        if status >= 400:
            raise urllib.error.HTTPError(request.full_url, status, "error", {}, io.BytesIO(data))  # type: ignore[arg-type]
        return _Response(data)

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]


class FakeCodePipeline:
    def __init__(self, state: dict[str, Any]) -> None:
        self.state = state
        self.answers: list[dict[str, Any]] = []

    def get_pipeline_state(self, name: str) -> dict[str, Any]:
        return self.state

    def put_approval_result(self, **kwargs: Any) -> dict[str, Any]:
        self.answers.append(kwargs)
        return {}


class Harness:
    """A dashboard app over `api` and `aws` clients; `connects` counts how often credentials were loaded."""

    def __init__(self, aws: dict[str, Any] | None = None) -> None:
        self.api = FakeApi()
        self.aws = aws or {}
        self.connects = 0
        self.backend = Backend(self._connect, lambda service: self.aws[service])
        self.app = create_app(self.backend)
        self.client = self.app.test_client()

    def _connect(self) -> ApiClient:
        self.connects += 1
        return ApiClient(API_URL, None, opener=self.api)

    def csrf_token(self) -> str:
        self.client.get("/pipelines")
        with self.client.session_transaction() as session:
            return str(session["csrf_token"])


def listed(name: str, stack_name: str, pipeline_type: str = "byom_realtime_builtin") -> dict[str, Any]:
    return {
        "pipeline_id": f"arn:aws:cloudformation:us-east-1:111111111111:stack/{stack_name}/0000",
        "stack_name": stack_name,
        "pipeline_type": pipeline_type,
        "name": name,
        "stack_status": "CREATE_COMPLETE",
    }


def status_answer(
    stages: dict[str, str],
    failures: list[dict[str, Any]] | None = None,
    approvals: list[dict[str, str]] | None = None,
    changed: str = "2026-12-04T10:11:12.345000+00:00",
) -> dict[str, Any]:
    """A `/pipelinestatus` answer with one action per stage; `stages` maps stage name to status."""
    overall = (
        "Failed"
        if "Failed" in stages.values()
        else "AwaitingApproval"
        if approvals
        else "Succeeded"
        if set(stages.values()) == {"Succeeded"}
        else "InProgress"
    )
    summary: dict[str, Any] = {
        "stack_name": "mlops-pipeline",
        "stack_status": "CREATE_COMPLETE",
        "pipeline_name": "mlops-pipeline-codepipeline",
        "pipeline_status": overall,
        "stages": [{"name": name, "status": status} for name, status in stages.items()],
        "pending_approvals": approvals or [],
    }
    if failures:
        summary["failures"] = failures
    stage_states = [
        {
            "stageName": name,
            "latestExecution": {"status": status},
            "actionStates": [
                {
                    "actionName": f"{name}Action",
                    "latestExecution": {
                        "status": status,
                        "lastStatusChange": changed,
                        **(
                            {"errorDetails": {"message": failures[0]["reason"]}}
                            if failures and status == "Failed"
                            else {}
                        ),
                    },
                }
            ],
        }
        for name, status in stages.items()
    ]
    return {"pipelineName": summary["pipeline_name"], "stageStates": stage_states, "summary": summary}
