"""The REST API of both orchestrator templates, and the draft-04 request models derived from the JSON Schema."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

from mlops_orchestrator.core.body_limit import MAX_BODY_BYTES
from mlops_orchestrator.core.catalog import MODEL_CARD_OPERATIONS, PIPELINE_TYPES
from mlops_orchestrator.core.schema import config_schema
from mlops_orchestrator.orchestrator.api import BURST_LIMIT, RATE_LIMIT
from mlops_orchestrator.orchestrator.api_model import (
    DRAFT_04,
    json_types,
    provision_request_model,
    status_request_model,
)
from tests.infra.support import Synthesized
from tests.support import example


def _methods(synthesized: Synthesized) -> dict[str, dict[str, Any]]:
    """Path part -> method properties."""
    resources = synthesized.resources("AWS::ApiGateway::Resource")
    found = {}
    for method in synthesized.resources("AWS::ApiGateway::Method").values():
        resource = resources[method["Properties"]["ResourceId"]["Ref"]]
        found[resource["Properties"]["PathPart"]] = method["Properties"]
    return found


def test_four_post_methods_with_iam_auth_and_body_validation(variant: Synthesized) -> None:
    methods = _methods(variant)
    assert set(methods) == {"provisionpipeline", "pipelinestatus", "deprovisionpipeline", "listpipelines"}
    validator = variant.only("AWS::ApiGateway::RequestValidator")["Properties"]
    assert (validator["ValidateRequestBody"], validator["ValidateRequestParameters"]) == (True, True)
    models = {key: model["Properties"]["Name"] for key, model in variant.resources("AWS::ApiGateway::Model").items()}
    for path, model in (
        ("provisionpipeline", "ProvisionRequest"),
        ("pipelinestatus", "StatusRequest"),
        ("deprovisionpipeline", "DeprovisionRequest"),
        ("listpipelines", "ListRequest"),
    ):
        method = methods[path]
        assert (method["HttpMethod"], method["AuthorizationType"]) == ("POST", "AWS_IAM")
        assert method["Integration"]["Type"] == "AWS_PROXY"
        assert method["RequestValidatorId"] == {"Ref": variant.logical_id("BodyValidator")}
        assert models[method["RequestModels"]["application/json"]["Ref"]] == model


def test_models_are_the_derived_draft04_schemas(variant: Synthesized) -> None:
    schemas = {
        model["Properties"]["Name"]: model["Properties"]["Schema"]
        for model in variant.resources("AWS::ApiGateway::Model").values()
    }
    expected = provision_request_model(config_schema(), MODEL_CARD_OPERATIONS)
    assert schemas["ProvisionRequest"] == json.loads(json.dumps(expected))
    assert schemas["StatusRequest"] == status_request_model()


def test_stage_logging_throttling_tracing(variant: Synthesized) -> None:
    stage = variant.only("AWS::ApiGateway::Stage")
    properties = stage["Properties"]
    assert properties["StageName"] == "prod"
    assert properties["TracingEnabled"] is True
    assert properties["AccessLogSetting"]["DestinationArn"] == {
        "Fn::GetAtt": [variant.logical_id("OrchestratorApi/AccessLogs"), "Arn"]
    }
    assert json.loads(properties["AccessLogSetting"]["Format"])["status"] == "$context.status"
    (settings,) = properties["MethodSettings"]
    assert settings == {
        "DataTraceEnabled": False,
        "HttpMethod": "*",
        "LoggingLevel": "INFO",
        "MetricsEnabled": True,
        "ResourcePath": "/*",
        "ThrottlingBurstLimit": BURST_LIMIT,
        "ThrottlingRateLimit": RATE_LIMIT,
    }
    assert variant.logical_id("OrchestratorApi/Account") in stage["DependsOn"]


def test_api_name_and_endpoint(variant: Synthesized) -> None:
    api = variant.only("AWS::ApiGateway::RestApi")["Properties"]
    assert api["Name"] == {"Fn::Join": ["", [{"Ref": "AWS::StackName"}, "-orchestrator"]]}
    assert api["EndpointConfiguration"] == {"Types": ["REGIONAL"]}


def test_account_logging_role_is_inline_and_retained(variant: Synthesized) -> None:
    account = variant.only("AWS::ApiGateway::Account")
    role = variant.json["Resources"][account["Properties"]["CloudWatchRoleArn"]["Fn::GetAtt"][0]]
    assert (account["DeletionPolicy"], role["DeletionPolicy"]) == ("Retain", "Retain")
    assert "ManagedPolicyArns" not in role["Properties"]
    (policy,) = role["Properties"]["Policies"]
    statement, describe = policy["PolicyDocument"]["Statement"]
    assert ":log-group:*" in str(statement["Resource"])
    # DescribeLogGroups supports no resource type (service authorization reference): "*" is the only match.
    assert (describe["Action"], describe["Resource"]) == ("logs:DescribeLogGroups", "*")


def _gateway_responses(variant: Synthesized) -> dict[str, dict[str, Any]]:
    """Response type -> properties of the API's gateway responses."""
    found = [resource["Properties"] for resource in variant.resources("AWS::ApiGateway::GatewayResponse").values()]
    return {response["ResponseType"]: response for response in found}


