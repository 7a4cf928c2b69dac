"""InvokeEndpoint answers like a deployed model's: one score per CSV record, instead of moto's fixed "body".

The scores are repeatable (the same record sent to the same endpoint scores the same), like a batch transform
job's (see `transform`). An endpoint that does not exist is a ValidationError, as on AWS. Results queued
through moto's own API (`/moto-api/static/sagemaker/endpoint-results`) still win, for tests that set them.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from moto.sagemaker.exceptions import ValidationError
from moto.sagemaker.models import sagemaker_backends
from moto.sagemakerruntime.responses import SageMakerRuntimeResponse

from ..moto_patches import MotoPatches
from .common import fraction


def scores(seed: str, body: str) -> list[float]:
    """A score in [0, 1] per non-empty line: what the simulated model answers for these records."""
    return [round(fraction(seed, line), 4) for line in body.splitlines() if line.strip()]


def _invoke_endpoint(response: SageMakerRuntimeResponse) -> Any:
    backend = response.sagemakerruntime_backend
    if backend.results_queue:
        return _PATCHES.original(SageMakerRuntimeResponse, "invoke_endpoint")(response)
    # POST /endpoints/{EndpointName}/invocations
    endpoint_name = unquote(response.path.split("?")[0].split("/")[2])
    if endpoint_name not in sagemaker_backends[backend.account_id][backend.region_name].endpoints:
        raise ValidationError(message=f"Endpoint {endpoint_name} of account {backend.account_id} not found.")
    body = response.body
    text = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else str(body or "")
    answer = "\n".join(str(value) for value in scores(endpoint_name, text))
    return 200, {"Content-Type": "text/csv; charset=utf-8", "x-Amzn-Invoked-Production-Variant": "AllTraffic"}, answer


_PATCHES = MotoPatches().replace(SageMakerRuntimeResponse, "invoke_endpoint", _invoke_endpoint)
install = _PATCHES.install
uninstall = _PATCHES.uninstall
