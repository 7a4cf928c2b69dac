"""`local` and `demo`: the orchestrator offline, on an embedded AWS emulator."""

from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path
from typing import Any

from . import help_text
from .exit_codes import EXIT_USAGE, CliError

LOCAL_EXTRA_MODULES = ("moto", "flask", "yaml")
"""Modules of the `local` extra that local mode imports: one missing means the extra is not installed."""


def register(commands: Any) -> None:
    local = commands.add_parser(
        "local",
        help="run the orchestrator offline: an embedded AWS emulator plus the API on 127.0.0.1",
        description="Start local mode and print one JSON line with its endpoints, then run until interrupted.",
        epilog=help_text.LOCAL,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    local.add_argument("--port", type=int, default=0, help="API port on 127.0.0.1 (default: any free port)")
    local.add_argument("--aws-port", type=int, default=0, help="emulator port on 127.0.0.1 (default: any free port)")
    local.add_argument("--multi-account", action="store_true", help="behave as the multi-account orchestrator")
    local.add_argument("--model-registry", action="store_true", help="use the SageMaker model registry")
    local.add_argument("--detailed-errors", action="store_true", help="include server-side details in 5xx bodies")
    _verbose_option(local)
    local.set_defaults(run=run_local)

    demo = commands.add_parser(
        "demo",
        help="the whole story offline: train, deploy an endpoint, call it, monitor it, show the status",
        description=(
            "Run local mode and tell the whole story: train a model with the training pipeline, deploy it to a "
            "real-time endpoint, call it, attach a data-quality monitor with its baseline, and show the status "
            "of everything. With --config, provision that one request by API and by mlops-config.json instead."
        ),
        epilog=help_text.DEMO,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    demo.add_argument(
        "--config",
        type=Path,
        default=None,
        help="provision this one request instead of telling the story",
    )
    _verbose_option(demo)
    demo.set_defaults(run=run_demo)


def _verbose_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--verbose",
        action="store_true",
        help="also show the emulator's warnings and Python warnings on stderr (hidden by default)",
    )


def require_local_extra() -> None:
    """A plain `pip install` of the package has the CLI only; say how to add local mode."""
    missing = [name for name in LOCAL_EXTRA_MODULES if importlib.util.find_spec(name) is None]
    if missing:
        raise CliError(
            f"local mode needs the package's `local` extra ({', '.join(missing)} not installed): "
            "pip install 'mlops-workload-orchestrator[local]'",
            EXIT_USAGE,
        )


def run_local(args: argparse.Namespace) -> int:
    require_local_extra()
    from mlops_orchestrator.local import verbosity
    from mlops_orchestrator.local.runner import run_local as start

    verbosity.apply(args.verbose)
    return start(
        port=args.port,
        aws_port=args.aws_port,
        multi_account=args.multi_account,
        model_registry=args.model_registry,
        detailed_errors=args.detailed_errors,
    )


def run_demo(args: argparse.Namespace) -> int:
    require_local_extra()
    from mlops_orchestrator.local import verbosity
    from mlops_orchestrator.local.demo import run_demo as demo

    verbosity.apply(args.verbose)
    return demo(args.config)
