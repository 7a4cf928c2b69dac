# PYTHON_ARGCOMPLETE_OK  (argcomplete's global activation looks for this marker in the entry point's module)
"""`mlops-orchestrator`: wiring only. The commands live in commands_*.py, the exit codes in exit_codes.py."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from .. import __version__
from . import (
    commands_approvals,
    commands_dashboard,
    commands_local,
    commands_model_cards,
    commands_offline,
    commands_pipelines,
    commands_registry,
    commands_status,
    help_text,
)
from .exit_codes import EXIT_INVALID, EXIT_OK, EXIT_SERVER, EXIT_USAGE, CliError

__all__ = ["EXIT_INVALID", "EXIT_OK", "EXIT_SERVER", "EXIT_USAGE", "build_parser", "main"]

DEBUG_ENV = "MLOPS_CLI_DEBUG"
"""Set to 1 to see the traceback of an unexpected error instead of one line."""
COMPLETION_ENV = "_ARGCOMPLETE"
"""Set by the shell's completion hook (argcomplete) when it asks for completions instead of running a command."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mlops-orchestrator",
        description="Provision SageMaker MLOps pipelines from one JSON document: validate, plan, provision, "
        "watch, approve, show, list and deprovision, against AWS or local mode.",
        epilog=help_text.MAIN,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (
        commands_local,
        commands_offline,
        commands_pipelines,
        commands_status,
        commands_approvals,
        commands_model_cards,
        commands_registry,
        commands_dashboard,
    ):
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    if COMPLETION_ENV in os.environ:
        # Imported only when the shell asks for completions: every other run skips the import.
        import argcomplete

        argcomplete.autocomplete(parser)
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help (0) and usage errors (2): a return code, so main() can be called in-process
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        result: int = args.run(args)
    except CliError as error:
        _report(str(error), error.details)
        return error.exit_code
    except KeyboardInterrupt:
        _report("interrupted", [])
        return 130
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away; that is not an error of ours.
        sys.stderr.close()
        return EXIT_OK
    except Exception as error:
        if os.environ.get(DEBUG_ENV):
            raise
        _report(f"unexpected {type(error).__name__}: {error} (set {DEBUG_ENV}=1 for the traceback)", [])
        return EXIT_SERVER
    return result


def _report(message: str, details: list[str]) -> None:
    print(f"error: {message}", file=sys.stderr)
    for line in details:
        print(f"  {line}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
