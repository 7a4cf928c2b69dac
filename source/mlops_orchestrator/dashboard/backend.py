"""What the pages ask of AWS, through the CLI's own code paths: API discovery and signing, approvals, plans.

Credentials are read again every `REFRESH_SECONDS`, so a dashboard left open picks up `aws sso login` or a
rotated role session instead of failing until it is restarted.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from mlops_orchestrator.cli.api_errors import ApiError
from mlops_orchestrator.cli.aws_clients import aws_client
from mlops_orchestrator.cli.commands_approvals import Answered, answer_approval
from mlops_orchestrator.cli.http_client import ApiClient, default_signer

REFRESH_SECONDS = 300.0
STATUS_WORKERS = 4
"""Status reads in parallel for the pipelines page: enough to hide latency, few enough not to be throttled."""
PAGE_SIZE = 100

ApiFactory = Callable[[], ApiClient]
ClientFactory = Callable[[str], Any]
"""service name ("codepipeline", "sagemaker") -> a boto3 client with the user's credentials."""


class Backend:
    def __init__(self, connect: ApiFactory, aws: ClientFactory, clock: Callable[[], float] = time.monotonic) -> None:
        self._connect = connect
        self._aws = aws
        self._clock = clock
        self._lock = threading.Lock()
        self._api: ApiClient | None = None
        self._made = 0.0
        self._clients: dict[str, Any] = {}

    @classmethod
    def for_api(cls, api_url: str, region: str | None, profile: str | None, sign: bool = True) -> Backend:
        def connect() -> ApiClient:
            return ApiClient(api_url, default_signer(api_url, region, profile) if sign else None)

        return cls(connect, lambda service: aws_client(service, api_url, region, profile))

    # -- the orchestrator API -------------------------------------------------------------------

    def api(self) -> ApiClient:
        with self._lock:
            if self._api is None or self._clock() - self._made > REFRESH_SECONDS:
                self._api, self._made = self._connect(), self._clock()
                self._clients.clear()
            return self._api

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        try:
            return self.api().post(path, body)
        except ApiError as error:
            if error.status == 403:
                self.forget_credentials()  # expired or replaced: the next request signs with fresh ones
            raise

    def forget_credentials(self) -> None:
        with self._lock:
            self._api = None
            self._clients.clear()

    def list_pipelines(self) -> list[dict[str, Any]]:
        pipelines: list[dict[str, Any]] = []
        token = None
        while True:
            page = self.post("/listpipelines", {"max_results": PAGE_SIZE, **({"next_token": token} if token else {})})
            pipelines += page.get("pipelines") or []
            token = page.get("next_token")
            if not token:
                return pipelines

    def status(self, pipeline_id: str) -> dict[str, Any]:
        return self.post("/pipelinestatus", {"pipeline_id": pipeline_id})

    def statuses(self, pipeline_ids: list[str]) -> list[dict[str, Any] | Exception]:
        """Each pipeline's status, or the error that stopped reading it (one unreadable pipeline hides no other)."""

        def read(pipeline_id: str) -> dict[str, Any] | Exception:
            try:
                return self.status(pipeline_id)
            except Exception as error:
                return error

        if len(pipeline_ids) < 2:
            return [read(pipeline_id) for pipeline_id in pipeline_ids]
        with ThreadPoolExecutor(max_workers=STATUS_WORKERS) as pool:
            return list(pool.map(read, pipeline_ids))

    def provision(self, body: dict[str, Any], dry_run: bool = False) -> dict[str, Any]:
        return self.post("/provisionpipeline", {**body, "dry_run": True} if dry_run else body)

    def deprovision(self, pipeline_id: str, dry_run: bool = False) -> dict[str, Any]:
        return self.post("/deprovisionpipeline", {"pipeline_id": pipeline_id, **({"dry_run": True} if dry_run else {})})

    # -- AWS with the user's credentials ----------------------------------------------------------

    def client(self, service: str) -> Any:
        self.api()  # the clients are renewed with the credentials
        with self._lock:
            if service not in self._clients:
                self._clients[service] = self._aws(service)
            return self._clients[service]

    def answer_approval(self, pipeline_id: str, stage: str | None, verdict: str, comment: str | None) -> Answered:
        return answer_approval(self.api(), lambda: self.client("codepipeline"), pipeline_id, stage, verdict, comment)
