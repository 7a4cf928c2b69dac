"""Values whose choices SageMaker's API fixes are checked against botocore's service model, and the validator,
the JSON Schema and the generated docs all agree with it."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from botocore.loaders import Loader

from mlops_orchestrator.cli import reference_docs
from mlops_orchestrator.core.catalog import PIPELINE_TYPES
from mlops_orchestrator.core.errors import RequestValidationError
from mlops_orchestrator.core.sagemaker_values import api_shape, closest, suggestion
from mlops_orchestrator.core.schema import config_schema
from mlops_orchestrator.core.validation import validate_request
from tests.support import REPO, example, make_settings

# Read here, independently of the code under test.
API_SHAPES: dict[str, Any] = Loader().load_service_model("sagemaker", "service-2")["shapes"]
PAGES = REPO / "docs" / "pipelines"

# Which SageMaker API enum each instance-type key feeds (issue 11): endpoints, batch, training and tuning,
# and processing (baseline and monitoring jobs).
INSTANCE_KEYS: dict[str, tuple[str, str]] = {
    "byom_realtime_builtin": ("inference_instance", "ProductionVariantInstanceType"),
    "byom_realtime_custom": ("inference_instance", "ProductionVariantInstanceType"),
    "byom_batch_builtin": ("inference_instance", "TransformInstanceType"),
    "byom_batch_custom": ("inference_instance", "TransformInstanceType"),
    "model_training_builtin": ("instance_type", "TrainingInstanceType"),
    "model_tuner_builtin": ("instance_type", "TrainingInstanceType"),
    "byom_data_quality_monitor": ("instance_type", "ProcessingInstanceType"),
    "byom_model_quality_monitor": ("instance_type", "ProcessingInstanceType"),
    "byom_model_bias_monitor": ("instance_type", "ProcessingInstanceType"),
    "byom_model_explainability_monitor": ("instance_type", "ProcessingInstanceType"),
}
INSTANCE_CASES = [(name, key, shape) for name, (key, shape) in INSTANCE_KEYS.items()]


def api_enum(shape: str) -> list[str]:
    values: list[str] = API_SHAPES[shape]["enum"]
    return values


def problems(body: dict[str, Any], **mode: bool) -> dict[str, str]:
    with pytest.raises(RequestValidationError) as raised:
        validate_request(body, make_settings(**mode))
    return {problem.field: problem.message for problem in raised.value.problems}


def test_every_instance_type_key_of_every_pipeline_type_is_mapped() -> None:
    found = {
        name: [key for key in declaration.used_keys() if key.endswith(("_instance", "instance_type"))]
        for name, declaration in PIPELINE_TYPES.items()
    }
    assert {name: keys for name, keys in found.items() if keys} == {
        name: [key] for name, (key, _shape) in INSTANCE_KEYS.items()
    }


@pytest.mark.parametrize(("pipeline_type", "key", "shape"), INSTANCE_CASES)
def test_the_validator_accepts_exactly_the_api_enum(pipeline_type: str, key: str, shape: str) -> None:
    body = example(pipeline_type)
    settings = make_settings()
    for value in api_enum(shape):
        assert validate_request({**body, key: value}, settings).request
    elsewhere = sorted(
        {value for other in INSTANCE_KEYS.values() for value in api_enum(other[1])} - set(api_enum(shape))
    )
    assert elsewhere, "every use offers the same instance types: the test could not tell the shapes apart"
    message = problems({**body, key: elsewhere[0]})[key]
    assert message.startswith("must be one of SageMaker's instance types for ")
    assert f"(SageMaker API shape {shape})" in message


@pytest.mark.parametrize(("pipeline_type", "key", "shape"), INSTANCE_CASES)
def test_a_near_miss_suggests_the_closest_instance_types(pipeline_type: str, key: str, shape: str) -> None:
    message = problems({**example(pipeline_type), key: "ml.m5.largee"})[key]
    assert re.search(r"; did you mean ml\.m5\.large(,| or |\?)", message), message


def test_the_issue_s_typo_is_a_400_naming_the_field_and_the_intended_value() -> None:
    found = problems({**example("byom_realtime_builtin"), "inference_instance": "ml.m5.largee"})
    assert list(found) == ["inference_instance"]
    assert "did you mean ml.m5.large" in found["inference_instance"]


def test_a_value_far_from_every_instance_type_gets_no_suggestion() -> None:
    message = problems({**example("byom_batch_builtin"), "inference_instance": "big-gpu-box"})["inference_instance"]
    assert "did you mean" not in message


def test_each_stage_s_instance_type_is_checked_and_named_by_its_path() -> None:
    staged = {"dev": "ml.m5.large", "staging": "ml.m5.large", "prod": "ml.c5.xlargee"}
    found = problems({**example("byom_realtime_builtin"), "inference_instance": staged}, multi_account=True)
    assert list(found) == ["inference_instance.prod"]
    assert "did you mean ml.c5.xlarge" in found["inference_instance.prod"]


@pytest.mark.parametrize(
    "shape",
    # Four enums, and names that are also structure members' names (the reader must skip those).
    ["ProductionVariantInstanceType", "TransformInstanceType", "ProblemType", "CompressionType", "EndpointName"],
)
def test_a_shape_read_on_its_own_is_the_one_botocore_s_loader_reads(shape: str) -> None:
    assert api_shape(shape) == API_SHAPES[shape]


def test_an_unknown_shape_is_an_error_not_an_empty_list() -> None:
    with pytest.raises(KeyError):
        api_shape("NoSuchShapeAnywhere")


def test_a_botocore_without_the_shape_leaves_the_value_to_sagemaker(monkeypatch: pytest.MonkeyPatch) -> None:
    from mlops_orchestrator.core import sagemaker_values

    def missing(shape: str) -> tuple[str, ...]:
        raise KeyError(shape)

    monkeypatch.setattr(sagemaker_values, "enum", missing)
    assert validate_request({**example("byom_realtime_builtin"), "inference_instance": "ml.new.large"}, make_settings())
    # A blueprint's own list still applies.
    assert "s3_data_type" in problems({**example("model_training_builtin"), "s3_data_type": "Converse"})


def test_close_matches_ignore_case_and_keep_the_api_spelling() -> None:
    assert closest("ML.M5.LARGE", ["ml.m5.large", "ml.c5.large"])[0] == "ml.m5.large"
    assert closest("zzz", ["ml.m5.large"]) == []
    assert suggestion("Gzipp", ["None", "Gzip"]) == "; did you mean Gzip?"
    assert suggestion("ml.m5.larg", ["ml.m5.large", "ml.m5.xlarge", "ml.p4d.24xlarge"]) == (
        "; did you mean ml.m5.large or ml.m5.xlarge?"
    )


@pytest.mark.parametrize("shape", sorted({shape for _key, shape in INSTANCE_KEYS.values()}))
def test_the_schema_carries_each_api_enum_once(shape: str) -> None:
    schema = config_schema()
    assert schema["$defs"][shape]["enum"] == api_enum(shape)


@pytest.mark.parametrize(("pipeline_type", "key", "shape"), INSTANCE_CASES)
def test_the_schema_key_refers_to_its_api_enum(pipeline_type: str, key: str, shape: str) -> None:
    schema = config_schema()
    assert f'"$ref": "#/$defs/{shape}"' in str(schema["$defs"][pipeline_type]["properties"][key]).replace("'", '"')


def _values_section(shape: str) -> str:
    page = (PAGES / "sagemaker-values.md").read_text(encoding="utf-8")
    match = re.search(rf"^## {shape}\n(.*?)(?=^## |\Z)", page, re.DOTALL | re.MULTILINE)
    assert match, f"docs/pipelines/sagemaker-values.md has no section {shape}"
    return match.group(1)


@pytest.mark.parametrize("shape", sorted({shape for _key, shape in INSTANCE_KEYS.values()}))
def test_the_docs_list_exactly_the_api_enum(shape: str) -> None:
    listed = re.findall(r"`([^`]+)`", _values_section(shape).strip().splitlines()[-1])
    assert listed == api_enum(shape)


@pytest.mark.parametrize(("pipeline_type", "key", "shape"), INSTANCE_CASES)
def test_the_docs_key_row_links_its_api_enum(pipeline_type: str, key: str, shape: str) -> None:
    page = (PAGES / f"{pipeline_type}.md").read_text(encoding="utf-8")
    row = next(line for line in page.splitlines() if line.startswith(f"| `{key}` |"))
    assert f"(sagemaker-values.md#{shape.lower()})" in row
    assert re.search(rf"`{pipeline_type}\.{key}`[,.]", _values_section(shape))


def test_the_values_page_is_generated_from_the_catalog() -> None:
    assert set(reference_docs.keys_by_shape()) >= {shape for _key, shape in INSTANCE_KEYS.values()}
    assert reference_docs.render_sagemaker_values() == (PAGES / "sagemaker-values.md").read_text(encoding="utf-8")


# Every other key whose value the request passes to a SageMaker API enum (issue 11's audit), by its key path.
OTHER_ENUM_KEYS: list[tuple[str, str]] = [
    *(
        (f"{training}.{key}", shape)
        for training in ("model_training_builtin", "model_tuner_builtin")
        for key, shape in (
            ("s3_data_type", "S3DataType"),
            ("data_distribution", "S3DataDistribution"),
            ("compression_type", "CompressionType"),
            ("data_input_mode", "TrainingInputMode"),
            ("data_record_wrapping", "RecordWrapper"),
        )
    ),
    ("model_tuner_builtin.tuner_configs", "HyperParameterTuningJobObjectiveType"),
    ("model_tuner_builtin.tuner_configs", "HyperParameterTuningJobStrategyType"),
    ("model_tuner_builtin.tuner_configs", "TrainingJobEarlyStoppingType"),
    ("model_autopilot_training.problem_type", "ProblemType"),
    ("model_autopilot_training.job_objective", "AutoMLMetricEnum"),
    ("model_autopilot_training.compression_type", "CompressionType"),
    ("byom_realtime_builtin.deployment_config", "TrafficRoutingConfigType"),
    ("byom_realtime_builtin.deployment_config", "CapacitySizeType"),
]


def _schema_enums(node: Any) -> list[tuple[str, list[str]]]:
    if isinstance(node, dict):
        own = [(node["x-sagemaker-shape"], node["enum"])] if "x-sagemaker-shape" in node else []
        return own + [found for value in node.values() for found in _schema_enums(value)]
    if isinstance(node, list):
        return [found for value in node for found in _schema_enums(value)]
    return []


def test_every_value_a_key_accepts_is_one_the_api_accepts() -> None:
    found = _schema_enums(config_schema())
    assert len({shape for shape, _values in found}) >= 14
    for shape, values in found:
        assert set(values) <= set(api_enum(shape)), shape


@pytest.mark.parametrize(("key", "shape"), OTHER_ENUM_KEYS)
def test_every_audited_key_is_checked_against_its_api_enum(key: str, shape: str) -> None:
    assert key in [user for user, _accepted in reference_docs.keys_by_shape()[shape]]


@pytest.mark.parametrize(
    ("pipeline_type", "key", "sent", "closest_value"),
    [
        ("model_training_builtin", "s3_data_type", "S3prefix", "S3Prefix"),
        ("model_training_builtin", "data_input_mode", "Fast File", "FastFile"),
        ("model_tuner_builtin", "compression_type", "gzip", "Gzip"),
        ("model_autopilot_training", "job_objective", "f1macro", "F1macro"),
        ("model_autopilot_training", "problem_type", "Regresion", "Regression"),
        ("byom_batch_builtin", "content_type", "text/cvs", "text/csv"),
        ("byom_model_quality_monitor", "problem_type", "Regresion", "Regression"),
    ],
)
def test_a_near_miss_names_the_value_meant(pipeline_type: str, key: str, sent: str, closest_value: str) -> None:
    message = problems({**example(pipeline_type), key: sent})[key]
    assert message.endswith(f"did you mean {closest_value}?"), message


def test_a_value_the_api_has_but_the_blueprint_does_not_take_is_refused_with_the_blueprint_s_list() -> None:
    assert "Converse" in api_enum("S3DataType")
    message = problems({**example("model_training_builtin"), "s3_data_type": "Converse"})["s3_data_type"]
    assert message.endswith("(SageMaker API shape S3DataType): S3Prefix, ManifestFile, AugmentedManifestFile")


def test_the_monitors_problem_types_are_the_api_s() -> None:
    for name in ("byom_model_quality_monitor", "byom_model_bias_monitor", "byom_model_explainability_monitor"):
        assert set(PIPELINE_TYPES[name].problem_types) == set(api_enum("MonitoringProblemType"))


def _tuner(config: Any) -> dict[str, Any]:
    return {**example("model_tuner_builtin"), "tuner_configs": config}


def test_the_tuner_s_settings_are_checked_with_their_paths() -> None:
    config = {
        "objective_metric_name": "validation:auc",
        "objective_type": "Maximise",
        "strategy": "Bayesain",
        "early_stopping_type": "Automatic",
        "max_jobs": 0,
        "metric_definitions": [{"Name": "auc", "Regex": ""}],
    }
    found = problems(_tuner(config))
    assert found["tuner_configs.objective_type"].endswith("did you mean Maximize?")
    assert found["tuner_configs.strategy"].endswith("did you mean Bayesian?")
    assert "Off, Auto" in found["tuner_configs.early_stopping_type"]
    assert "tuner_configs.max_jobs" in found
    assert "tuner_configs.metric_definitions[0].Regex" in found


def test_the_tuner_s_unknown_settings_and_missing_metric_are_named() -> None:
    found = problems(_tuner({"objective_metric": "validation:auc"}))
    assert "objective_metric (did you mean objective_metric_name?)" in found["tuner_configs"]


def test_the_tuner_s_settings_reach_the_blueprint_as_written() -> None:
    from mlops_orchestrator.core.planning import plan_request

    settings = make_settings()
    for config in (example("model_tuner_builtin")["tuner_configs"], '{"objective_metric_name": "validation:rmse"}'):
        plan = plan_request(validate_request(_tuner(config), settings), settings).as_dict()
        written = plan["stages"]["default"]["parameters"]["HyperparametersTunerConfig"]
        assert json.loads(written) == (json.loads(config) if isinstance(config, str) else config)


@pytest.mark.parametrize(
    ("shape", "limit"),
    [
        ("EndpointName", "SAGEMAKER_NAME_MAX"),
        ("TrainingJobName", "TRAINING_JOB_NAME_MAX"),
        ("HyperParameterTuningJobName", "TUNING_JOB_NAME_MAX"),
        ("AutoMLJobName", "AUTOML_JOB_NAME_MAX"),
    ],
)
def test_the_name_rules_are_the_api_s(shape: str, limit: str) -> None:
    """Names are checked with SageMaker's own pattern (anchored) and length, read here from the API model."""
    from mlops_orchestrator.core import fields
    from mlops_orchestrator.core.catalog import training

    declared = getattr(fields, limit, None) or getattr(training, limit)
    assert API_SHAPES[shape]["max"] == declared
    api_pattern = "^" + API_SHAPES[shape]["pattern"] + "$"
    if shape in ("EndpointName", "TrainingJobName"):
        assert api_pattern == fields.SAGEMAKER_NAME_RE.pattern
    else:
        assert api_pattern == fields.SAGEMAKER_NAME_RE.pattern.replace("62", str(declared - 1))
