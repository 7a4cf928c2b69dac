"""Reading a CodePipeline job: UserParameters, the artifact's files, the continuation token."""

from __future__ import annotations

import json
from typing import Any

import pytest

from mlops_orchestrator.blueprints.multi_account_codepipeline.runtime.job import (
    MAX_TEMPLATE_BODY,
    REQUIRED_KEYS,
    JobError,
    compact_template,
    parse_job,
    parse_user_parameters,
    read_artifact,
    stage_parameters,
)
from tests.unit.blueprints.stackset_support import (
    ARTIFACT_BUCKET,
    ARTIFACT_KEY,
    PARAMETERS,
    TEMPLATE,
    job_event,
    template_zip,
    user_parameters,
)


def test_a_job_carries_its_deployment_artifact_and_token() -> None:
    job = parse_job(job_event(user_parameters(), token={"stackset": "s", "operation": "o", "step": "update"}))
    assert job.deployment.account_ids == ("111111111111",)
    assert job.deployment.org_ids == ("ou-abcd-11111111",)
    assert job.continuation == {"stackset": "s", "operation": "o", "step": "update"}
    assert job.artifact_location() == (ARTIFACT_BUCKET, ARTIFACT_KEY)
    assert parse_job(job_event(user_parameters())).continuation is None


def test_an_artifact_the_parameters_do_not_name_is_an_error() -> None:
    job = parse_job(job_event(user_parameters(artifact="Other")))
    with pytest.raises(JobError, match="no input artifact named Other"):
        job.artifact_location()


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
