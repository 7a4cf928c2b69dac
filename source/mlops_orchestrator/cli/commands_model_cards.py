"""`model-card create|update|describe|delete|export|list`: SageMaker model cards through the orchestrator API.

Each is the API's model-card operation (`POST /provisionpipeline` with `pipeline_type` `<verb>_model_card`),
with readable answers and errors that speak of model cards.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from . import help_text
from .api_errors import ApiError
from .connection import add_connection_options, connect
from .exit_codes import EXIT_OK, EXIT_USAGE, CliError
from .model_card_view import render_model_card_answer
from .request_files import load_request

STATUSES = ("Draft", "PendingReview", "Approved", "Archived")
NOT_FOUND_HINT = "hint: list the model cards with `mlops-orchestrator model-card list`; names are case-sensitive"


def is_model_card_request(body: dict[str, Any]) -> bool:
    # Imported on use: the catalog builds every pipeline type's declaration, which `--help` need not wait for.
    from mlops_orchestrator.core.catalog import MODEL_CARD_OPERATIONS

    return body.get("pipeline_type") in MODEL_CARD_OPERATIONS


def operation_of(verb: str) -> str:
    return "list_model_cards" if verb == "list" else f"{verb}_model_card"


def register(commands: Any) -> None:
    group = commands.add_parser(
        "model-card",
        help="SageMaker model cards: create, update, describe, delete, export, list",
        description="Manage SageMaker model cards through the orchestrator API (its model-card operations).",
        epilog=help_text.MODEL_CARD,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    verbs = group.add_subparsers(dest="verb", metavar="VERB", required=True)
    for verb, summary in (
        ("create", "create a card from a file with its sections"),
        ("update", "update a card: the sections a file gives, and/or its status"),
    ):
        parser = _verb(verbs, verb, summary)
        parser.add_argument("file", type=Path, metavar="FILE", help="the card's sections as JSON; - reads stdin")
        parser.add_argument("--name", help="the card's name (default: `name` in the file)")
        parser.add_argument("--status", choices=STATUSES, help="the card's status (create: Draft)")
    describe = _verb(verbs, "describe", "a card's fields and sections")
    describe.add_argument("name", metavar="NAME")
    describe.add_argument("--version", type=int, metavar="N", help="a version of the card (default: the latest)")
    _verb(verbs, "delete", "delete a card").add_argument("name", metavar="NAME")
    export = _verb(verbs, "export", "export a card as PDF to s3://<assets bucket>/model_card_exports/")
    export.add_argument("name", metavar="NAME")
    export.add_argument("--version", type=int, metavar="N", help="a version of the card (default: the latest)")
    export.add_argument("--job-name", metavar="NAME", help="the export job's name (default: the card's, timed)")
    _verb(verbs, "list", "the model cards in the orchestrator's account and region")


def _verb(verbs: Any, verb: str, summary: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = verbs.add_parser(
        verb,
        help=summary,
        description=summary[0].upper() + summary[1:] + ".",
        epilog=help_text.MODEL_CARD,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_connection_options(parser)
    parser.set_defaults(run=run_model_card)
    return parser


def run_model_card(args: argparse.Namespace) -> int:
    body = request_body(args)
    answer = post_model_card(connect(args), body)
    print(json.dumps(answer, indent=2) if args.json else render_model_card_answer(answer))
    return EXIT_OK


def request_body(args: argparse.Namespace) -> dict[str, Any]:
    operation = operation_of(args.verb)
    body: dict[str, Any] = {"pipeline_type": operation}
    if args.verb in ("create", "update"):
        document = load_request(args.file)
        given = document.get("pipeline_type")
        if given is not None and given != operation:
            raise CliError(
                f"{args.file} is a {given} request, not {operation}: drop pipeline_type or use the matching verb",
                EXIT_USAGE,
            )
        body = {**document, **body}
        if args.name:
            body["name"] = args.name
        if args.status:
            body["status"] = args.status
    elif args.verb != "list":
        body["name"] = args.name
    if getattr(args, "version", None) is not None:
        body["version" if args.verb == "describe" else "model_card_version"] = args.version
    if getattr(args, "job_name", None):
        body["export_job_name"] = args.job_name
    return body


def post_model_card(client: Any, body: dict[str, Any]) -> dict[str, Any]:
    """POST a model-card operation; a 404 says the card is missing, with a model-card hint."""
    try:
        answer: dict[str, Any] = client.post("/provisionpipeline", body)
    except ApiError as error:
        if error.status == 404:
            error.details = [line for line in error.details if not line.startswith("hint:")] + [NOT_FOUND_HINT]
        raise
    return answer
