"""The examples at the end of each `--help` (argparse epilogs); each ends with the exit codes."""

from __future__ import annotations

from .exit_codes import EXIT_CODES_HELP

CONNECTION = """\
where the API is (first found): --api-url URL, --stack NAME (reads the URL from the orchestrator stack's
outputs), $MLOPS_API_URL. Requests to AWS are signed with SigV4 from the standard AWS credential chain
(AWS_PROFILE or --profile, environment variables, SSO, instance roles); requests to 127.0.0.1 (local mode)
are not signed. The guide: docs/user-guide.md"""


def _epilog(examples: str, extra: str = "") -> str:
    parts = ["examples:\n" + examples.rstrip(), extra.rstrip(), EXIT_CODES_HELP]
    return "\n\n".join(part for part in parts if part)


MAIN = _epilog(
    """\
  mlops-orchestrator validate examples/*.json
  mlops-orchestrator plan examples/byom_realtime_builtin.json
  export MLOPS_API_URL=https://abc123.execute-api.eu-west-1.amazonaws.com/prod
  mlops-orchestrator provision examples/byom_realtime_builtin.json
  mlops-orchestrator status PIPELINE_ID --watch
  mlops-orchestrator approve PIPELINE_ID --stage staging
  mlops-orchestrator show PIPELINE_ID
  mlops-orchestrator list
  mlops-orchestrator deprovision PIPELINE_ID --wait""",
    "Run `mlops-orchestrator COMMAND --help` for a command's options. The guide: docs/user-guide.md",
)

VALIDATE = _epilog(
    """\
  mlops-orchestrator validate examples/byom_batch_builtin.json
  mlops-orchestrator validate --multi-account my-pipeline.json other.json
  cat my-pipeline.json | mlops-orchestrator validate -""",
    "Every problem of every file is printed as FILE: FIELD: MESSAGE. Nothing is sent anywhere.",
)

PLAN = _epilog(
    """\
  mlops-orchestrator plan examples/byom_realtime_builtin.json
  mlops-orchestrator plan --multi-account examples/byom_batch_builtin.json
  mlops-orchestrator plan --json examples/model_training_builtin.json""",
    'The same code path as a request with "dry_run": true, offline, with placeholder orchestrator settings\n'
    "(bucket names and accounts are local mode's). The deployed orchestrator's own values: provision --dry-run.",
)

SCHEMA = _epilog(
    """\
  mlops-orchestrator schema > mlops-config.schema.json"""
)

PROVISION = _epilog(
    """\
  mlops-orchestrator provision examples/byom_realtime_builtin.json --api-url http://127.0.0.1:35335
  mlops-orchestrator provision my-pipeline.json --stack mlops-workload-orchestrator --region eu-west-1
  mlops-orchestrator provision my-pipeline.json --dry-run
  mlops-orchestrator provision my-pipeline.json --watch""",
    "Sending the same file again changes nothing; a changed file updates the pipeline.\n\n" + CONNECTION,
)

STATUS = _epilog(
    """\
  mlops-orchestrator status arn:aws:cloudformation:eu-west-1:111122223333:stack/mlops-pipeline-churn-.../...
  mlops-orchestrator status mlops-pipeline-churn-byompipelinerealtimebuiltin-codepipeline --watch
  mlops-orchestrator status PIPELINE_ID --json""",
    "PIPELINE_ID is the pipeline_id that provision printed, the pipeline stack's name (see `list`), the\n"
    "blueprint stack's name (as `plan` shows it), the model name, or the CodePipeline's name. A name that\n"
    "is none of these fails at once (exit 1); nothing waits for a pipeline that cannot appear.\n"
    "--watch refreshes every --interval seconds until the pipeline succeeds, fails or waits for a manual\n"
    "approval, showing the elapsed time and the action running now; it gives up after --timeout (3600 s).\n"
    "A failed pipeline exits 4, with or without --watch.\n\n" + CONNECTION,
)

SHOW = _epilog(
    """\
  mlops-orchestrator show PIPELINE_ID
  mlops-orchestrator show churn-xgboost
  mlops-orchestrator show PIPELINE_ID --json""",
    "Per stage: the blueprint stack (single account) with its status and outputs, or the stage's StackSet\n"
    "and its stack instances (multi-account: the stacks and their outputs live in the stage accounts, which\n"
    "the orchestrator account cannot read). Then the request that produced the pipeline, as validated.\n"
    "--json prints the status summary, which carries the same (deployments, request).\n\n" + CONNECTION,
)

