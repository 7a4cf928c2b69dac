"""JSON Schema of a request body (= mlops-config.json) and the OpenAPI document, from the catalog.

Run `python -m mlops_orchestrator.core.schema --write` to refresh the copies under schema/.
"""

from __future__ import annotations

import argparse
import itertools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import ConfigDict, Field, TypeAdapter, with_config
from pydantic.json_schema import JsonSchemaMode
from typing_extensions import TypedDict

from . import __name__ as _core
from . import replies, requests
from .catalog import MODEL_CARD_OPERATIONS, PIPELINE_TYPES, PipelineType
from .naming import PIPELINE_STACK_PREFIX
from .sagemaker_values import SHAPE_KEYWORD, enum
from .validation import name_length_limit

MULTI_ACCOUNT_MAX_LENGTH = "x-multi-account-maxLength"
"""Annotation on the name key: its limit on a multi-account orchestrator (StackSet names are longer)."""
SCHEMA_ID = "https://github.com/mlops-workload-orchestrator/schema/mlops-config.schema.json"
JSON = "application/json"


def pipeline_schema(declaration: PipelineType[Any]) -> dict[str, Any]:
    model_schema = declaration.request_model.model_json_schema(mode="validation", ref_template="#/$defs/{model}")
    definitions = model_schema.pop("$defs", {})
    properties = model_schema.get("properties", {})
    used = declaration.used_keys()
    schema_properties: dict[str, Any] = {
        "pipeline_type": {"const": declaration.name, "description": declaration.summary},
        "dry_run": {
            "type": "boolean",
            "description": "Return the plan (stacks, blueprint, parameters) without creating or changing anything.",
        },
    }
    for key in used:
        if key in properties and key != "pipeline_type":
            schema_properties[key] = _without_titles(properties[key])
    for key, limit in _length_limits(declaration).items():
        if key in schema_properties:
            schema_properties[key] = _at_most(schema_properties[key], limit)
    multi_limit = name_length_limit(declaration, PIPELINE_STACK_PREFIX, multi_account=True)
    if declaration.name_key in schema_properties:
        schema_properties[declaration.name_key][MULTI_ACCOUNT_MAX_LENGTH] = multi_limit
    if declaration.problem_types:
        described = schema_properties["problem_type"]["description"]
        schema_properties["problem_type"] = {"enum": list(declaration.problem_types), "description": described}
    schema: dict[str, Any] = {
        "title": declaration.name,
        "description": f"{declaration.summary} Blueprint: {declaration.blueprint.file_name}.",
        "type": "object",
        "properties": schema_properties,
        "required": declaration.always_required(),
    }
    schema.update(_key_relations(declaration))
    return {"schema": schema, "defs": {name: _without_titles(body) for name, body in definitions.items()}}


def _key_relations(declaration: PipelineType[Any]) -> dict[str, Any]:
    """The key rules that hold in every mode a key is read in: alternatives never sent together, and keys that
    mean something only next to another (JSON Schema's `not`/`required` and `dependentRequired`)."""
    exclusive: list[str] = []
    needs: dict[str, list[str]] = {}
    for case in declaration.cases():
        rules = declaration.keys(case.mode, case.problem_type)
        exclusive += [key for key in rules.one_of if key not in exclusive]
        for key, partner in rules.applies_with.items():
            needs[key] = [partner]
    relations: dict[str, Any] = {}
    pairs = list(itertools.combinations(exclusive, 2))
    if pairs:
        relations["allOf"] = [{"not": {"required": list(pair)}} for pair in pairs]
    if needs:
        relations["dependentRequired"] = needs
    return relations


def _length_limits(declaration: PipelineType[Any]) -> dict[str, int]:
    """The type's own length limits, as validation enforces them; the name key's for a single-account
    orchestrator with the default stack name prefix (a multi-account one's is published next to it)."""
    name_limit = name_length_limit(declaration, PIPELINE_STACK_PREFIX, multi_account=False)
    return {declaration.name_key: name_limit, **declaration.max_lengths}


