"""`validate`, `plan` and `schema`: offline, no AWS and no API, the same core code as the orchestrator."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from . import help_text
from .commands_model_cards import is_model_card_request
from .exit_codes import EXIT_INVALID, EXIT_OK, CliError
from .plan_view import render_plan
from .request_files import load_request


def register(commands: Any) -> None:
    validate = commands.add_parser(
        "validate",
        help="check request files offline; every problem of every file at once",
        description="Check request files (provisioning bodies or mlops-config.json) without AWS.",
        epilog=help_text.VALIDATE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE", help="request file; - reads stdin")
    _add_mode_options(validate)
    validate.set_defaults(run=run_validate)

    plan = commands.add_parser(
        "plan",
        help="show what a request file would create: stacks, blueprint, parameters per stage (offline)",
        description="Offline dry run: the stack names, the blueprint and its parameters per stage.",
        epilog=help_text.PLAN,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    plan.add_argument("file", type=Path, metavar="FILE", help="request file; - reads stdin")
    _add_mode_options(plan)
    plan.add_argument("--json", action="store_true", help="print the plan as JSON (the dry_run answer's plan)")
    plan.set_defaults(run=run_plan)

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of mlops-config.json",
        description="Print the JSON Schema every request body and mlops-config.json must satisfy.",
        epilog=help_text.SCHEMA,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    schema.set_defaults(run=run_schema)


def _add_mode_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--multi-account", action="store_true", help="as a multi-account orchestrator would")
    parser.add_argument("--model-registry", action="store_true", help="as an orchestrator using the model registry")


def _settings(args: argparse.Namespace) -> Any:
    from mlops_orchestrator.local.settings import offline_settings

    return offline_settings(multi_account=args.multi_account, model_registry=args.model_registry)


def run_validate(args: argparse.Namespace) -> int:
    from mlops_orchestrator.core.errors import RequestValidationError
    from mlops_orchestrator.core.validation import validate_request

    settings = _settings(args)
    failed = False
    for path in args.files:
        try:
            body = load_request(path)
            if is_model_card_request(body):
                _validate_model_card(path, body)
                continue
            validated = validate_request(body, settings)
        except CliError as error:
            print(error)
            failed = True
            continue
        except RequestValidationError as error:
            failed = True
            for warning in error.warnings:
                print(f"{path}: warning: {warning.field}: {warning.message}")
            for problem in error.problems:
                print(f"{path}: {problem.field}: {problem.message}")
            continue
        for warning in validated.warnings:
            print(f"{path}: warning: {warning.field}: {warning.message}")
        print(f"{path}: ok ({validated.declaration.name})")
    return EXIT_INVALID if failed else EXIT_OK


def _validate_model_card(path: Path, body: dict[str, Any]) -> None:
    """A model-card request is checked by the API's own model, offline (the SageMaker lookups wait for AWS)."""
    from mlops_orchestrator.core.model_cards.request import parse

    parse(body)
    verb = str(body["pipeline_type"]).removesuffix("_model_card").removesuffix("_model_cards")
    print(
        f"{path}: ok ({body['pipeline_type']}: a model card request; send it with `mlops-orchestrator model-card {verb}`)"
    )


def run_plan(args: argparse.Namespace) -> int:
    from mlops_orchestrator.core.errors import RequestValidationError
    from mlops_orchestrator.core.planning import plan_request
    from mlops_orchestrator.core.validation import validate_request

    settings = _settings(args)
    body = load_request(args.file)
    if is_model_card_request(body):
        raise CliError(
            f"{args.file}: a model card request creates no pipeline, so it has no plan",
            EXIT_INVALID,
            ["hint: check it with `mlops-orchestrator validate`, send it with `mlops-orchestrator model-card`"],
        )
    try:
        validated = validate_request(body, settings)
    except RequestValidationError as error:
        raise CliError(
            f"{args.file}: invalid request", EXIT_INVALID, [f"{p.field}: {p.message}" for p in error.problems]
        ) from None
    plan = plan_request(validated, settings).as_dict()
    warnings = [problem.as_dict() for problem in validated.warnings]
    if args.json:
        print(json.dumps(plan, indent=2))
    else:
        print(render_plan(plan, warnings))
    return EXIT_OK


def run_schema(_args: argparse.Namespace) -> int:
    from mlops_orchestrator.core.schema import config_schema

    print(json.dumps(config_schema(), indent=2, sort_keys=True))
    return EXIT_OK
