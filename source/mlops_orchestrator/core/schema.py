"""JSON Schema of a request body (= mlops-config.json) and the OpenAPI document, from the catalog.

Run `python -m mlops_orchestrator.core.schema --write` to refresh the copies under schema/.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from . import __name__ as _core
from .catalog import MODEL_CARD_OPERATIONS, PIPELINE_TYPES, PipelineType

SCHEMA_ID = "https://github.com/mlops-workload-orchestrator/schema/mlops-config.schema.json"


def pipeline_schema(declaration: PipelineType) -> dict[str, Any]:
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
    return {"schema": schema, "defs": {name: _without_titles(body) for name, body in definitions.items()}}


def config_schema() -> dict[str, Any]:
    """The JSON Schema every request body and every mlops-config.json must satisfy."""
    variants = []
    definitions: dict[str, Any] = {}
    for declaration in PIPELINE_TYPES.values():
        built = pipeline_schema(declaration)
        definitions.update(built["defs"])
        definitions[declaration.name] = built["schema"]
        variants.append({"$ref": f"#/$defs/{declaration.name}"})
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
        "$defs": definitions,
    }


def _error_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["message"],
        "properties": {
            "message": {"type": "string"},
            "detailedMessage": {"type": "string"},
            "error_code": {"type": "string"},
            "errors": {"type": "array", "items": {"$ref": "#/components/schemas/FieldProblem"}},
        },
    }


def openapi_document() -> dict[str, Any]:
    config = config_schema()
    definitions = config.pop("$defs")
    config.pop("$schema")
    config.pop("$id")
    components: dict[str, Any] = {name: body for name, body in definitions.items()}
    components["ProvisionRequest"] = config
    components["ModelCardRequest"] = {
        "type": "object",
        "required": ["pipeline_type"],
        "properties": {"pipeline_type": {"enum": list(MODEL_CARD_OPERATIONS)}},
        "additionalProperties": True,
    }
    components["FieldProblem"] = {
        "type": "object",
        "required": ["field", "message"],
        "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
    }
    components["Error"] = _error_schema()
    components["ProvisionResponse"] = {
        "type": "object",
        "required": ["message"],
        "properties": {
            "message": {"type": "string"},
            "pipeline_id": {
                "type": "string",
                "description": "The pipeline stack's id; pass it to /pipelinestatus.",
            },
            "plan": {"type": "object", "description": "Present for dry runs."},
            "warnings": {"type": "array", "items": {"$ref": "#/components/schemas/FieldProblem"}},
        },
    }
    components["StatusRequest"] = {
        "type": "object",
        "required": ["pipeline_id"],
        "properties": {"pipeline_id": {"type": "string", "minLength": 1}},
    }
    components["StatusResponse"] = {
        "type": "object",
        "properties": {
            "summary": {"type": "object"},
            "pipelineName": {"type": "string"},
            "stageStates": {"type": "array", "items": {"type": "object"}},
            "message": {"type": "string"},
        },
    }
    components["DeprovisionRequest"] = {
        "description": "Name the pipeline by pipeline_id, or send the body that provisioned it.",
        "oneOf": [
            {
                "type": "object",
                "required": ["pipeline_id"],
                "properties": {"pipeline_id": {"type": "string", "minLength": 1}, "dry_run": {"type": "boolean"}},
            },
            {"$ref": "#/components/schemas/ProvisionRequest"},
        ],
    }
    components["DeprovisionResponse"] = {
        "type": "object",
        "required": ["message", "pipeline_id", "status"],
        "properties": {
            "message": {"type": "string"},
            "pipeline_id": {"type": "string"},
            "status": {"enum": ["deleted", "deleting", "dry_run"]},
            "deleted": {"type": "array", "items": {"type": "string"}},
            "deleting": {"type": "array", "items": {"type": "string"}},
            "would_delete": {"type": "array", "items": {"type": "string"}},
        },
    }
    components["ListRequest"] = {
        "type": "object",
        "properties": {
            "max_results": {"type": "integer", "minimum": 1, "maximum": 100},
            "next_token": {"type": "string"},
        },
    }
    components["ListResponse"] = {
        "type": "object",
        "required": ["pipelines"],
        "properties": {
            "pipelines": {"type": "array", "items": {"$ref": "#/components/schemas/ListedPipeline"}},
            "next_token": {"type": "string"},
        },
    }
    nullable = {"type": ["string", "null"]}
    components["ListedPipeline"] = {
        "type": "object",
        "required": ["pipeline_id", "stack_name", "last_pipeline_result"],
        "properties": {
            "pipeline_id": {"type": "string", "description": "The pipeline stack's id."},
            "stack_name": {"type": "string"},
            "pipeline_type": nullable,
            "name": nullable,
            "stack_status": nullable,
            "created": {**nullable, "description": "ISO 8601 creation time of the pipeline stack."},
            "last_pipeline_result": {
                **nullable,
                "description": "Status of the latest CodePipeline run; null before the first run.",
            },
            "status_error": {
                "type": "object",
                "description": "Present when the pipeline's state could not be read: the AWS call and its error.",
                "properties": {"operation": {"type": "string"}, "error_code": {"type": "string"}},
            },
        },
    }
    text = json.dumps(components).replace("#/$defs/", "#/components/schemas/")
    errors = {
        code: {
            "description": why,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
        for code, why in (
            ("400", "The request is invalid; `errors` names every offending field."),
            ("404", "No such pipeline."),
            ("409", "The pipeline is busy or in a state that cannot be changed."),
            ("500", "A server-side error."),
            ("502", "An AWS call failed; `error_code` names AWS's error."),
            ("504", "An AWS call timed out on every attempt; `error_code` is the timeout."),
        )
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "MLOps Workload Orchestrator API",
            "version": "1",
            "description": "Requests are signed with AWS Signature Version 4 (IAM authorization).",
        },
        "paths": {
            "/provisionpipeline": {
                "post": {
                    "operationId": "provisionPipeline",
                    "summary": "Create or update a pipeline (or run a model card operation).",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "oneOf": [
                                        {"$ref": "#/components/schemas/ProvisionRequest"},
                                        {"$ref": "#/components/schemas/ModelCardRequest"},
                                    ]
                                }
                            }
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "Provisioning started, the pipeline was updated, or the dry-run plan.",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/ProvisionResponse"}}
                            },
                        },
                        **errors,
                    },
                }
            },
            "/deprovisionpipeline": _operation(
                "deprovisionPipeline",
                "Delete a pipeline: its deployed blueprint, its pipeline stack and its template.zip.",
                "DeprovisionRequest",
                "DeprovisionResponse",
                errors,
            ),
            "/listpipelines": _operation(
                "listPipelines",
                "The pipelines this orchestrator provisioned, one page at a time.",
                "ListRequest",
                "ListResponse",
                errors,
            ),
            "/pipelinestatus": {
                "post": {
                    "operationId": "pipelineStatus",
                    "summary": "The pipeline's CodePipeline state and a short summary.",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StatusRequest"}}},
                    },
                    "responses": {
                        "200": {
                            "description": "The pipeline's state.",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/StatusResponse"}}
                            },
                        },
                        **errors,
                    },
                }
            },
        },
        "components": {"schemas": json.loads(text)},
    }


def _operation(operation_id: str, summary: str, request: str, response: str, errors: dict[str, Any]) -> dict[str, Any]:
    return {
        "post": {
            "operationId": operation_id,
            "summary": summary,
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{request}"}}},
            },
            "responses": {
                "200": {
                    "description": summary,
                    "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{response}"}}},
                },
                **errors,
            },
        }
    }


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
