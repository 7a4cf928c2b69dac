"""Whether the stage accounts may use a model package group of the orchestrator account (multi-account registry).

A blueprint stack in the dev, staging or prod account creates its SageMaker model from a package that lives in
the orchestrator account, which works only if the package's group has a resource policy that lets that account
describe the package and create a model from it. The group the orchestrator stack creates has one; a user's own
group usually has none, and without this check the first sign is the dev stage's deploy failing minutes later.

The check reads the group's policy and looks for `Allow` statements it can judge: principals that are an account
id, an account's `root`, or `*` limited by `aws:PrincipalAccount`; actions and resources with IAM wildcards.
Anything it cannot judge (other conditions, roles of the account, Not* elements) counts as "may allow", so it
only warns about an account that is clearly left out. It is a warning, not a refusal: IAM has ways to allow
that a resource policy does not show. A policy that cannot be read (AccessDenied, throttling, an emulator
without the API) is logged and never fails the request.
"""

from __future__ import annotations

import enum
import fnmatch
import json
import logging
from collections.abc import Collection, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final

from botocore.exceptions import BotoCoreError, ClientError

from .catalog.inference import InferenceRequest
from .catalog.monitor_requests import MonitorRequest
from .catalog.monitors import MONITORS
from .errors import FieldProblem
from .fields import MODEL_PACKAGE_ARN_RE
from .settings import Settings
from .validation import ValidatedRequest

if TYPE_CHECKING:
    from types_boto3_sagemaker import SageMakerClient

# A child of the Lambda handler's logger, so that info records reach its log at its level.
logger = logging.getLogger("mlops-orchestrator.group-sharing")

NEEDED_ACTIONS: Final = ("sagemaker:DescribeModelPackage", "sagemaker:CreateModel")
"""What a stage account's blueprint does with a package of the group: describe it and create a model from it."""
SHARED_ACTIONS: Final = (
    "sagemaker:DescribeModelPackageGroup",
    "sagemaker:DescribeModelPackage",
    "sagemaker:ListModelPackages",
    "sagemaker:CreateModel",
)
"""What `registry share` grants: reading the group and creating models from it, never approving its packages."""
DOCS_SECTION: Final = "docs/user-guide.md#multi-account-with-your-own-group"
NO_POLICY_MESSAGE: Final = "Cannot find resource policy"
"""How SageMaker words the ValidationException of GetModelPackageGroupPolicy on a group without a policy."""


class Verdict(enum.Enum):
    NO = "no"
    MAYBE = "maybe"
    YES = "yes"


def group_arn_of(package_arn: str) -> str | None:
    """`arn:…:model-package/<group>/<version>` -> `arn:…:model-package-group/<group>`; None for other names."""
    match = MODEL_PACKAGE_ARN_RE.match(package_arn)
    if match is None:
        return None
    prefix = package_arn.split(":model-package/", 1)[0]
    return f"{prefix}:model-package-group/{match.group('group')}"


def account_of(arn: str) -> str:
    return arn.split(":")[4]


def sharing_policy(group_arn: str, accounts: Iterable[str]) -> dict[str, Any]:
    """The resource policy `registry share` puts on a group: `accounts` may read it and create models from it."""
    partition = group_arn.split(":")[1]
    package_arns = group_arn.replace(":model-package-group/", ":model-package/", 1) + "/*"
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "StageAccountsDeployModelPackages",
                "Effect": "Allow",
                "Principal": {"AWS": [f"arn:{partition}:iam::{account}:root" for account in sorted(set(accounts))]},
                "Action": list(SHARED_ACTIONS),
                "Resource": [group_arn, package_arns],
            }
        ],
    }


def accounts_left_out(policy: Mapping[str, Any] | None, accounts: Collection[str], package_arn: str) -> list[str]:
    """The accounts of `accounts` that `policy` (None: the group has none) clearly does not let use `package_arn`:
    for one of NEEDED_ACTIONS, no statement may allow it. Sorted; empty when the policy cannot be judged."""
    if policy is None:
        return sorted(accounts)
    statements = policy.get("Statement")
    if isinstance(statements, Mapping):
        statements = [statements]
    if not isinstance(statements, list) or not all(isinstance(statement, Mapping) for statement in statements):
        return []
    resources = {package_arn.lower(), (group_arn_of(package_arn) or package_arn).lower()}
    return sorted(
        account
        for account in accounts
        if any(
            all(_allows(statement, account, action, resources) is Verdict.NO for statement in statements)
            for action in NEEDED_ACTIONS
        )
    )


def _allows(statement: Mapping[str, Any], account: str, action: str, resources: set[str]) -> Verdict:
    if statement.get("Effect") != "Allow":
        return Verdict.NO
    # Not* elements allow what they do not name, which this check does not try to work out.
    verdicts = [
        Verdict.MAYBE if "NotPrincipal" in statement else _principal(statement.get("Principal"), account),
        Verdict.MAYBE
        if "NotAction" in statement
        else _verdict(_matches_any(statement.get("Action"), {action.lower()})),
        Verdict.MAYBE
        if "NotResource" in statement
        else _verdict("Resource" not in statement or _matches_any(statement["Resource"], resources)),
        _condition(statement.get("Condition"), account),
    ]
    if Verdict.NO in verdicts:
        return Verdict.NO
    return Verdict.MAYBE if Verdict.MAYBE in verdicts else Verdict.YES


