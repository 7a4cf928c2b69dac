"""Where the API is: `--api-url`, `--stack NAME` (the orchestrator stack's outputs) or `$MLOPS_API_URL`."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

from .exit_codes import EXIT_SERVER, EXIT_USAGE, CliError

ENV_VAR = "MLOPS_API_URL"
_EXECUTE_API_URL = re.compile(r"^https://[a-z0-9]+\.execute-api\.[a-z0-9-]+\.amazonaws\.com(\.cn)?(/.*)?$")

CloudFormationFactory = Callable[[str | None, str | None], Any]
"""(region, profile) -> a CloudFormation client."""


def resolve_api_url(
    api_url: str | None,
    stack: str | None,
    region: str | None = None,
    profile: str | None = None,
    environ: Mapping[str, str] | None = None,
    cloudformation: CloudFormationFactory | None = None,
) -> str:
    """Explicit options first (`--api-url`, then `--stack`), then the environment variable."""
    environ = os.environ if environ is None else environ
    if api_url:
        return _checked(api_url, "--api-url")
    if stack:
        factory = cloudformation or _cloudformation_client
        return _checked(api_url_of_stack(factory(region, profile), stack), f"the output of stack {stack}")
    if environ.get(ENV_VAR):
        return _checked(environ[ENV_VAR], f"${ENV_VAR}")
    raise CliError(
        f"no API URL: pass --api-url URL or --stack NAME, or set {ENV_VAR} "
        "(local mode prints its api_url when it starts)",
        EXIT_USAGE,
    )


def api_url_of_stack(cloudformation: Any, stack: str) -> str:
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        stacks = cloudformation.describe_stacks(StackName=stack)["Stacks"]
    except ClientError as error:
        message = error.response.get("Error", {}).get("Message", str(error))
        if "does not exist" in message:
            raise CliError(f"stack {stack} does not exist in this account and region (try --region)") from None
        raise CliError(f"cannot read stack {stack}: {message}", EXIT_SERVER) from None
    except BotoCoreError as error:
        raise CliError(f"cannot read stack {stack}: {error}", EXIT_SERVER) from None
    outputs = stacks[0].get("Outputs", []) if stacks else []
    found = pick_api_url(outputs)
    if found is None:
        keys = ", ".join(sorted(output.get("OutputKey", "?") for output in outputs)) or "none"
        raise CliError(f"stack {stack} has no output with the API URL (its outputs: {keys}); pass --api-url instead")
    return found


def pick_api_url(outputs: list[dict[str, Any]]) -> str | None:
    """The output that holds the API's base URL: named like ApiUrl/Endpoint, or an execute-api URL."""

    def score(output: dict[str, Any]) -> int:
        key = str(output.get("OutputKey", "")).lower()
        value = str(output.get("OutputValue", ""))
        if not value.startswith(("https://", "http://")):
            return 0
        # The name says it best; a bare execute-api URL under another name is the fallback.
        return 2 * ("apiurl" in key) + ("endpoint" in key) + (_EXECUTE_API_URL.match(value) is not None)

    ranked = sorted((output for output in outputs if score(output) > 0), key=score, reverse=True)
    return str(ranked[0]["OutputValue"]) if ranked else None


def _checked(url: str, source: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise CliError(f"{source} is not an http(s) URL: {url!r}", EXIT_USAGE)
    return url.strip().rstrip("/")


def _cloudformation_client(region: str | None, profile: str | None) -> Any:
    import botocore.session
    from botocore.exceptions import BotoCoreError

    try:
        session = botocore.session.Session(profile=profile)
        return session.create_client("cloudformation", region_name=region or os.environ.get("AWS_REGION") or None)
    except BotoCoreError as error:
        # NoRegionError and ProfileNotFound land here: both are fixed on the command line.
        raise CliError(f"cannot read the orchestrator stack: {error}", EXIT_USAGE) from None
