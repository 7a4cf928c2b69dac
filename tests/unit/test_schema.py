"""The shipped JSON Schema and OpenAPI document are generated from the request models and kept current."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from openapi_spec_validator import validate as validate_openapi

from mlops_orchestrator.core.catalog import PIPELINE_TYPES
from mlops_orchestrator.core.schema import config_schema, documents, render
from tests.support import MODEL_PACKAGE, REPO, example, group_variant, registry_variant

SCHEMA_DIR = REPO / "schema"


@pytest.mark.parametrize("name", ["mlops-config.schema.json", "openapi.json"])
def test_shipped_documents_are_current(name: str) -> None:
    shipped = (SCHEMA_DIR / name).read_text(encoding="utf-8")
    assert shipped == render(documents()[name]), (
        f"schema/{name} is stale: run `.venv/bin/python -m mlops_orchestrator.core.schema --write`"
    )


def test_the_openapi_document_is_valid_openapi() -> None:
    validate_openapi(json.loads((SCHEMA_DIR / "openapi.json").read_text()))


@pytest.mark.parametrize("pipeline_type", sorted(PIPELINE_TYPES))
def test_every_example_satisfies_the_schema(pipeline_type: str) -> None:
    jsonschema.validate(example(pipeline_type), config_schema())


@pytest.mark.parametrize(
    "body",
    [
        {"pipeline_type": "byom_unknown"},
        {"pipeline_type": "byom_realtime_builtin"},
        {**example("byom_realtime_builtin"), "inference_instance": "m5.large"},
        {**example("byom_batch_builtin"), "batch_job_output_location": 7},
        {**example("model_training_builtin"), "s3_data_type": "S3Folder"},
        # Registry keys: never both a version and a group; follow options only with a group.
        {**group_variant(example("byom_model_bias_monitor")), "model_package_name": MODEL_PACKAGE},
        {**registry_variant(example("byom_realtime_builtin")), "model_package_group_name": "churn"},
        {**example("byom_data_quality_monitor"), "on_reject": "notify"},
        {**registry_variant(example("byom_batch_builtin")), "deploy_on_approval": False},
    ],
)
def test_the_schema_rejects_what_validation_rejects(body: dict[str, object]) -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(body, config_schema())


@pytest.mark.parametrize(
    "body",
    [
        group_variant(example("byom_model_explainability_monitor"), on_reject="notify", deploy_on_approval=True),
        {**example("byom_model_quality_monitor"), "model_package_name": MODEL_PACKAGE},
        group_variant(example("byom_realtime_custom"), on_reject="rollback"),
    ],
)
def test_the_schema_accepts_each_registry_key_alone(body: dict[str, object]) -> None:
    jsonschema.validate(body, config_schema())


def test_per_stage_values_are_described() -> None:
    realtime = config_schema()["$defs"]["byom_realtime_builtin"]["properties"]["inference_instance"]
    assert {"$ref": "#/$defs/PerStageProductionVariantInstanceType"} in realtime["oneOf"]


def test_examples_folder_has_one_file_per_pipeline_type() -> None:
    assert sorted(path.stem for path in Path(REPO / "examples").glob("*.json")) == sorted(PIPELINE_TYPES)


def _properties(node: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every property anywhere in a schema, with its path: pipeline types, $defs, nested objects, per-stage values."""
    if isinstance(node, dict):
        for key, value in (node.get("properties") or {}).items():
            yield f"{path}.{key}", value
        for key, value in node.items():
            yield from _properties(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _properties(value, f"{path}[{index}]")


def test_every_property_of_the_schema_has_a_description() -> None:
    found = list(_properties(config_schema()))
    assert len(found) > 200
    undescribed = [path for path, schema in found if not (isinstance(schema, dict) and schema.get("description"))]
    assert not undescribed, f"add Field(description=...) to the request models for: {undescribed}"


def test_the_walk_finds_a_property_without_a_description() -> None:
    nested = {"$defs": {"Thing": {"properties": {"described": {"description": "yes"}, "bare": {"type": "string"}}}}}
    assert [path for path, schema in _properties(nested) if "description" not in schema] == ["/$defs/Thing.bare"]


def test_every_example_in_the_schema_satisfies_its_property() -> None:
    schema = config_schema()
    # The schema is checked against its metaschema once: `jsonschema.validate` would do it per example.
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    checked = 0
    for _path, prop in _properties(schema):
        for value in prop.get("examples", []):
            validator_class({**prop, "$defs": schema["$defs"]}).validate(value)
            checked += 1
    assert checked > 20