def _verdict(matches: bool) -> Verdict:
    return Verdict.YES if matches else Verdict.NO


def _principal(principal: Any, account: str) -> Verdict:
    if principal == "*":
        return Verdict.YES
    if not isinstance(principal, Mapping):
        return Verdict.NO
    found = Verdict.NO
    for value in _strings(principal.get("AWS")):
        if value in ("*", account) or (value.endswith(f":iam::{account}:root") and value.startswith("arn:")):
            return Verdict.YES
        if value.startswith("arn:") and value.split(":")[4:5] == [account]:
            found = Verdict.MAYBE  # a role or user of the account: whether the blueprint's role is one is unknown
    return found


def _condition(condition: Any, account: str) -> Verdict:
    """Only `aws:PrincipalAccount` under StringEquals/StringLike is judged; any other condition may allow."""
    if not condition:
        return Verdict.YES
    if not isinstance(condition, Mapping):
        return Verdict.MAYBE
    for operator, tests in condition.items():
        if operator not in ("StringEquals", "StringLike") or not isinstance(tests, Mapping):
            return Verdict.MAYBE
        for key, values in tests.items():
            if str(key).lower() != "aws:principalaccount":
                return Verdict.MAYBE
            if not any(fnmatch.fnmatchcase(account, value) for value in _strings(values)):
                return Verdict.NO
    return Verdict.YES


def _matches_any(patterns: Any, values: set[str]) -> bool:
    """IAM's `*` and `?` wildcards, case-insensitively (actions are; SageMaker ARNs are lowercase)."""
    return any(fnmatch.fnmatchcase(value, pattern.lower()) for pattern in _strings(patterns) for value in values)


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def read_policy(sagemaker: SageMakerClient, group: str) -> tuple[bool, Mapping[str, Any] | None]:
    """(whether it could be read, the group's policy or None when it has none)."""
    try:
        document = sagemaker.get_model_package_group_policy(ModelPackageGroupName=group)["ResourcePolicy"]
        policy = json.loads(document)
    except ClientError as error:
        details = error.response.get("Error", {})
        if details.get("Code") == "ValidationException" and NO_POLICY_MESSAGE in str(details.get("Message")):
            return True, None
        logger.info("cannot read the policy of model package group %s: %s", group, error)
        return False, None
    except (BotoCoreError, ValueError) as error:
        logger.info("cannot read the policy of model package group %s: %s", group, error)
        return False, None
    return (True, policy) if isinstance(policy, Mapping) else (False, None)


def _creates_a_model(validated: ValidatedRequest[Any]) -> bool:
    """Whether the stage accounts create a SageMaker model from the request's package: real-time and batch
    pipelines do, and so do the Clarify monitors' baselines; the other monitors only name the version."""
    if isinstance(validated.request, InferenceRequest):
        return True
    kind = next((kind for kind, declared in MONITORS.items() if declared is validated.declaration), None)
    return isinstance(validated.request, MonitorRequest) and kind is not None and kind.clarify


def sharing_warning(
    validated: ValidatedRequest[Any], settings: Settings, sagemaker: SageMakerClient
) -> FieldProblem | None:
    """A warning naming the stage accounts the request's model package group is clearly not shared with; None
    outside multi-account registry mode, for a package of no group, or when every account may use it."""
    request = validated.request
    if not (settings.multi_account and settings.model_registry):
        return None
    if not _creates_a_model(validated) or not request.model_package_name:
        return None
    package_arn = request.model_package_name
    group_arn = group_arn_of(package_arn)
    if group_arn is None:
        return None
    owner = account_of(package_arn)
    # A stage in the group's own account needs no resource policy.
    accounts = {stage.account_id for stage in settings.accounts.values() if stage.account_id not in ("", owner)}
    if not accounts:
        return None
    # The name as the request spells it (ARNs may lowercase it); a pinned version's group as its ARN does.
    group = request.model_package_group_name or group_arn.rsplit("/", 1)[1]
    readable, policy = read_policy(sagemaker, group)
    missing = accounts_left_out(policy, accounts, package_arn) if readable else []
    if not missing:
        return None
    field = "model_package_group_name" if request.model_package_group_name else "model_package_name"
    reason = (
        "has no resource policy, so it does not allow"
        if policy is None
        else "has a resource policy that does not allow"
    )
    share = f"mlops-orchestrator registry share {group} " + " ".join(
        f"--account {account}" for account in sorted(accounts)
    )
    return FieldProblem(
        field,
        f"the model package group {group} {reason} stage account(s) {', '.join(missing)} to use its packages "
        f"(sagemaker:DescribeModelPackage and sagemaker:CreateModel): deploying there will fail with an access "
        f"error. The request was accepted; share the group with `{share}` (see {DOCS_SECTION}).",
    )
