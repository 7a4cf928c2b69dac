"""The blueprints' REST APIs on the local HTTP front: `/inference/<api id>/<stage>/<path>`.

On AWS, the real-time blueprint's API Gateway stage calls its Lambda through an AWS_PROXY integration. Here
the local front hands such a request to `handle`, which finds the REST API in the emulator (in whichever
account its stack was deployed to), the stage, the resource and method for the path, and the Lambda its
integration names, and runs that function's handler in-process (see `lambda_runner`) with the proxy event
API Gateway would send. The function calls the emulator's InvokeEndpoint.

`local_url` turns the `https://<api id>.execute-api.<region>.amazonaws.com/<stage>/...` URL of a stack output
into this front's URL, so `show` and `status` print an address that answers. As in the orchestrator's own
local API, IAM authorization is not checked; API Gateway's request validation is left to the handler, which
refuses a bad body itself.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from . import lambda_runner

log = logging.getLogger(__name__)

PREFIX = "/inference/"
_AWS_URL = re.compile(r"^https://(?P<api>[a-z0-9]+)\.execute-api\.[a-z0-9-]+\.amazonaws\.com/(?P<rest>.*)$")
_LAMBDA_URI = re.compile(r":lambda:path/[^/]+/functions/(?P<function>arn:[^/]+)/invocations$")
_front_url: list[str] = []


def serve_at(url: str | None) -> None:
    """The local front's base URL while local mode runs (None: stopped)."""
    _front_url[:] = [url] if url else []


def local_url(value: Any) -> Any:
    """A stack output's API Gateway URL as the local front serves it; any other value unchanged."""
    if not _front_url or not isinstance(value, str):
        return value
    match = _AWS_URL.match(value)
    if match is None or _find_api(match["api"]) is None:
        return value
    return f"{_front_url[0]}{PREFIX}{match['api']}/{match['rest']}"


def handle(method: str, path: str, event: dict[str, Any]) -> tuple[int, dict[str, str], Any]:
    """(status, headers, Lambda proxy result or error body) for a request under PREFIX."""
    parts = path[len(PREFIX) :].split("/", 2)
    if len(parts) < 3:
        return _error(404, "Not Found")
    api_id, stage, rest = parts[0], parts[1], "/" + parts[2]
    found = _find_api(api_id)
    if found is None:
        return _error(404, f"No REST API {api_id}")
    account_id, region, api = found
    if stage not in api.stages:
        return _error(403, f"No stage {stage} in REST API {api_id}")
    resource = api.get_resource_for_path(rest)
    method_record = resource.resource_methods.get(method) if resource else None
    method_record = method_record or (resource.resource_methods.get("ANY") if resource else None)
    if method_record is None:
        return _error(403, "Missing Authentication Token")  # API Gateway's answer for an unknown route
    integration = method_record.method_integration
    target = _LAMBDA_URI.search(str(getattr(integration, "uri", "") or ""))
    if integration is None or getattr(integration, "integration_type", "") != "AWS_PROXY" or target is None:
        return _error(500, "Local mode serves only Lambda proxy integrations")
    event = {
        **event,
        "resource": resource.get_path(),
        "path": rest,
        "pathParameters": None,
        "requestContext": {
            **event.get("requestContext", {}),
            "accountId": account_id,
            "apiId": api_id,
            "stage": stage,
            "resourcePath": resource.get_path(),
            "path": f"/{stage}{rest}",
        },
    }
    try:
        result = lambda_runner.invoke(account_id, region, target["function"], event)
    except Exception:
        log.exception("the inference function of %s raised", api_id)
        return _error(502, "Internal server error")
    return 200, {}, result


def _find_api(api_id: str) -> tuple[str, str, Any] | None:
    """(account, region, moto's RestAPI) of `api_id`, in any account of the emulator."""
    from moto.apigateway.models import apigateway_backends

    for account_id, regions in list(apigateway_backends.items()):
        for region, backend in list(regions.items()):
            api = backend.apis.get(api_id)
            if api is not None:
                return account_id, region, api
    return None


def _error(status: int, message: str) -> tuple[int, dict[str, str], Any]:
    return status, {"Content-Type": "application/json"}, {"message": message}
