"""POST JSON to the orchestrator API, signed with SigV4 unless the API runs on this machine (local mode).

The API uses IAM authorization, so every request to AWS carries a Signature Version 4 `Authorization`
header made from the standard AWS credential chain (environment, profile, SSO, instance role, ...).
Local mode listens on 127.0.0.1 and checks no signature, so nothing is signed there and no credentials
are needed.
"""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

from .api_errors import api_error
from .exit_codes import EXIT_SERVER, EXIT_USAGE, CliError

SERVICE = "execute-api"
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
REQUEST_TIMEOUT = 60.0
_EXECUTE_API_HOST = re.compile(r"^[a-z0-9]+\.execute-api\.(?P<region>[a-z0-9-]+)\.amazonaws\.com(\.cn)?$")

Opener = Callable[..., Any]


def is_local(url: str) -> bool:
    return (urlsplit(url).hostname or "") in LOCAL_HOSTS


def region_from_url(url: str) -> str | None:
    """The region of an API Gateway default endpoint (`{id}.execute-api.{region}.amazonaws.com`)."""
    match = _EXECUTE_API_HOST.match(urlsplit(url).hostname or "")
    return match.group("region") if match else None


def sign_headers(url: str, body: bytes, headers: Mapping[str, str], credentials: Any, region: str) -> dict[str, str]:
    """`headers` plus SigV4's `Authorization`, `X-Amz-Date` (and `X-Amz-Security-Token`) for a POST of `body`."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest

    request = AWSRequest(method="POST", url=url, data=body, headers=dict(headers))
    SigV4Auth(credentials, SERVICE, region).add_auth(request)
    return dict(request.headers.items())


class Signer:
    """Signs requests for one region with one set of (frozen) credentials."""

    def __init__(self, credentials: Any, region: str) -> None:
        self.credentials = credentials
        self.region = region

    def sign(self, url: str, body: bytes, headers: Mapping[str, str]) -> dict[str, str]:
        return sign_headers(url, body, headers, self.credentials, self.region)


def default_signer(url: str, region: str | None = None, profile: str | None = None) -> Signer | None:
    """A signer from the standard credential chain, or None for local mode's 127.0.0.1."""
    if is_local(url):
        return None
    import botocore.session
    from botocore.exceptions import BotoCoreError

    try:
        session = botocore.session.Session(profile=profile)
        credentials = session.get_credentials()
        frozen = credentials.get_frozen_credentials() if credentials is not None else None
        # A wrong signing region is refused by API Gateway, so the URL's own region wins over the defaults.
        region = region or region_from_url(url) or os.environ.get("AWS_REGION") or session.get_config_variable("region")
    except BotoCoreError as error:
        raise CliError(f"cannot load AWS credentials: {error}", EXIT_SERVER) from None
    if frozen is None or not frozen.access_key:
        raise CliError(
            "no AWS credentials found: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, "
            "or run `aws configure` / `aws sso login`",
            EXIT_SERVER,
        )
    if not region:
        raise CliError("cannot tell the API's region from its URL: pass --region or set AWS_REGION", EXIT_USAGE)
    return Signer(frozen, region)


class ApiClient:
    """The orchestrator API at `base_url` (for example https://abc123.execute-api.eu-west-1.amazonaws.com/prod)."""

    def __init__(
        self,
        base_url: str,
        signer: Signer | None = None,
        timeout: float = REQUEST_TIMEOUT,
        opener: Opener | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.signer = signer
        self.timeout = timeout
        self._open = opener or urllib.request.urlopen

    def post(self, path: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """POST `body` as JSON to `path`; the decoded JSON answer, or ApiError/CliError."""
        url = f"{self.base_url}/{path.lstrip('/')}"
        data = json.dumps(body).encode()
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.signer is not None:
            headers = self.signer.sign(url, data, headers)
        request = urllib.request.Request(url, data=data, method="POST", headers=headers)
        try:
            with self._open(request, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as error:
            raise api_error(error.code, error.read(), url) from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise CliError(f"cannot reach the API at {url}: {reason}", EXIT_SERVER) from None
        try:
            answer = json.loads(raw)
        except ValueError:
            raise CliError(
                f"the API at {url} answered something that is not JSON: {raw[:200]!r}", EXIT_SERVER
            ) from None
        if not isinstance(answer, dict):
            raise CliError(f"the API at {url} answered JSON that is not an object", EXIT_SERVER)
        return answer
