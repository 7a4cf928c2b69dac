"""`registry share GROUP --account ID ...`: let the stage accounts deploy a model package group's versions.

In multi-account mode the dev, staging and prod blueprint stacks create their SageMaker model from a package of
the orchestrator account, which the group's resource policy must allow. This puts that policy on your own group,
with your own AWS credentials: the accounts may describe and list the group's packages and create models from
them (core/group_sharing.SHARED_ACTIONS), not approve or reject them. A group that already has a different policy
is left alone unless `--replace` is given, since a group has one policy and putting one drops the other.
"""

from __future__ import annotations

import argparse
import json
import re
from typing import Any

from mlops_orchestrator.core.group_sharing import NO_POLICY_MESSAGE, sharing_policy

from .aws_clients import aws_client, call_aws
from .connection import add_connection_options, connect
from .exit_codes import EXIT_INVALID, EXIT_OK, CliError

_ACCOUNT = re.compile(r"^\d{12}$")


def account_id(text: str) -> str:
    if not _ACCOUNT.match(text):
        raise argparse.ArgumentTypeError(f"{text!r} is not an AWS account id (12 digits)")
    return text


def register(verbs: Any) -> None:
    share = verbs.add_parser(
        "share",
        help="let stage accounts deploy a group's versions (PutModelPackageGroupPolicy)",
        description="Put a resource policy on your model package group that lets the stage accounts describe its "
        "packages and create models from them (multi-account mode).",
    )
    share.add_argument("group", metavar="GROUP", help="model package group name")
    share.add_argument(
        "--account",
        metavar="ID",
        dest="accounts",
        action="append",
        required=True,
        type=account_id,
        help="a stage account id (dev, staging, prod); repeat for each",
    )
    share.add_argument("--replace", action="store_true", help="replace a different policy the group already has")
    share.add_argument("--dry-run", action="store_true", help="print the policy; change nothing")
    add_connection_options(share)
    share.set_defaults(run=run_share)


def run_share(args: argparse.Namespace) -> int:
    client = connect(args)
    sagemaker = aws_client("sagemaker", client.base_url, args.region, args.profile)
    described = call_aws(sagemaker, "SageMaker", "DescribeModelPackageGroup", ModelPackageGroupName=args.group)
    policy = sharing_policy(described["ModelPackageGroupArn"], args.accounts)
    existing = existing_policy(sagemaker, args.group)
    if existing == policy:
        return _done(args, policy, f"{args.group} is already shared with {', '.join(sorted(set(args.accounts)))}.")
    if existing is not None and not args.replace:
        raise CliError(
            f"{args.group} already has a different resource policy; nothing was changed",
            EXIT_INVALID,
            [
                "its policy: " + json.dumps(existing, indent=2),
                "hint: add --replace to put the new one instead (the old one is dropped), or add the accounts "
                "to it yourself",
            ],
        )
    if args.dry_run:
        verb = "would replace its policy with" if existing is not None else "would put"
        return _done(args, policy, f"Dry run: {verb} this policy on {args.group}; nothing was changed.")
    call_aws(
        sagemaker,
        "SageMaker",
        "PutModelPackageGroupPolicy",
        ModelPackageGroupName=args.group,
        ResourcePolicy=json.dumps(policy),
    )
    accounts = ", ".join(sorted(set(args.accounts)))
    return _done(args, policy, f"{args.group} is shared with {accounts}: their stages can deploy its versions.")


def existing_policy(sagemaker: Any, group: str) -> dict[str, Any] | None:
    """The group's resource policy, or None when it has none."""
    try:
        answer = call_aws(sagemaker, "SageMaker", "GetModelPackageGroupPolicy", ModelPackageGroupName=group)
    except CliError as error:
        if NO_POLICY_MESSAGE in str(error):
            return None
        raise
    policy: dict[str, Any] = json.loads(answer["ResourcePolicy"])
    return policy


def _done(args: argparse.Namespace, policy: dict[str, Any], message: str) -> int:
    if args.json:
        print(json.dumps({"group": args.group, "message": message, "policy": policy}, indent=2))
    else:
        print(message)
        print(json.dumps(policy, indent=2))
    return EXIT_OK
