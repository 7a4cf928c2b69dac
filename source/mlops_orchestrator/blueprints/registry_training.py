"""The training blueprints: model training, hyperparameter tuning and Autopilot.

Stacks are imported when built, so that reading the registry loads no CDK.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .lambdas import CUSTOM_RESOURCE_RUNTIME, BlueprintLambda

_TRAINING_RUNTIME = "mlops_orchestrator.blueprints.model_training.runtime"
TRAINING_LAMBDA = BlueprintLambda("create_model_training_job", (_TRAINING_RUNTIME, CUSTOM_RESOURCE_RUNTIME))
# Autopilot reads its properties with the training runtime's helpers.
AUTOPILOT_LAMBDA = BlueprintLambda(
    "create_sagemaker_autopilot_job",
    ("mlops_orchestrator.blueprints.autopilot_training.runtime", _TRAINING_RUNTIME, CUSTOM_RESOURCE_RUNTIME),
)


def build_training(app: Any) -> Any:
    from mlops_orchestrator.infrastructure.synthesizer import synthesizer

    from .model_training.stack import ModelTrainingStack

    return ModelTrainingStack(app, "TrainingJobStack", job_type="training", synthesizer=synthesizer())


def build_tuner(app: Any) -> Any:
    from mlops_orchestrator.infrastructure.synthesizer import synthesizer

    from .model_training.stack import ModelTrainingStack

    # sic: the original's stack id
    return ModelTrainingStack(app, "HyperparamaterTunningJobStack", job_type="tuning", synthesizer=synthesizer())


def build_autopilot(app: Any) -> Any:
    from mlops_orchestrator.infrastructure.synthesizer import synthesizer

    from .autopilot_training.stack import AutopilotJobStack

    return AutopilotJobStack(app, "AutopilotJobStack", synthesizer=synthesizer())


TRAINING_BLUEPRINTS: dict[str, Callable[[Any], Any]] = {
    "model_training_pipeline.yaml": build_training,
    "model_hyperparameter_tunning_pipeline.yaml": build_tuner,  # sic
    "autopilot_training_pipeline.yaml": build_autopilot,
}
TRAINING_LAMBDAS: tuple[BlueprintLambda, ...] = (TRAINING_LAMBDA, AUTOPILOT_LAMBDA)
