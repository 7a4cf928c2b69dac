"""`dashboard`: the web pages, started here with the same connection options as every API command.

The dashboard is built on the CLI's code paths (discovery, signing, approvals), so it sits above the CLI; this
command is the one place the CLI reaches up to it, and only when the command runs.
"""

from __future__ import annotations

import argparse
from typing import Any

from . import help_text
from .connection import add_connection_options
from .exit_codes import EXIT_USAGE, CliError

DEFAULT_PORT = 8765


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "dashboard",
        help="web pages on 127.0.0.1: pipelines, approvals, registry, provisioning",
        description="Serve the dashboard on 127.0.0.1 until interrupted; it calls AWS with your credentials.",
        epilog=help_text.DASHBOARD,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port to listen on ({DEFAULT_PORT}; 0: any free)"
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (127.0.0.1); anything else lets others act with your AWS credentials",
    )
    group = add_connection_options(parser, json_option=False)
    group.add_argument("--local", action="store_true", help="start local mode in this process and show it")
    group.add_argument("--multi-account", action="store_true", help="with --local: the multi-account orchestrator")
    group.add_argument("--model-registry", action="store_true", help="with --local: use the model registry")
    parser.add_argument("--verbose", action="store_true", help="log every request and the emulator's warnings")
    parser.set_defaults(run=run_dashboard)


def run_dashboard(args: argparse.Namespace) -> int:
    if args.local and (args.api_url or args.stack):
        raise CliError("--local starts its own API: leave out --api-url and --stack", EXIT_USAGE)
    if (args.multi_account or args.model_registry) and not args.local:
        raise CliError("--multi-account and --model-registry describe local mode: add --local", EXIT_USAGE)
    try:
        from mlops_orchestrator.dashboard.server import run
    except ImportError as error:
        raise CliError(
            f"the dashboard needs packages that are not installed ({error.name})",
            EXIT_USAGE,
            ["hint: pip install 'mlops-workload-orchestrator[dashboard]'"],
        ) from None
    return run(args)
