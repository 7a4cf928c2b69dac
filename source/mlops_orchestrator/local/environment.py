"""The process environment local mode runs the orchestrator with, and its restoration afterwards.

The handler reads its settings from environment variables on every request, and boto3 reads the
endpoint and credentials from them, so local mode sets them for the process and puts back exactly what
was there before when it stops.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

# Anything that could send a request to a real AWS account, or to another endpoint, is switched off.
_REMOVED_PREFIXES = ("AWS_ENDPOINT_URL_",)
_REMOVED = (
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
    "AWS_ROLE_ARN",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
)


def emulator_environment(region: str) -> dict[str, str]:
    """Dummy credentials, isolated from the user's AWS configuration files (the endpoint comes later)."""
    return {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": region,
        "AWS_REGION": region,
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    }


class ProcessEnvironment:
    """Applies variables to `os.environ` and restores the previous values (set or unset) on `restore()`."""

    def __init__(self) -> None:
        self._previous: dict[str, str | None] = {}

    def apply(self, values: Mapping[str, str]) -> None:
        removed = [name for name in os.environ if name in _REMOVED or name.startswith(_REMOVED_PREFIXES)]
        for name in [*removed, *values]:
            if name not in self._previous:
                self._previous[name] = os.environ.get(name)
        for name in removed:
            os.environ.pop(name, None)
        os.environ.update(values)

    def restore(self) -> None:
        for name, value in self._previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        self._previous.clear()
