"""`registry list|approve|reject|share`: the model registry side of releasing, with the caller's own credentials.

Approving or rejecting a package is the release: the orchestrator hears the registry's state-change event and
redeploys the pipelines that follow the package's group. `list` shows the group's versions and which of the
pipelines following the group runs each, per stage (from the API's /listpipelines and /pipelinestatus).
`share` lets the stage accounts of multi-account mode deploy the group's versions (registry_share.py).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from . import help_text, registry_share
from .aws_clients import aws_client, call_aws
from .connection import add_connection_options, connect
from .exit_codes import EXIT_OK
from .http_client import ApiClient
from .tables import table

_STATUS = {"approve": "Approved", "reject": "Rejected"}


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "registry",
        help="model registry releases: list a group's versions, approve or reject one",
        description="Model registry releases: approving a package deploys it to the pipelines following its group.",
        epilog=help_text.REGISTRY,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    verbs = parser.add_subparsers(dest="registry_verb", metavar="VERB", required=True)
    listing = verbs.add_parser("list", help="a group's versions and which following pipeline and stage runs each")
    listing.add_argument("group", metavar="GROUP", help="model package group name")
    add_connection_options(listing)
    listing.set_defaults(run=run_list)
    for verb in _STATUS:
        verdict = verbs.add_parser(verb, help=f"{verb} a model package version (UpdateModelPackage)")
        verdict.add_argument("arn", metavar="ARN", help="versioned model package ARN")
        verdict.add_argument("--comment", metavar="TEXT", help="recorded as the package's approval description")
        add_connection_options(verdict)
        verdict.set_defaults(run=run_verdict, verdict=verb)
    registry_share.register(verbs)


def run_list(args: argparse.Namespace) -> int:
    client = connect(args)
    sagemaker = aws_client("sagemaker", client.base_url, args.region, args.profile)
    packages = group_packages(
        lambda **kwargs: call_aws(sagemaker, "SageMaker", "ListModelPackages", **kwargs), args.group
    )
    running = running_versions(client, args.group)
    rows = [
        [
            package.get("ModelPackageVersion"),
            package.get("ModelApprovalStatus"),
            ", ".join(running.get(package["ModelPackageArn"], [])) or "",
            package["ModelPackageArn"],
        ]
        for package in packages
    ]
    if args.json:
        listed = [
            {**_plain(package), "running_in": running.get(package["ModelPackageArn"], [])} for package in packages
        ]
        print(json.dumps({"group": args.group, "packages": listed}, indent=2))
        return EXIT_OK
    print(table(["version", "status", "runs in", "arn"], rows, None) if rows else f"{args.group}: no versions")
    return EXIT_OK


def run_verdict(args: argparse.Namespace) -> int:
    client = connect(args)
    sagemaker = aws_client("sagemaker", client.base_url, args.region, args.profile)
    status = _STATUS[args.verdict]
    extra = {"ApprovalDescription": args.comment} if args.comment else {}
    call_aws(
        sagemaker, "SageMaker", "UpdateModelPackage", ModelPackageArn=args.arn, ModelApprovalStatus=status, **extra
    )
    message = f"{args.arn} is {status}: the pipelines following its group " + (
        "deploy it now." if status == "Approved" else "that run it go back to the newest older approved version."
    )
    print(json.dumps({"model_package": args.arn, "status": status, "message": message}) if args.json else message)
    return EXIT_OK


def group_packages(list_packages: Callable[..., Any], group: str) -> list[dict[str, Any]]:
    """Every version of `group`, oldest first."""
    found: list[dict[str, Any]] = []
    token: str | None = None
    while True:
        page = list_packages(ModelPackageGroupName=group, **({"NextToken": token} if token else {}))
        found += page.get("ModelPackageSummaryList", [])
        token = page.get("NextToken")
        if not token:
            break
    return sorted(found, key=lambda package: int(str(package["ModelPackageArn"]).rsplit("/", 1)[-1]))


def running_versions(client: ApiClient, group: str) -> dict[str, list[str]]:
    """Package ARN -> "pipeline stack (stage)" for every pipeline that uses `group`: the API's index lookup
    (/listpipelines with the group, the one an approval uses), then each one's /pipelinestatus. A pipeline that
    names one version instead of following the group says so ("pinned")."""
    running: dict[str, list[str]] = {}
    for pipeline in client.post("/listpipelines", {"model_package_group_name": group}).get("pipelines", []):
        summary = client.post("/pipelinestatus", {"pipeline_id": pipeline["pipeline_id"]}).get("summary") or {}
        pinned = ", pinned" if pipeline.get("follows_group") is False else ""
        for entry in summary.get("deployments") or []:
            if entry.get("model_package"):
                running.setdefault(entry["model_package"], []).append(
                    f"{pipeline.get('stack_name')} ({entry.get('stage')}{pinned})"
                )
    return running


def _plain(package: dict[str, Any]) -> dict[str, Any]:
    return {key: value if isinstance(value, (str, int, float, bool)) else str(value) for key, value in package.items()}
