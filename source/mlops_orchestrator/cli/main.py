"""`mlops-orchestrator`: local mode, the offline demo, and offline validation and planning."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        result: int = args.run(args)
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away; that is not an error of ours.
        sys.stderr.close()
        return EXIT_OK
    return result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mlops-orchestrator",
        description="Provision SageMaker MLOps pipelines from one JSON document.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    local = commands.add_parser(
        "local",
        help="run the orchestrator offline: an embedded AWS emulator plus the API on 127.0.0.1",
        description="Start local mode and print one JSON line with its endpoints, then run until interrupted.",
    )
    local.add_argument("--port", type=int, default=0, help="API port on 127.0.0.1 (default: any free port)")
    local.add_argument("--aws-port", type=int, default=0, help="emulator port on 127.0.0.1 (default: any free port)")
    local.add_argument("--multi-account", action="store_true", help="behave as the multi-account orchestrator")
    local.add_argument("--model-registry", action="store_true", help="use the SageMaker model registry")
    local.add_argument("--detailed-errors", action="store_true", help="include server-side details in 5xx bodies")
    local.set_defaults(run=_run_local)

    demo = commands.add_parser(
        "demo",
        help="the main job, offline: local mode, a real-time pipeline by API and by mlops-config.json, status",
    )
    demo.add_argument(
        "--config",
        type=Path,
        default=None,
        help="request body to provision (default: examples/byom_realtime_builtin.json)",
    )
    demo.set_defaults(run=_run_demo)

    validate = commands.add_parser("validate", help="check request files offline; every problem at once")
    validate.add_argument("files", nargs="+", type=Path)
    validate.add_argument("--multi-account", action="store_true")
    validate.add_argument("--model-registry", action="store_true")
    validate.set_defaults(run=_run_validate)

    plan = commands.add_parser("plan", help="show what a request file would create, without AWS (dry run)")
    plan.add_argument("file", type=Path)
    plan.add_argument("--multi-account", action="store_true")
    plan.add_argument("--model-registry", action="store_true")
    plan.set_defaults(run=_run_plan)

    schema = commands.add_parser("schema", help="print the JSON Schema of mlops-config.json")
    schema.set_defaults(run=_run_schema)
    return parser


def _run_local(args: argparse.Namespace) -> int:
    from mlops_orchestrator.local.runner import run_local

    return run_local(
        port=args.port,
        aws_port=args.aws_port,
        multi_account=args.multi_account,
        model_registry=args.model_registry,
        detailed_errors=args.detailed_errors,
    )


def _run_demo(args: argparse.Namespace) -> int:
    from mlops_orchestrator.local.demo import run_demo

    return run_demo(args.config)


def _offline_settings(args: argparse.Namespace) -> Any:
    from mlops_orchestrator.local.settings import offline_settings

    return offline_settings(multi_account=args.multi_account, model_registry=args.model_registry)


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _run_validate(args: argparse.Namespace) -> int:
    from mlops_orchestrator.core.errors import RequestValidationError
    from mlops_orchestrator.core.validation import validate_request

    settings = _offline_settings(args)
    failed = False
    for path in args.files:
        try:
            validated = validate_request(_load(path), settings)
        except (OSError, ValueError) as error:
            print(f"{path}: cannot read: {error}")
            failed = True
            continue
        except RequestValidationError as error:
            failed = True
            for problem in error.problems:
                print(f"{path}: {problem.field}: {problem.message}")
            continue
        for warning in validated.warnings:
            print(f"{path}: warning: {warning.field}: {warning.message}")
        print(f"{path}: ok ({validated.declaration.name})")
    return EXIT_INVALID if failed else EXIT_OK


def _run_plan(args: argparse.Namespace) -> int:
    from mlops_orchestrator.core.errors import RequestValidationError
    from mlops_orchestrator.core.planning import plan_request
    from mlops_orchestrator.core.validation import validate_request

    settings = _offline_settings(args)
    try:
        plan = plan_request(validate_request(_load(args.file), settings), settings)
    except RequestValidationError as error:
        for problem in error.problems:
            print(f"{args.file}: {problem.field}: {problem.message}", file=sys.stderr)
        return EXIT_INVALID
    print(json.dumps(plan.as_dict(), indent=2))
    return EXIT_OK


def _run_schema(_args: argparse.Namespace) -> int:
    from mlops_orchestrator.core.schema import config_schema

    print(json.dumps(config_schema(), indent=2, sort_keys=True))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
