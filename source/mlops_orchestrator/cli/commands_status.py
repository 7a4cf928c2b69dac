"""`status PIPELINE_ID [--watch]`: a readable pipeline status, refreshed until there is nothing to wait for."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from typing import Any, TextIO

from . import help_text
from .connection import add_connection_options, connect, connection_arguments
from .exit_codes import EXIT_OK, EXIT_PIPELINE_FAILED, EXIT_SERVER, CliError
from .http_client import ApiClient
from .show_view import render_show
from .status_view import Outcome, outcome, progress_line, render_status

DEFAULT_INTERVAL = 10.0
DEFAULT_TIMEOUT = 3600.0


def register(commands: Any) -> None:
    status = commands.add_parser(
        "status",
        help="a pipeline's stages, actions, pending approvals and failure reasons",
        description="Show a pipeline's status as tables: stages and actions, pending approvals, failure reasons.",
        epilog=help_text.STATUS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    status.add_argument(
        "pipeline_id", metavar="PIPELINE_ID", help="pipeline_id, pipeline or blueprint stack name, or model name"
    )
    add_watch_options(status)
    add_connection_options(status)
    status.set_defaults(run=run_status)

    show_command = commands.add_parser(
        "show",
        help="what a pipeline deployed: per stage the blueprint stack, its status and outputs, and the request",
        description="Show what a pipeline deployed: per stage the blueprint stack (or StackSet), its status and "
        "outputs (endpoint name, inference API URL, monitoring schedule, job names), and the request behind it.",
        epilog=help_text.SHOW,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    show_command.add_argument("pipeline_id", metavar="PIPELINE_ID", help="pipeline_id, stack name or model name")
    add_connection_options(show_command)
    show_command.set_defaults(run=run_show)


def run_show(args: argparse.Namespace) -> int:
    answer = connect(args).post("/pipelinestatus", {"pipeline_id": args.pipeline_id})
    print(json.dumps(answer.get("summary") or {}, indent=2) if args.json else render_show(answer))
    return EXIT_OK


def add_watch_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--watch", action="store_true", help="refresh until the pipeline succeeds, fails or waits")
    parser.add_argument(
        "--interval", type=seconds, default=DEFAULT_INTERVAL, metavar="S", help="seconds between refreshes (10)"
    )
    parser.add_argument(
        "--timeout", type=seconds, default=DEFAULT_TIMEOUT, metavar="S", help="give up after S seconds (3600)"
    )


def seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return value


def run_status(args: argparse.Namespace) -> int:
    client = connect(args)
    if not args.watch:
        answer = client.post("/pipelinestatus", {"pipeline_id": args.pipeline_id})
        show(answer, args.json, connection_arguments(args))
        return exit_code_of(outcome(answer))
    return watch_and_show(
        client, args.pipeline_id, args.interval, args.timeout, args.json, connection=connection_arguments(args)
    )


def show(answer: dict[str, Any], as_json: bool, connection: list[str] | None = None) -> None:
    print(json.dumps(answer, indent=2) if as_json else render_status(answer, connection))


def watch_and_show(
    client: ApiClient,
    pipeline_id: str,
    interval: float,
    timeout: float,
    as_json: bool,
    provisioned: dict[str, Any] | None = None,
    connection: list[str] | None = None,
) -> int:
    """Watch, then show the final status; with `provisioned` (provision --watch --json) both go in one document."""
    answer, result = watch(client, pipeline_id, interval, timeout)
    if as_json and provisioned is not None:
        print(json.dumps({"provision": provisioned, "status": answer}, indent=2))
    else:
        show(answer, as_json, connection)
    if result is Outcome.RUNNING:
        raise CliError(f"the pipeline has not finished after {timeout:g} s; run status --watch again", EXIT_SERVER)
    return exit_code_of(result)


def exit_code_of(result: Outcome) -> int:
    """A failed pipeline is a non-zero exit, so scripts (`set -e`, CI) stop; waiting or running is not a failure."""
    if result is Outcome.FAILED:
        raise CliError("the pipeline failed; the reasons are listed above", EXIT_PIPELINE_FAILED)
    return EXIT_OK


def watch(
    client: ApiClient,
    pipeline_id: str,
    interval: float,
    timeout: float,
    progress: TextIO | None = None,
    clock: Callable[[], float] | None = None,
    sleep: Callable[[float], None] | None = None,
) -> tuple[dict[str, Any], Outcome]:
    """Poll until the outcome is not RUNNING or `timeout` passes; progress goes to stderr, stdout stays clean."""
    out = progress or sys.stderr
    clock = clock or time.monotonic
    sleep = sleep or time.sleep
    live = out.isatty()
    started = clock()
    previous = None
    while True:
        answer = client.post("/pipelinestatus", {"pipeline_id": pipeline_id})
        result = outcome(answer)
        line = progress_line(answer)
        elapsed = clock() - started
        if live:
            # One line rewritten in place; a change of state keeps the old line above the new one.
            if previous is not None and line != previous:
                out.write("\n")
            out.write(f"\r\x1b[K[{elapsed:5.0f}s] {line}")
        elif line != previous:
            out.write(f"[{elapsed:5.0f}s] {line}\n")
        out.flush()
        previous = line
        if result is not Outcome.RUNNING or elapsed >= timeout:
            if live:
                out.write("\n")
            return answer, result
        sleep(min(interval, max(timeout - elapsed, 0)))
