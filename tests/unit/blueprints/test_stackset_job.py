"""Reading a CodePipeline job: UserParameters, the artifact's files, the continuation token."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from aws_lambda_powertools.utilities.data_classes import CodePipelineJobEvent
from moto import mock_aws

from mlops_orchestrator.blueprints.multi_account_codepipeline.runtime.job import (
    MAX_TEMPLATE_BODY,
    REQUIRED_KEYS,
    JobError,
    compact_template,
    parse_user_parameters,
    read_archive,
    read_artifact,
    stage_parameters,
)
from tests.unit.blueprints.stackset_support import (
    ARTIFACT,
    ARTIFACT_BUCKET,
    ARTIFACT_KEY,
    PARAMETERS,
    REGION,
    TEMPLATE,
    job_event,
    template_zip,
    user_parameters,
)


def test_the_parameters_become_a_deployment() -> None:
    deployment = parse_user_parameters(json.dumps(user_parameters(extra="ignored")))
    assert deployment.stackset_name == "mlops-pipeline-demo-dev-1a2b3c4d"
    assert (deployment.artifact, deployment.template_file) == (ARTIFACT, "blueprint.yaml")
    assert deployment.account_ids == ("111111111111",)
    assert deployment.org_ids == ("ou-abcd-11111111",)
    assert deployment.regions == (REGION,)
    assert REQUIRED_KEYS == (
        "stackset_name",
        "artifact",
        "template_file",
        "stage_params_file",
        "account_ids",
        "org_ids",
        "regions",
    )


def test_the_archive_is_the_named_input_artifact() -> None:
    with mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket=ARTIFACT_BUCKET)
        s3.put_object(Bucket=ARTIFACT_BUCKET, Key=ARTIFACT_KEY, Body=template_zip())
        job = CodePipelineJobEvent(job_event(user_parameters()))
        assert read_archive(job, parse_user_parameters(json.dumps(user_parameters()))) == template_zip()


def test_an_artifact_the_parameters_do_not_name_is_an_error() -> None:
    # Refused before any AWS call: there is nothing to read.
    job = CodePipelineJobEvent(job_event(user_parameters(artifact="Other")))
    with pytest.raises(JobError, match=r"^The job has no input artifact named Other$"):
        read_archive(job, parse_user_parameters(json.dumps(user_parameters(artifact="Other"))))


def test_every_missing_and_malformed_key_is_named_at_once() -> None:
    values = user_parameters(regions=[""], template_file=3)
    del values["artifact"], values["org_ids"]
    with pytest.raises(JobError) as raised:
        parse_user_parameters(json.dumps(values))
    assert str(raised.value) == (
        "Your UserParameters JSON must include artifact, org_ids; "
        "UserParameters template_file must be a non-empty string, not 3; "
        "UserParameters regions must be a non-empty list of strings, not ['']"
    )


@pytest.mark.parametrize("key", REQUIRED_KEYS)
def test_each_key_is_required_in_the_originals_words(key: str) -> None:
    values = user_parameters()
    del values[key]
    with pytest.raises(JobError, match=f"^Your UserParameters JSON must include {key}$"):
        parse_user_parameters(json.dumps(values))


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (None, "must be a JSON object"),
        ("not json", "must be a JSON object"),
        ("[1]", "must be a JSON object"),
        (json.dumps(user_parameters(regions=[])), "regions must be a non-empty list"),
        (json.dumps(user_parameters(account_ids="111111111111")), "account_ids must be a non-empty list"),
        (json.dumps(user_parameters(stackset_name="")), "stackset_name must be a non-empty string"),
        (json.dumps(user_parameters(template_file=3)), "template_file must be a non-empty string"),
    ],
)
def test_malformed_parameters_are_refused(raw: str | None, message: str) -> None:
    with pytest.raises(JobError, match=message):
        parse_user_parameters(raw)


def test_the_template_and_the_stage_parameters_come_from_the_zip() -> None:
    deployment = parse_user_parameters(json.dumps(user_parameters()))
    template, parameters = read_artifact(template_zip(), deployment)
    assert json.loads(template) == TEMPLATE
    assert parameters == PARAMETERS


def test_a_broken_zip_is_an_error() -> None:
    deployment = parse_user_parameters(json.dumps(user_parameters()))
    with pytest.raises(JobError, match="is not a zip file"):
        read_artifact(b"not a zip", deployment)


def test_json_templates_are_compacted_and_yaml_is_sent_as_written() -> None:
    assert compact_template(json.dumps(TEMPLATE, indent=4), "t.yaml") == json.dumps(TEMPLATE, separators=(",", ":"))
    yaml = "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n"
    assert compact_template(yaml, "t.yaml") == yaml


def test_a_template_too_large_for_a_stackset_is_refused() -> None:
    large = "Description: " + "x" * MAX_TEMPLATE_BODY
    with pytest.raises(JobError, match=rf"t.yaml is {len(large)} bytes; .* at most {MAX_TEMPLATE_BODY}"):
        compact_template(large, "t.yaml")


@pytest.mark.parametrize(
    "content",
    [
        PARAMETERS,
        {"Parameters": {"Greeting": "hello"}},
    ],
)
def test_both_parameter_file_forms_are_read(content: Any) -> None:
    assert stage_parameters(json.dumps(content), "p.json") == PARAMETERS


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "p.json is not valid JSON"),
        ('[{"ParameterKey": "A"}]', "must be a list of"),
        ('[{"ParameterKey": "A", "ParameterValue": 1}]', "must be a list of"),
        ('{"A": "b"}', "must be a list of"),
    ],
)
def test_malformed_parameter_files_are_refused(text: str, message: str) -> None:
    with pytest.raises(JobError, match=message):
        stage_parameters(text, "p.json")
