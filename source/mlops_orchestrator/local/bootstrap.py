"""Local mode's "deployment" of the orchestrator's own resources into the emulator.

What the orchestrator stack creates on AWS, as far as the orchestrator needs it: the assets bucket
(versioned), the blueprint bucket with the blueprint templates, the config bucket whose uploads reach
the orchestrator (here through an SQS queue, see `config_trigger`), the notifications topic, the
CloudFormation role and the ECR repository. In multi-account mode also an organization with one
organizational unit and one account per stage, so that StackSets have real targets.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import boto3

from mlops_orchestrator.core.service import CONFIG_FILE_KEY
from mlops_orchestrator.core.settings import STAGES, StageAccount

from . import samples
from . import settings as local
from .emulator import DUMMY_CREDENTIALS, Emulator
from .example_endpoint import seed_example_endpoint
from .registry_samples import FOLLOWING_EXAMPLE_ENDPOINT

log = logging.getLogger(__name__)

CONFIG_QUEUE_VISIBILITY_SECONDS = 2
"""How long a config event that failed stays invisible before it is tried again."""


@dataclass(frozen=True)
class Bootstrapped:
    config_queue_url: str
    accounts: dict[str, StageAccount] = field(default_factory=dict)
    """The stage accounts and organizational units (multi-account mode only)."""


def bootstrap(
    emulator: Emulator, multi_account: bool, templates: Mapping[str, str], model_registry: bool = False
) -> Bootstrapped:
    s3 = emulator.client("s3")
    for bucket in (local.ASSETS_BUCKET, local.BLUEPRINT_BUCKET, local.CONFIG_BUCKET):
        s3.create_bucket(Bucket=bucket)
    # Versioned, as on AWS: the provisioner undoes exactly the template.zip version it uploaded.
    s3.put_bucket_versioning(Bucket=local.ASSETS_BUCKET, VersioningConfiguration={"Status": "Enabled"})
    for file_name, text in templates.items():
        s3.put_object(Bucket=local.BLUEPRINT_BUCKET, Key=f"blueprints/{file_name}", Body=text.encode())
    emulator.client("sns").create_topic(Name=local.TOPIC_NAME)
    emulator.client("iam").create_role(
        RoleName=local.CFN_ROLE,
        AssumeRolePolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "cloudformation.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                    }
                ],
            }
        ),
    )
    emulator.client("ecr").create_repository(repositoryName=local.ECR_REPO)
    samples.seed(s3, emulator.client("ecr"))
    queue_url = _config_events(emulator)
    accounts = _organization(emulator) if multi_account else {}
    clients = [
        emulator.client("sagemaker"),
        *(_in_account(emulator, "sagemaker", a.account_id) for a in accounts.values()),
    ]
    seed_example_endpoint(clients, local.ASSETS_BUCKET, samples.MODEL_ARCHIVE)
    if model_registry:
        seed_example_endpoint(clients, local.ASSETS_BUCKET, samples.MODEL_ARCHIVE, FOLLOWING_EXAMPLE_ENDPOINT)
    log.info("orchestrator resources created in the emulator (%d blueprint templates)", len(templates))
    return Bootstrapped(queue_url, accounts)


def _config_events(emulator: Emulator) -> str:
    """S3 event notifications of the config bucket -> an SQS queue that local mode polls."""
    sqs = emulator.client("sqs")
    queue_url: str = sqs.create_queue(
        QueueName=local.CONFIG_QUEUE, Attributes={"VisibilityTimeout": str(CONFIG_QUEUE_VISIBILITY_SECONDS)}
    )["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    emulator.client("s3").put_bucket_notification_configuration(
        Bucket=local.CONFIG_BUCKET,
        NotificationConfiguration={
            "QueueConfigurations": [
                {
                    "Id": "mlops-config",
                    "QueueArn": queue_arn,
                    "Events": ["s3:ObjectCreated:*"],
                    "Filter": {"Key": {"FilterRules": [{"Name": "suffix", "Value": CONFIG_FILE_KEY}]}},
                }
            ]
        },
    )
    return queue_url


def _organization(emulator: Emulator) -> dict[str, StageAccount]:
    """An organization with one OU and one member account per stage (ids are moto's)."""
    organizations = emulator.client("organizations")
    organizations.create_organization(FeatureSet="ALL")
    root = organizations.list_roots()["Roots"][0]["Id"]
    accounts = {}
    for stage in STAGES:
        unit = organizations.create_organizational_unit(ParentId=root, Name=stage)["OrganizationalUnit"]["Id"]
        status = organizations.create_account(
            Email=local.ORG_ACCOUNT_EMAIL.format(stage=stage), AccountName=f"mlops-local-{stage}"
        )["CreateAccountStatus"]
        organizations.move_account(AccountId=status["AccountId"], SourceParentId=root, DestinationParentId=unit)
        accounts[stage] = StageAccount(status["AccountId"], unit)
    return accounts


def _in_account(emulator: Emulator, service: str, account_id: str) -> Any:
    """A client of the emulator acting in `account_id` (moto's `x-moto-account-id` header)."""
    session = boto3.session.Session(region_name=local.REGION, **DUMMY_CREDENTIALS)
    client = session.client(service, endpoint_url=emulator.endpoint_url)

    def _account_header(request: Any, **_: Any) -> None:
        request.headers["x-moto-account-id"] = account_id

    client.meta.events.register("before-send", _account_header)
    return client
