"""`approve` and `reject`: answer a multi-account pipeline's manual approval with the caller's own credentials.

The API names the pipeline (any name `status` accepts resolves to its CodePipeline); CodePipeline itself is
called from here, so the approval is recorded under the person who gave it, as in the console.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import help_text
from .approval_stages import APPROVAL_OF_STAGE, stage_opened_by
from .aws_clients import aws_client, call_aws
from .connection import add_connection_options, connect
from .exit_codes import EXIT_INVALID, EXIT_OK, CliError
from .http_client import ApiClient

_VERDICTS = {"approve": ("Approved", "approved"), "reject": ("Rejected", "rejected")}


def register(commands: Any) -> None:
    for verb, summary, epilog in (
        ("approve", "approve the promotion a multi-account pipeline waits for", help_text.APPROVE),
        ("reject", "reject the promotion a multi-account pipeline waits for (the run stops)", help_text.REJECT),
    ):
        parser = commands.add_parser(
            verb,
            help=summary,
            description=summary[0].upper() + summary[1:] + ".",
            epilog=epilog,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        parser.add_argument("pipeline_id", metavar="PIPELINE_ID", help="pipeline_id, pipeline stack or model name")
        parser.add_argument(
            "--stage",
            choices=sorted(APPROVAL_OF_STAGE),
            help="the stage the approval opens (default: the one approval that is waiting)",
        )
        parser.add_argument("--comment", metavar="TEXT", help="recorded with the approval in CodePipeline")
        add_connection_options(parser)
        parser.set_defaults(run=run_verdict, verdict=verb)


def run_verdict(args: argparse.Namespace) -> int:
    client = connect(args)
    answered = answer_approval(
        client,
        lambda: aws_client("codepipeline", client.base_url, args.region, args.profile),
        args.pipeline_id,
        args.stage,
        args.verdict,
        args.comment,
    )
    if args.json:
        print(json.dumps({**dataclasses.asdict(answered), "message": answered.sentence()}, indent=2))
        return EXIT_OK
    print(answered.sentence())
    print(f"\nnext: mlops-orchestrator status {answered.stack_name or args.pipeline_id} --watch")
    return EXIT_OK


@dataclass(frozen=True)
class Answered:
    verdict: str
    pipeline_name: str
    stage_name: str
    action_name: str
    stack_name: str | None

    def sentence(self) -> str:
        where = f"{self.stage_name} / {self.action_name} of {self.pipeline_name}"
        opens = stage_opened_by(self.action_name)
        if self.verdict == "approve":
            return f"Approved {where}: the pipeline deploys to {opens} now."
        return f"Rejected {where}: the run stops; {opens} is not deployed."


def answer_approval(
    client: ApiClient,
    codepipeline_client: Callable[[], Any],
    pipeline_id: str,
    stage: str | None,
    verdict: str,
    comment: str | None,
) -> Answered:
    """Approve or reject (`verdict`) the approval `pipeline_id` waits for; the CLI and the dashboard share this."""
    answer = client.post("/pipelinestatus", {"pipeline_id": pipeline_id})
    summary = answer.get("summary") or {}
    pipeline_name = summary.get("pipeline_name")
    if not pipeline_name:
        raise CliError(
            f"{pipeline_id} has no CodePipeline yet (pipeline stack {summary.get('stack_status')}): "
            "there is nothing to approve"
        )
    codepipeline = codepipeline_client()
    state = call_aws(codepipeline, "CodePipeline", "GetPipelineState", name=pipeline_name)
    stage_name, action_name, token = pending_approval(state, stage, pipeline_name)
    status, done = _VERDICTS[verdict]
    call_aws(
        codepipeline,
        "CodePipeline",
        "PutApprovalResult",
        _approval_hints,
        pipelineName=pipeline_name,
        stageName=stage_name,
        actionName=action_name,
        result={"summary": comment or f"{done} with mlops-orchestrator", "status": status},
        token=token,
    )
    return Answered(verdict, str(pipeline_name), stage_name, action_name, summary.get("stack_name"))


def pending_approval(state: dict[str, Any], stage: str | None, pipeline_name: str) -> tuple[str, str, str]:
    """(stage name, action name, token) of the approval to answer, or a CliError that says why there is none."""
    waiting = [
        (entry.get("stageName"), action.get("actionName"), (action.get("latestExecution") or {}).get("token"))
        for entry in state.get("stageStates") or []
        for action in entry.get("actionStates") or []
        if (action.get("latestExecution") or {}).get("status") == "InProgress"
        and (action.get("latestExecution") or {}).get("token")
    ]
    if not waiting:
        raise CliError(
            f"nothing in {pipeline_name} is waiting for approval",
            EXIT_INVALID,
            [
                "hint: `mlops-orchestrator status` shows where the pipeline is; approvals exist only in multi-account mode"
            ],
        )
    if stage is None:
        if len(waiting) > 1:
            names = ", ".join(stage_opened_by(action) or str(action) for _, action, _ in waiting)
            raise CliError(f"{pipeline_name} waits for several approvals ({names}): pass --stage")
        return _strings(waiting[0])
    wanted = APPROVAL_OF_STAGE[stage].approval
    for found in waiting:
        if found[1] == wanted:
            return _strings(found)
    others = ", ".join(f"--stage {stage_opened_by(action) or action}" for _, action, _ in waiting)
    raise CliError(f"{pipeline_name} is not waiting for approval of {stage}; it waits for: {others}")


def _strings(found: tuple[Any, Any, Any]) -> tuple[str, str, str]:
    return str(found[0]), str(found[1]), str(found[2])


def _approval_hints(code: str) -> list[str]:
    if code in {"ApprovalAlreadyCompletedException", "InvalidApprovalTokenException"}:
        return ["hint: someone answered this approval already; `mlops-orchestrator status` shows the run"]
    return []
