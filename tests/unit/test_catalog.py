"""The catalog declares each pipeline type once, consistently."""

from __future__ import annotations

import pytest

from mlops_orchestrator.core.catalog import PIPELINE_TYPES, Deployment, Mode

EXPECTED = {
    "byom_realtime_builtin": ("BYOMPipelineRealtimeBuiltIn", "byom_realtime_inference_pipeline.yaml", 12),
    "byom_realtime_custom": ("BYOMPipelineRealtimeCustom", "byom_realtime_inference_pipeline.yaml", 12),
    "byom_batch_builtin": ("BYOMPipelineBatchBuiltIn", "byom_batch_pipeline.yaml", 13),
    "byom_batch_custom": ("BYOMPipelineBatchCustom", "byom_batch_pipeline.yaml", 13),
    "byom_data_quality_monitor": ("BYOMDataQualityMonitor", "byom_data_quality_monitor.yaml", 18),
    "byom_model_quality_monitor": ("BYOMModelQualityMonitor", "byom_model_quality_monitor.yaml", 27),
    "byom_model_bias_monitor": ("BYOMModelBiasMonitor", "byom_model_bias_monitor.yaml", 27),
    "byom_model_explainability_monitor": (
        "BYOMModelExplainabilityMonitor",
        "byom_model_explainability_monitor.yaml",
        25,
    ),
    "byom_image_builder": ("BYOMPipelineImageBuilder", "byom_custom_algorithm_image_builder.yaml", 5),
    "model_training_builtin": ("ModelTraining", "model_training_pipeline.yaml", 24),
    "model_tuner_builtin": ("TunerTraining", "model_hyperparameter_tunning_pipeline.yaml", 26),
    "model_autopilot_training": ("AutopilotTraining", "autopilot_training_pipeline.yaml", 16),
}


def test_the_twelve_pipeline_types_of_the_original() -> None:
    assert set(PIPELINE_TYPES) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_postfix_blueprint_and_parameter_count(name: str) -> None:
    declaration = PIPELINE_TYPES[name]
    postfix, blueprint, count = EXPECTED[name]
    assert (declaration.stack_postfix, declaration.blueprint.file_name, len(declaration.parameters)) == (
        postfix,
        blueprint,
        count,
    )
    assert len(set(declaration.parameter_names)) == count


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_key_a_type_reads_is_a_field_of_its_request_model(name: str) -> None:
    declaration = PIPELINE_TYPES[name]
    fields = set(declaration.request_model.model_fields)
    for mode in (Mode(), Mode(model_registry=True), Mode(multi_account=True)):
        for problem_type in declaration.problem_types or ("",):
            rules = declaration.keys(mode, problem_type)
            assert set(rules.required) | set(rules.optional) <= fields
            assert rules.required[0] == "pipeline_type"


def test_training_types_never_leave_the_orchestrator_account() -> None:
    training = {name for name, d in PIPELINE_TYPES.items() if d.deployment is Deployment.ORCHESTRATOR_ACCOUNT}
    assert training == {"model_training_builtin", "model_tuner_builtin", "model_autopilot_training"}
    assert PIPELINE_TYPES["byom_image_builder"].deployment is Deployment.DIRECT
