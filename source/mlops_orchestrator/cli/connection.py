"""The options every command that calls the API shares, and the client they build."""

from __future__ import annotations

import argparse

from .api_url import ENV_VAR, resolve_api_url
from .http_client import ApiClient, default_signer


def add_connection_options(parser: argparse.ArgumentParser, json_option: bool = True) -> argparse._ArgumentGroup:
    """The options, in a group the caller may add to; `json_option=False` for a command that prints no answer."""
    group = parser.add_argument_group("where the API is")
    where = group.add_mutually_exclusive_group()
    where.add_argument("--api-url", metavar="URL", help=f"the API's base URL, stage included (default: ${ENV_VAR})")
    where.add_argument("--stack", metavar="NAME", help="read the API URL from this orchestrator stack's outputs")
    group.add_argument("--region", help="AWS region for signing and --stack (default: from the URL, then AWS_REGION)")
    group.add_argument("--profile", help="AWS profile for credentials (default: the standard credential chain)")
    group.add_argument("--no-sign", action="store_true", help="send unsigned requests (local mode is never signed)")
    if json_option:
        parser.add_argument("--json", action="store_true", help="print the API's JSON answer instead of tables")
    return group


def connection_arguments(args: argparse.Namespace) -> list[str]:
    """The connection options this command was given, for a command line the user can paste next.

    $MLOPS_API_URL is not repeated: the pasted command runs in the same shell and reads it again.
    """
    found: list[str] = []
    if getattr(args, "api_url", None):
        found += ["--api-url", args.api_url]
    if getattr(args, "stack", None):
        found += ["--stack", args.stack]
    for option in ("region", "profile"):
        if getattr(args, option, None):
            found += [f"--{option}", getattr(args, option)]
    if getattr(args, "no_sign", False):
        found.append("--no-sign")
    return found


def connect(args: argparse.Namespace) -> ApiClient:
    url = resolve_api_url(args.api_url, args.stack, args.region, args.profile)
    signer = None if args.no_sign else default_signer(url, args.region, args.profile)
    return ApiClient(url, signer)