def _at_most(schema: Any, limit: int) -> Any:
    """`schema` with every string branch limited to `limit` characters."""
    if isinstance(schema, list):
        return [_at_most(branch, limit) for branch in schema]
    if not isinstance(schema, dict):
        return schema
    limited = {key: _at_most(value, limit) if key in ("anyOf", "oneOf") else value for key, value in schema.items()}
    if limited.get("type") == "string":
        limited["maxLength"] = min(limit, limited.get("maxLength", limit))
    return limited


def config_schema() -> dict[str, Any]:
    """The JSON Schema every request body and every mlops-config.json must satisfy."""
    variants = []
    definitions: dict[str, Any] = {}
    for declaration in PIPELINE_TYPES.values():
        built = pipeline_schema(declaration)
        definitions.update(built["defs"])
        definitions[declaration.name] = built["schema"]
        variants.append({"$ref": f"#/$defs/{declaration.name}"})
    shared = _shared_sagemaker_enums(definitions)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "MLOps Workload Orchestrator request (mlops-config.json)",
        "description": (
            "One pipeline request. Keys marked required are required in every orchestrator mode; the model "
            "registry setting and problem_type add more (the API reports them). Stage-aware keys take one value, "
            'or {"dev", "staging", "prod"} values on a multi-account orchestrator.'
        ),
        "type": "object",
        "required": ["pipeline_type"],
        "oneOf": variants,
        "$defs": shared,
    }


def _shared_sagemaker_enums(definitions: dict[str, Any]) -> dict[str, Any]:
    """The definitions with each SageMaker enum (hundreds of instance types) written once, under its API
    shape's name, and referred to wherever a key takes it."""
    shapes: dict[str, Any] = {}

    def shared(node: Any) -> Any:
        if isinstance(node, dict):
            # Only a key that takes the whole enum refers to the shared list; a blueprint's subset stays inline.
            if SHAPE_KEYWORD in node and node["enum"] == list(enum(node[SHAPE_KEYWORD])):
                shape = node[SHAPE_KEYWORD]
                shapes[shape] = {
                    "type": "string",
                    "enum": node["enum"],
                    "description": f"The values SageMaker's API accepts for {shape} (from botocore's service model).",
                    SHAPE_KEYWORD: shape,
                }
                rest = {key: value for key, value in node.items() if key not in {"enum", "type", SHAPE_KEYWORD}}
                return {**shared(rest), "$ref": f"#/$defs/{shape}"}
            return {key: shared(value) for key, value in node.items()}
        if isinstance(node, list):
            return [shared(item) for item in node]
        return node

    rewritten: dict[str, Any] = shared(definitions)
    clash = set(shapes) & set(rewritten)
    if clash:
        raise ValueError(f"a request model and a SageMaker shape share the definition name {sorted(clash)}")
    return {**rewritten, **dict(sorted(shapes.items()))}


@with_config(ConfigDict(extra="allow"))
class ModelCardOperation(TypedDict):
    """A model card operation; the operation itself validates its other keys."""

    pipeline_type: Annotated[str, Field(json_schema_extra={"enum": list(MODEL_CARD_OPERATIONS)})]


PROVISION_REQUEST = "ProvisionRequest"


@dataclass(frozen=True)
class Route:
    path: str
    operation_id: str
    summary: str
    requests: tuple[type | str, ...]
    """The bodies the route takes, any one of them: a type, or the name of a schema the catalog generates."""
    response: type
    """The 200 body; its docstring describes the response."""


