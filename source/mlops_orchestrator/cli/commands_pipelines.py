"""`provision`, `list` and `deprovision`: the pipeline lifecycle through the orchestrator API."""

from __future__ import annotations

import argparse
import json
import shlex
import time
from pathlib import Path
from typing import Any

from . import help_text
from .api_errors import ApiError
from .commands_model_cards import is_model_card_request, post_model_card
from .commands_status import DEFAULT_INTERVAL, DEFAULT_TIMEOUT, add_watch_options, seconds, watch_and_show
from .connection import add_connection_options, connect, connection_arguments
from .exit_codes import EXIT_OK, EXIT_SERVER, EXIT_USAGE, CliError
from .model_card_view import render_model_card_answer
from .plan_view import render_plan
from .request_files import load_request
from .status_view import config_file_failure
from .tables import fields, table

MAX_PAGE = 100


def register(commands: Any) -> None:
    provision = _parser(commands, "provision", "create or update a pipeline from a request file", help_text.PROVISION)
    provision.add_argument("file", type=Path, metavar="FILE", help="request file (as mlops-config.json); - is stdin")
    provision.add_argument("--dry-run", action="store_true", help="ask the API for the plan; nothing is created")
    add_watch_options(provision)
    add_connection_options(provision)
    provision.set_defaults(run=run_provision)

    listing = _parser(
        commands, "list", "the pipelines this orchestrator provisioned, with their status", help_text.LIST
    )
    listing.add_argument("--max-results", type=_page_size, default=20, metavar="N", help="pipelines per page (20)")
    listing.add_argument("--next-token", metavar="TOKEN", help="the page after the one that printed TOKEN")
    listing.add_argument("--all", action="store_true", help="every page, not only the first")
    add_connection_options(listing)
    listing.set_defaults(run=run_list)

    deprovision = _parser(
        commands,
        "deprovision",
        "delete a pipeline: deployed blueprint, pipeline stack, template.zip",
        help_text.DEPROVISION,
    )
    which = deprovision.add_mutually_exclusive_group(required=True)
    which.add_argument("pipeline_id", nargs="?", metavar="PIPELINE_ID", help="pipeline_id, or the pipeline stack name")
    which.add_argument("--file", type=Path, metavar="FILE", help="the request file that provisioned the pipeline")
    deprovision.add_argument("--dry-run", action="store_true", help="show what would be deleted; delete nothing")
    deprovision.add_argument("--wait", action="store_true", help="repeat until everything is deleted")
    deprovision.add_argument(
        "--interval", type=seconds, default=DEFAULT_INTERVAL / 2, metavar="S", help="seconds between requests (5)"
    )
    deprovision.add_argument(
        "--timeout", type=seconds, default=DEFAULT_TIMEOUT, metavar="S", help="give up waiting after S seconds (3600)"
    )
    add_connection_options(deprovision)
    deprovision.set_defaults(run=run_deprovision)


