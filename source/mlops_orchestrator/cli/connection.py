"""The options every command that calls the API shares, and the client they build."""

from __future__ import annotations

import argparse

from .api_url import ENV_VAR, resolve_api_url
from .http_client import ApiClient, default_signer


def add_connection_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("where the API is")
    where = group.add_mutually_exclusive_group()
    where.add_argument("--api-url", metavar="URL", help=f"the API's base URL, stage included (default: ${ENV_VAR})")
    where.add_argument("--stack", metavar="NAME", help="read the API URL from this orchestrator stack's outputs")
    group.add_argument("--region", help="AWS region for signing and --stack (default: from the URL, then AWS_REGION)")
    group.add_argument("--profile", help="AWS profile for credentials (default: the standard credential chain)")
    group.add_argument("--no-sign", action="store_true", help="send unsigned requests (local mode is never signed)")
    parser.add_argument("--json", action="store_true", help="print the API's JSON answer instead of tables")


def connect(args: argparse.Namespace) -> ApiClient:
    url = resolve_api_url(args.api_url, args.stack, args.region, args.profile)
    signer = None if args.no_sign else default_signer(url, args.region, args.profile)
    return ApiClient(url, signer)
