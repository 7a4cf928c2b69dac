"""Reading a custom resource's properties: CloudFormation's strings parsed, every offending property named at once."""

from __future__ import annotations

from typing import Annotated, Any

import pytest

from mlops_orchestrator.blueprints.custom_resource_runtime.properties import (
    Flag,
    InvalidPropertiesError,
    ResourceProperties,
    Text,
    json_text,
    one_of,
    whole,
)


class Example(ResourceProperties):
    job_name: Text
    kms_key_arn: Text = ""
    instance_count: Annotated[int, whole(1, 100)] = 1
    use_spot_instances: Flag
    content_type: Annotated[str, one_of("text/csv", "application/jsonlines")] = "text/csv"
    hyperparameters: Annotated[dict[str, Any], json_text(dict)]


VALID = {
    "ServiceToken": "arn:aws:lambda:us-east-1:123456789012:function:f",
    "JobName": " churn ",
    "UseSpotInstances": "True",
    "Hyperparameters": '{"eta": 0.2}',
}


def test_strings_are_parsed_and_empty_properties_take_their_defaults() -> None:
    read = Example.read({**VALID, "KmsKeyArn": "", "InstanceCount": " ", "InstanceCountTypo": "3"})
    assert read == Example.model_construct(
        job_name="churn", kms_key_arn="", instance_count=1, use_spot_instances=True, content_type="text/csv",
        hyperparameters={"eta": 0.2},
    )  # fmt: skip
    assert Example.read({**VALID, "InstanceCount": "42", "UseSpotInstances": "False"}).instance_count == 42


def test_every_offending_property_is_named_at_once_in_the_templates_spelling() -> None:
    with pytest.raises(InvalidPropertiesError) as raised:
        Example.read({"JobName": "  ", "InstanceCount": "0", "UseSpotInstances": "yes", "ContentType": "text/xml"})
    assert str(raised.value) == (
        "JobName is required; "
        "InstanceCount must be a whole number from 1 to 100, not '0'; "
        "UseSpotInstances must be True or False, not 'yes'; "
        "ContentType must be one of text/csv, application/jsonlines, not 'text/xml'; "
        "Hyperparameters is required"
    )


@pytest.mark.parametrize(
    ("hyperparameters", "problem"),
    [
        ("{", "Hyperparameters is not valid JSON: Expecting property name enclosed in double quotes"),
        ("[1]", "Hyperparameters must be a JSON dict"),
    ],
)
def test_json_properties_must_hold_the_declared_kind(hyperparameters: str, problem: str) -> None:
    with pytest.raises(InvalidPropertiesError, match=f"^{problem}"):
        Example.read({**VALID, "Hyperparameters": hyperparameters})


@pytest.mark.parametrize("count", ["1.5", "-1", "101", "1e2", "ten"])
def test_whole_numbers_are_digits_within_bounds(count: str) -> None:
    with pytest.raises(
        InvalidPropertiesError, match=rf"^InstanceCount must be a whole number from 1 to 100, not '{count}'$"
    ):
        Example.read({**VALID, "InstanceCount": count})


def test_braces_in_a_value_are_reported_as_typed() -> None:
    with pytest.raises(InvalidPropertiesError, match=r"^ContentType must be one of .*, not '\{x\}'$"):
        Example.read({**VALID, "ContentType": "{x}"})