def _parser(commands: Any, name: str, summary: str, epilog: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        name,
        help=summary,
        description=summary[0].upper() + summary[1:] + ".",
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return parser


def _page_size(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= MAX_PAGE:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1 to {MAX_PAGE}")
    return int(text)


# -- provision ------------------------------------------------------------------------------------


def run_provision(args: argparse.Namespace) -> int:
    body = load_request(args.file)
    if args.dry_run:
        body = {**body, "dry_run": True}
    client = connect(args)
    if is_model_card_request(body):
        # A model card is not a pipeline: no pipeline_id, nothing to watch.
        answer = post_model_card(client, body)
        print(json.dumps(answer, indent=2) if args.json else render_model_card_answer(answer))
        return EXIT_OK
    answer = client.post("/provisionpipeline", body)
    pipeline_id = answer.get("pipeline_id")
    if args.watch and pipeline_id:
        if not args.json:
            _print_provisioned(answer)
        provisioned = answer if args.json else None
        return watch_and_show(
            client,
            str(pipeline_id),
            args.interval,
            args.timeout,
            args.json,
            provisioned,
            connection_arguments(args),
        )
    if args.json:
        print(json.dumps(answer, indent=2))
    elif "plan" in answer:
        print(f"{answer.get('message')}\n\n{render_plan(answer['plan'], answer.get('warnings'))}")
    else:
        _print_provisioned(answer)
        print(
            f"\nnext: {shlex.join(['mlops-orchestrator', 'status', str(pipeline_id), '--watch', *connection_arguments(args)])}"
        )
    return EXIT_OK


def _print_provisioned(answer: dict[str, Any]) -> None:
    print(fields([("message", answer.get("message")), ("pipeline_id", answer.get("pipeline_id"))]))
    for warning in answer.get("warnings") or []:
        print(f"warning: {warning.get('field')}: {warning.get('message')}")


# -- list -----------------------------------------------------------------------------------------


def run_list(args: argparse.Namespace) -> int:
    client = connect(args)
    pipelines: list[dict[str, Any]] = []
    token = args.next_token
    config_failure = None
    while True:
        request: dict[str, Any] = {"max_results": args.max_results}
        if token:
            request["next_token"] = token
        page = client.post("/listpipelines", request)
        pipelines += page.get("pipelines") or []
        config_failure = page.get("last_config_file_failure")
        token = page.get("next_token")
        if not token or not args.all:
            break
    if args.json:
        extra = {"next_token": token} if token else {}
        if config_failure:
            extra["last_config_file_failure"] = config_failure
        print(json.dumps({"pipelines": pipelines, **extra}, indent=2))
        return EXIT_OK
    if not pipelines:
        print("No pipelines.")
    else:
        rows = [
            [
                item.get("name"),
                item.get("pipeline_type"),
                item.get("stack_status"),
                _last_result(item),
                _minutes(item.get("created")),
                item.get("stack_name"),
            ]
            for item in pipelines
        ]
        print(table(["name", "type", "stack status", "last result", "created", "pipeline (stack name)"], rows, None))
    if config_failure:
        print(f"\n{config_file_failure(config_failure)}")
    if token:
        print(f"\nmore: mlops-orchestrator list --next-token {token}")
    return EXIT_OK


def _minutes(created: Any) -> str | None:
    # ISO-8601 from the API; minutes are precise enough to tell pipelines apart in a table.
    return str(created)[:16].replace("T", " ") if created else None


# -- deprovision ----------------------------------------------------------------------------------


def run_deprovision(args: argparse.Namespace) -> int:
    if args.dry_run and args.wait:
        raise CliError("--dry-run and --wait do not go together", EXIT_USAGE)
    body: dict[str, Any] = load_request(args.file) if args.file else {"pipeline_id": args.pipeline_id}
    if args.dry_run:
        body["dry_run"] = True
    client = connect(args)
    try:
        answer = client.post("/deprovisionpipeline", body)
    except ApiError as error:
        if error.status != 404:
            raise
        # Nothing left to delete is the state deprovision aims for: a script with `set -e` carries on.
        return _already_gone(body, error, args.json)
    deleted = list(answer.get("deleted") or [])
    started = time.monotonic()
    shown: list[str] = []
    while args.wait and answer.get("status") == "deleting":
        if answer.get("deleting") != shown:
            shown = list(answer.get("deleting") or [])
            print(f"deleting: {', '.join(shown)}", flush=True)
        if time.monotonic() - started >= args.timeout:
            raise CliError(
                f"still deleting after {args.timeout:g} s: {', '.join(answer.get('deleting', []))}", EXIT_SERVER
            )
        time.sleep(args.interval)
        try:
            answer = client.post("/deprovisionpipeline", body)
        except ApiError as error:
            if error.status != 404:
                raise
            # The last piece finished deleting since the previous request: nothing is left.
            answer = {**answer, "status": "deleted", "deleting": [], "message": "Pipeline has been deleted."}
        deleted += [item for item in answer.get("deleted") or [] if item not in deleted]
    answer = {**answer, "deleted": deleted} if "deleted" in answer else answer
    if args.json:
        print(json.dumps(answer, indent=2))
        return EXIT_OK
    print(answer.get("message"))
    rows = [
        *([item, "would be deleted"] for item in answer.get("would_delete") or []),
        *([item, "deleted"] for item in deleted),
        *([item, "deleting"] for item in answer.get("deleting") or []),
    ]
    if rows:
        print(table(["resource", "state"], rows, None))
    if answer.get("status") == "deleting":
        print("\nDeletion continues in AWS: run the same command again (or add --wait) to finish it.")
    return EXIT_OK


def _already_gone(body: dict[str, Any], error: ApiError, as_json: bool) -> int:
    which = body.get("pipeline_id") or "the pipeline of this request file"
    message = f"Nothing to delete: {which} is already gone (or was never provisioned)."
    if as_json:
        print(json.dumps({"message": message, "status": "already_gone", "api_message": error.body}, indent=2))
    else:
        print(message)
    return EXIT_OK


def _last_result(item: dict[str, Any]) -> str | None:
    error = item.get("status_error")
    if error:
        return f"unreadable: {error.get('error_code')} on {error.get('operation')}"
    result: str | None = item.get("last_pipeline_result")
    return result