def test_bad_body_answers_in_the_original_error_shape(variant: Synthesized) -> None:
    response = _gateway_responses(variant)["BAD_REQUEST_BODY"]
    assert response["StatusCode"] == "400"
    assert '"message": "A BadRequest exception occurred"' in response["ResponseTemplates"]["application/json"]


def test_a_body_over_the_limit_is_a_413_that_states_the_limit(variant: Synthesized) -> None:
    response = _gateway_responses(variant)["REQUEST_TOO_LARGE"]
    assert response["StatusCode"] == "413"
    answer = json.loads(response["ResponseTemplates"]["application/json"])
    assert answer["message"].startswith("Request Too Long")
    assert f"{MAX_BODY_BYTES} bytes" in answer["message"]


# -- the converter ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def model() -> dict[str, Any]:
    return provision_request_model(config_schema(), MODEL_CARD_OPERATIONS)


def test_model_is_draft04_with_a_pipeline_type_enum(model: dict[str, Any]) -> None:
    assert model["$schema"] == DRAFT_04
    assert model["required"] == ["pipeline_type"]
    assert model["properties"]["pipeline_type"] == {
        "type": "string",
        "enum": [*PIPELINE_TYPES, *MODEL_CARD_OPERATIONS],
    }
    text = json.dumps(model)
    for keyword in ("$ref", "$defs", "const", "oneOf", "anyOf", "prefixItems"):
        assert keyword not in text


def test_model_types_of_known_keys(model: dict[str, Any]) -> None:
    properties = model["properties"]
    assert properties["dry_run"] == {"type": "boolean"}
    assert properties["model_name"]["type"] == "string"
    # Stage-aware keys take a value or a {"dev", "staging", "prod"} object.
    assert set(properties["inference_instance"]["type"]) == {"string", "object"}
    assert "null" in properties["endpoint_name"]["type"]


def test_every_example_passes_the_model(model: dict[str, Any]) -> None:
    validator = jsonschema.Draft4Validator(model)
    for pipeline_type in sorted(PIPELINE_TYPES):
        assert not list(validator.iter_errors(example(pipeline_type))), pipeline_type


def test_model_rejects_what_the_gate_is_for(model: dict[str, Any]) -> None:
    validator = jsonschema.Draft4Validator(model)
    assert not validator.is_valid([])
    assert not validator.is_valid({"model_name": "m"})
    assert not validator.is_valid({"pipeline_type": "byom_unknown"})
    assert not validator.is_valid({"pipeline_type": "byom_realtime_builtin", "model_name": 5})
    assert validator.is_valid({"pipeline_type": "list_model_cards"})
    status = jsonschema.Draft4Validator(status_request_model())
    assert status.is_valid({"pipeline_id": "arn:aws:cloudformation:..."})
    assert not status.is_valid({"pipeline_id": ""})


def test_json_types_follows_refs_and_combinations() -> None:
    definitions = {"PerStage": {"type": "object"}}
    assert json_types({"anyOf": [{"type": "string"}, {"$ref": "#/$defs/PerStage"}]}, definitions) == {
        "string",
        "object",
    }
    assert json_types({"oneOf": [{"const": 1}, {"enum": ["a", None]}]}, definitions) == {"integer", "string", "null"}
    assert json_types({"anyOf": [{"type": "string"}, {}]}, definitions) == set()
    assert json_types({"type": ["integer", "string"]}, definitions) == {"integer", "string"}


def test_a_key_that_accepts_anything_gets_no_type() -> None:
    schema = {
        "oneOf": [{"$ref": "#/$defs/a"}],
        "required": ["pipeline_type"],
        "$defs": {"a": {"properties": {"pipeline_type": {"const": "a"}, "free": {}, "count": {"type": "integer"}}}},
    }
    model = provision_request_model(schema)
    assert model["properties"]["free"] == {}
    assert model["properties"]["count"] == {"type": "integer"}
    assert model["properties"]["pipeline_type"]["enum"] == ["a"]