ROUTES = (
    Route(
        "/provisionpipeline",
        "provisionPipeline",
        "Create or update a pipeline (or run a model card operation).",
        (PROVISION_REQUEST, ModelCardOperation),
        replies.ProvisionResponse,
    ),
    Route(
        "/pipelinestatus",
        "pipelineStatus",
        "The pipeline's CodePipeline state and a short summary.",
        (requests.StatusRequest,),
        replies.StatusResponse,
    ),
    Route(
        "/deprovisionpipeline",
        "deprovisionPipeline",
        "Delete a pipeline: its deployed blueprint, its pipeline stack and its template.zip.",
        (requests.DeprovisionRequest, PROVISION_REQUEST),
        replies.DeprovisionResponse,
    ),
    Route(
        "/listpipelines",
        "listPipelines",
        "The pipelines this orchestrator provisioned, one page at a time.",
        (requests.ListRequest,),
        replies.ListResponse,
    ),
)
ERRORS = {
    "400": "The request is invalid; `errors` names every offending field.",
    "404": "No such pipeline.",
    "409": "The pipeline is busy or in a state that cannot be changed.",
    "500": "A server-side error.",
    "502": "An AWS call failed; `error_code` names AWS's error.",
    "504": "An AWS call timed out on every attempt; `error_code` is the timeout.",
}
COMPONENTS = "#/components/schemas/"


def openapi_document() -> dict[str, Any]:
    """The API's OpenAPI document: the catalog's request schema, the other bodies generated from their types."""
    provision = config_schema()
    schemas = provision.pop("$defs")
    provision.pop("$schema")
    provision.pop("$id")
    schemas[PROVISION_REQUEST] = provision
    typed: list[tuple[type, JsonSchemaMode]] = [
        *((body, "validation") for route in ROUTES for body in route.requests if isinstance(body, type)),
        *((route.response, "serialization") for route in ROUTES),
        (replies.Error, "serialization"),
    ]
    _, generated = TypeAdapter.json_schemas(
        [(kind, mode, TypeAdapter(kind)) for kind, mode in typed],
        ref_template=COMPONENTS + "{model}",
        union_format="primitive_type_array",
    )
    schemas.update(_without_titles(generated["$defs"]))
    errors = {code: _response(why, replies.Error.__name__) for code, why in ERRORS.items()}
    paths = {
        route.path: {
            "post": {
                "operationId": route.operation_id,
                "summary": route.summary,
                "requestBody": {"required": True, "content": {JSON: {"schema": _any_of(route.requests)}}},
                "responses": {"200": _response(route.response.__doc__ or "", route.response.__name__), **errors},
            }
        }
        for route in ROUTES
    }
    document = {
        "openapi": "3.1.0",
        "info": {
            "title": "MLOps Workload Orchestrator API",
            "version": "1",
            "description": "Requests are signed with AWS Signature Version 4 (IAM authorization).",
        },
        "paths": paths,
        "components": {"schemas": schemas},
    }
    relocated: dict[str, Any] = json.loads(json.dumps(document).replace("#/$defs/", COMPONENTS))
    return relocated


def _any_of(bodies: tuple[type | str, ...]) -> dict[str, Any]:
    refs = [{"$ref": COMPONENTS + (body if isinstance(body, str) else body.__name__)} for body in bodies]
    return refs[0] if len(refs) == 1 else {"anyOf": refs}


def _response(description: str, schema: str) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": {"$ref": COMPONENTS + schema}}}}


def _without_titles(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _without_titles(item) for key, item in value.items() if key != "title"}
    if isinstance(value, list):
        return [_without_titles(item) for item in value]
    return value


def documents() -> dict[str, dict[str, Any]]:
    return {"mlops-config.schema.json": config_schema(), "openapi.json": openapi_document()}


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(prog=f"python -m {_core}.schema", description=__doc__)
    parser.add_argument("--write", type=Path, nargs="?", const=Path("schema"), help="write the documents to a folder")
    args = parser.parse_args()
    if args.write is None:
        print(render(config_schema()), end="")
        return
    args.write.mkdir(parents=True, exist_ok=True)
    for name, document in documents().items():
        (args.write / name).write_text(render(document), encoding="utf-8")


if __name__ == "__main__":
    main()