LIST = _epilog(
    """\
  mlops-orchestrator list
  mlops-orchestrator list --all --json
  mlops-orchestrator list --max-results 5""",
    CONNECTION,
)

DEPROVISION = _epilog(
    """\
  mlops-orchestrator deprovision PIPELINE_ID --dry-run
  mlops-orchestrator deprovision PIPELINE_ID --wait
  mlops-orchestrator deprovision --file examples/byom_realtime_builtin.json --wait""",
    "Deletes the deployed blueprint stack (or StackSets), then the pipeline stack and its template.zip.\n"
    'Deletion is asynchronous: without --wait one request is sent and the answer may be "deleting";\n'
    "--wait repeats it until everything is gone. A pipeline that is already gone exits 0.\n\n" + CONNECTION,
)

APPROVAL = (
    "Multi-account pipelines stop after dev and after staging until someone approves the next stage.\n"
    "The API names the pipeline (PIPELINE_ID may be the pipeline_id, the pipeline stack's or the blueprint\n"
    "stack's name, or the model name); CodePipeline's GetPipelineState and PutApprovalResult are then called\n"
    "with your own AWS credentials (codepipeline:GetPipelineState and codepipeline:PutApprovalResult on the\n"
    "pipeline). In local mode the same command answers the emulator that the local API names: nothing is\n"
    "sent to AWS. Without --stage, the one approval that waits is answered.\n\n" + CONNECTION
)

APPROVE = _epilog(
    """\
  mlops-orchestrator approve PIPELINE_ID
  mlops-orchestrator approve PIPELINE_ID --stage prod --comment "staging checks passed"
  mlops-orchestrator approve mlops-pipeline-churn-byompipelinerealtimebuiltin-codepipeline --api-url http://127.0.0.1:35335""",
    APPROVAL,
)

REGISTRY = _epilog(
    """\
  mlops-orchestrator registry list churn
  mlops-orchestrator registry approve arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/3
  mlops-orchestrator registry reject arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/3 --comment drift
  mlops-orchestrator registry share churn --account 111111111111 --account 222222222222 --account 333333333333""",
    "Pipelines whose request names model_package_group_name follow the group: approving a version deploys it\n"
    "to them (a monitor baselines it), rejecting the version they run takes them back to the newest older\n"
    "approved one (or only notifies, with on_reject: notify). Multi-account: `share` lets the stage accounts\n"
    "deploy your own group's versions (PutModelPackageGroupPolicy). SageMaker's APIs are called with\n"
    "your own AWS credentials; in local mode, the emulator that the local API names.\n\n" + CONNECTION,
)

REJECT = _epilog(
    """\
  mlops-orchestrator reject PIPELINE_ID --stage staging --comment "latency too high in dev"
  mlops-orchestrator reject PIPELINE_ID""",
    APPROVAL,
)

MODEL_CARD = _epilog(
    """\
  mlops-orchestrator model-card create card.json
  mlops-orchestrator model-card update card.json --status PendingReview
  mlops-orchestrator model-card update card.json --name churn-xgboost --status Approved
  mlops-orchestrator model-card describe churn-xgboost --version 2
  mlops-orchestrator model-card export churn-xgboost
  mlops-orchestrator model-card list
  mlops-orchestrator model-card delete churn-xgboost""",
    "FILE holds the card as the API takes it (name, status, model_overview, intended_uses,\n"
    "training_details, evaluation_details, additional_information); pipeline_type may be left out.\n"
    "`validate FILE` checks a model-card file offline too. The guide: docs/user-guide.md#model-cards\n\n" + CONNECTION,
)

LOCAL = _epilog(
    """\
  mlops-orchestrator local
  mlops-orchestrator local --multi-account --port 8080""",
    'Prints one JSON line ({"api_url": ...}) when ready; pass that api_url to the other commands.',
)

DEMO = _epilog(
    """\
  mlops-orchestrator demo
  mlops-orchestrator demo --config examples/byom_batch_builtin.json"""
)

DASHBOARD = _epilog(
    """\
  mlops-orchestrator dashboard --local --multi-account
  mlops-orchestrator dashboard --stack mlops-workload-orchestrator --profile ops
  MLOPS_API_URL=https://abc123.execute-api.eu-west-1.amazonaws.com/prod mlops-orchestrator dashboard --port 9000""",
    "Open the URL it prints. The server calls the API, CodePipeline and SageMaker with your AWS credentials;\n"
    "the browser never sees them. Stop it with Ctrl-C.\n\n" + CONNECTION,
)
