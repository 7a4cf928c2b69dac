"""The local API front: HTTP on 127.0.0.1 -> API Gateway REST proxy events -> the orchestrator's handler.

Every request, whatever its method or path, becomes the event API Gateway would send for it; the
handler answers unknown paths itself. Requests under `/inference/` go to the blueprints' own REST APIs
instead (see `inference_api`). The answer's statusCode, headers and body are written back. No
authorization is checked (on AWS the API uses IAM authorization; SigV4 headers are passed through).
"""

from __future__ import annotations

import base64
import datetime
import json
import logging
import threading
import time
import uuid
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from mlops_orchestrator.core.body_limit import TOO_LARGE, too_large

from . import inference_api
from .discovery import DISCOVERY_PATH, discovery_document
from .settings import ACCOUNT_ID, API_STAGE

log = logging.getLogger(__name__)

ROUTES = ("/provisionpipeline", "/pipelinestatus")
_HOP_BY_HOP = {"connection", "content-length", "transfer-encoding", "keep-alive"}
_INTERNAL_ERROR = (502, {"Content-Type": "application/json"}, b'{"message": "Internal server error"}')
"""API Gateway's answer when the integration raises or returns something that is not a proxy response."""


def proxy_event(
    method: str, target: str, headers: list[tuple[str, str]], body: bytes, client_ip: str, host: str
) -> dict[str, Any]:
    """The API Gateway REST (v1) proxy integration event for one request."""
    parts = urlsplit(target)
    path = parts.path or "/"
    resource = path if path in ROUTES else "/{proxy+}"
    single: dict[str, str] = {}
    multi: dict[str, list[str]] = {}
    for name, value in headers:
        single[name] = value
        multi.setdefault(name, []).append(value)
    query = parse_qs(parts.query, keep_blank_values=True)
    try:
        text: str | None = body.decode("utf-8") if body else None
        encoded = False
    except UnicodeDecodeError:
        text, encoded = base64.b64encode(body).decode("ascii"), True
    now = datetime.datetime.now(datetime.UTC)
    request_id = str(uuid.uuid4())
    return {
        "resource": resource,
        "path": path,
        "httpMethod": method,
        "headers": single or None,
        "multiValueHeaders": multi or None,
        "queryStringParameters": {key: values[-1] for key, values in query.items()} or None,
        "multiValueQueryStringParameters": query or None,
        "pathParameters": None if resource in ROUTES else {"proxy": path.lstrip("/")},
        "stageVariables": None,
        "requestContext": {
            "accountId": ACCOUNT_ID,
            "apiId": "local",
            "domainName": host,
            "domainPrefix": host.split(".")[0],
            "extendedRequestId": request_id,
            "httpMethod": method,
            "identity": {
                "sourceIp": client_ip,
                "userAgent": single.get("User-Agent") or single.get("user-agent"),
                "accountId": None,
                "caller": None,
                "user": None,
                "userArn": None,
                "accessKey": None,
                "cognitoIdentityId": None,
                "cognitoIdentityPoolId": None,
                "cognitoAuthenticationType": None,
                "cognitoAuthenticationProvider": None,
            },
            "path": f"/{API_STAGE}{path}",
            "protocol": "HTTP/1.1",
            "requestId": request_id,
            "requestTime": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
            "requestTimeEpoch": int(time.time() * 1000),
            "resourceId": "local",
            "resourcePath": resource,
            "stage": API_STAGE,
        },
        "body": text,
        "isBase64Encoded": encoded,
    }


class ApiServer:
    """A threaded HTTP server whose every request is handed to `invoke` as a proxy event."""

    def __init__(self, invoke: Callable[[dict[str, Any]], Any], port: int = 0) -> None:
        self._invoke = invoke
        self._emulator: dict[str, str] = {}
        self._server = ThreadingHTTPServer(("127.0.0.1", port), _handler_class(invoke, self._emulator))
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def announce_emulator(self, aws_endpoint_url: str, region: str) -> None:
        """Answer the discovery route with the emulator's endpoint (it starts after the API port is bound)."""
        self._emulator.update(aws_endpoint_url=aws_endpoint_url, region=region)

    def start(self) -> ApiServer:
        self._thread = threading.Thread(target=self._server.serve_forever, name="mlops-local-api", daemon=True)
        self._thread.start()
        log.info("orchestrator API listening on %s", self.url)
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=10)
            self._thread = None
        self._server.server_close()


def _handler_class(invoke: Callable[[dict[str, Any]], Any], emulator: dict[str, str]) -> type[BaseHTTPRequestHandler]:
    class ProxyHandler(BaseHTTPRequestHandler):
        server_version = "mlops-local"
        protocol_version = "HTTP/1.1"

        def _proxy(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if too_large(length):
                self._write(413, {"Content-Type": "application/json"}, json.dumps({"message": TOO_LARGE}).encode())
                self.close_connection = True
                return
            body = self.rfile.read(length) if length else b""
            if self.command == "GET" and urlsplit(self.path).path == DISCOVERY_PATH and emulator:
                document = discovery_document(emulator["aws_endpoint_url"], emulator["region"])
                self._write(200, {"Content-Type": "application/json"}, document)
                return
            event = proxy_event(
                self.command,
                self.path,
                list(self.headers.items()),
                body,
                self.client_address[0],
                self.headers.get("Host", "127.0.0.1"),
            )
            route = urlsplit(self.path).path
            if route.startswith(inference_api.PREFIX):
                status, headers, answer = inference_api.handle(self.command, route, event)
                if status != 200:
                    self._write(status, headers, json.dumps(answer).encode())
                    return
                self._write(*_response(answer))
                return
            try:
                result = invoke(event)
            except Exception:
                log.exception("the handler raised")
                self._write(*_INTERNAL_ERROR)
                return
            status, headers, payload = _response(result)
            self._write(status, headers, payload)

        def _write(self, status: int, headers: dict[str, str], payload: bytes) -> None:
            self.send_response(status)
            for name, value in headers.items():
                if name.lower() not in _HOP_BY_HOP:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _proxy

        def log_message(self, format: str, *args: Any) -> None:
            log.debug("%s %s", self.address_string(), format % args)

    return ProxyHandler


def _response(result: Any) -> tuple[int, dict[str, str], bytes]:
    """A Lambda proxy response -> (status, headers, body bytes). A malformed one is API Gateway's 502."""
    if not isinstance(result, dict) or "statusCode" not in result:
        log.error("the handler returned a malformed proxy response: %r", result)
        return _INTERNAL_ERROR
    headers = {str(name): str(value) for name, value in (result.get("headers") or {}).items()}
    for name, values in (result.get("multiValueHeaders") or {}).items():
        if values:
            headers[str(name)] = ", ".join(str(value) for value in values)
    body = result.get("body") or ""
    payload = base64.b64decode(body) if result.get("isBase64Encoded") else str(body).encode()
    return int(result["statusCode"]), headers, payload
