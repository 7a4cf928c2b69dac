"""boto3 clients for the commands that call AWS with the caller's own credentials (approve, reject).

On AWS: the standard credential chain (--profile, AWS_PROFILE, SSO, ...) in the API's region. In local mode
(an API on this machine): the emulator that the local API names on its discovery route, with the emulator's
dummy credentials, so a command pasted from local mode never reaches real AWS.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

from .exit_codes import EXIT_INVALID, EXIT_SERVER, EXIT_USAGE, CliError
from .http_client import is_local, region_from_url

DISCOVERY_TIMEOUT = 10.0


def aws_client(service: str, api_url: str, region: str | None, profile: str | None) -> Any:
    import boto3
    from botocore.exceptions import BotoCoreError

    if is_local(api_url):
        from mlops_orchestrator.local.emulator import DUMMY_CREDENTIALS

        endpoint, local_region = local_emulator(api_url)
        session = boto3.session.Session(region_name=local_region, **DUMMY_CREDENTIALS)
        return session.client(service, endpoint_url=endpoint)
    try:
        session = boto3.session.Session(profile_name=profile)
        chosen = region or region_from_url(api_url) or os.environ.get("AWS_REGION") or session.region_name
        if not chosen:
            raise CliError(f"cannot tell the region of {service}: pass --region or set AWS_REGION", EXIT_USAGE)
        return session.client(service, region_name=chosen)
    except BotoCoreError as error:
        raise CliError(f"cannot create the {service} client: {error}", EXIT_USAGE) from None


def local_emulator(api_url: str) -> tuple[str, str]:
    """(endpoint URL, region) of the AWS emulator behind local mode's API at `api_url`."""
    from mlops_orchestrator.local.discovery import DISCOVERY_PATH, ENDPOINT_KEY, REGION_KEY

    url = f"{api_url.rstrip('/')}{DISCOVERY_PATH}"
    try:
        with urllib.request.urlopen(url, timeout=DISCOVERY_TIMEOUT) as response:
            document = json.loads(response.read())
        return str(document[ENDPOINT_KEY]), str(document[REGION_KEY])
    except (urllib.error.URLError, OSError, ValueError, KeyError, TypeError) as error:
        raise CliError(
            f"the API at {api_url} does not say where its AWS emulator is ({url}: {getattr(error, 'reason', error)})",
            EXIT_SERVER,
            ["hint: is it `mlops-orchestrator local`? A local API of an older version cannot approve from the CLI"],
        ) from None


def call_aws(
    client: Any, service: str, operation: str, /, hints: Callable[[str], list[str]] = lambda code: [], **kwargs: Any
) -> Any:
    """`operation` (its API name, e.g. "PutApprovalResult") on `client` of `service` (its API name, e.g.
    "CodePipeline"); every failure is a `CliError` naming the service, the operation and AWS's error code and
    message, with the hints `hints` gives for the code."""
    from botocore import xform_name
    from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

    method = getattr(client, xform_name(operation))
    try:
        return method(**kwargs)
    except NoCredentialsError:
        raise CliError(
            "no AWS credentials found: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY", EXIT_SERVER
        ) from None
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "?")
        message = error.response.get("Error", {}).get("Message", str(error))
        details = list(hints(code))
        if "AccessDenied" in code:
            details.insert(0, f"hint: your IAM identity needs {service.lower()}:{operation}")
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 400)
        exit_code = EXIT_INVALID if status < 500 else EXIT_SERVER
        raise CliError(f"{service} {operation} failed: {code}: {message}", exit_code, details) from None
    except BotoCoreError as error:
        raise CliError(f"{service} {operation} failed: {error}", EXIT_SERVER) from None
