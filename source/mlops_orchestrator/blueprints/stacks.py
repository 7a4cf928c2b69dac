"""Every catalog blueprint with the CDK stack that synthesizes its template, and the Lambda packages it loads.

This is the one list app.py, the blueprint package, local mode and the tests read; a blueprint of the catalog
without an entry here fails the tests.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import aws_cdk as cdk
from constructs import Construct

from mlops_orchestrator.core.catalog import blueprints as catalog
from mlops_orchestrator.core.catalog.declaration import Blueprint
from mlops_orchestrator.infrastructure.synthesizer import synthesizer

from .autopilot_training.runtime_package import AUTOPILOT_LAMBDA
from .autopilot_training.stack import AutopilotJobStack
from .batch_transform.runtime_package import BATCH_LAMBDA
from .batch_transform.stack import BYOMBatchStack
from .image_builder.stack import BYOMCustomAlgorithmImageBuilderStack
from .lambdas import BlueprintLambda
from .model_monitor.kinds import KINDS
from .model_monitor.runtime_package import BASELINE_LAMBDA
from .model_monitor.stack import ModelMonitorStack
from .model_training.runtime_package import TRAINING_LAMBDA
from .model_training.stack import ModelTrainingStack
from .multi_account_codepipeline.runtime_package import STACKSET_LAMBDA
from .multi_account_codepipeline.stack import MultiAccountCodePipelineStack
from .permissions_boundary import bound_every_role
from .realtime_inference.runtime_package import INFERENCE_LAMBDA
from .realtime_inference.stack import BYOMRealtimePipelineStack
from .single_account_codepipeline.stack import SingleAccountCodePipelineStack


@dataclass(frozen=True)
class BlueprintStack:
    blueprint: Blueprint
    stack_id: str
    """The CDK stack id (the original's), which names the template in the cloud assembly."""
    stack_class: Callable[..., cdk.Stack]
    """A stack class taking `blueprint=` (and the `options`)."""
    lambdas: tuple[BlueprintLambda, ...] = ()
    """The packages the template loads from `s3://<blueprint bucket>/blueprints/lambdas/`."""
    options: Mapping[str, Any] = field(default_factory=dict)
    """Constructor keywords beyond the blueprint: what one stack class varies on."""

    def build(self, scope: Construct) -> cdk.Stack:
        stack = self.stack_class(
            scope, self.stack_id, blueprint=self.blueprint, synthesizer=synthesizer(), **self.options
        )
        bound_every_role(stack)
        return stack


BLUEPRINT_STACKS: tuple[BlueprintStack, ...] = (
    BlueprintStack(
        catalog.SINGLE_ACCOUNT_CODEPIPELINE, "SingleAccountCodePipelineStack", SingleAccountCodePipelineStack
    ),
    BlueprintStack(
        catalog.MULTI_ACCOUNT_CODEPIPELINE,
        "MultiAccountCodePipelineStack",
        MultiAccountCodePipelineStack,
        (STACKSET_LAMBDA,),
    ),
    BlueprintStack(catalog.REALTIME, "BYOMRealtimePipelineStack", BYOMRealtimePipelineStack, (INFERENCE_LAMBDA,)),
    BlueprintStack(catalog.BATCH, "BYOMBatchStack", BYOMBatchStack, (BATCH_LAMBDA,)),
    BlueprintStack(catalog.IMAGE_BUILDER, "BYOMCustomAlgorithmImageBuilderStack", BYOMCustomAlgorithmImageBuilderStack),
    BlueprintStack(
        catalog.TRAINING, "TrainingJobStack", ModelTrainingStack, (TRAINING_LAMBDA,), {"job_type": "training"}
    ),
    BlueprintStack(
        catalog.TUNER,
        "HyperparamaterTunningJobStack",  # sic: the original's stack id
        ModelTrainingStack,
        (TRAINING_LAMBDA,),
        {"job_type": "tuning"},
    ),
    BlueprintStack(catalog.AUTOPILOT, "AutopilotJobStack", AutopilotJobStack, (AUTOPILOT_LAMBDA,)),
    *(
        BlueprintStack(kind.blueprint, kind.stack_id, ModelMonitorStack, (BASELINE_LAMBDA,), {"kind": kind})
        for kind in KINDS
    ),
)


def stack_of(blueprint: Blueprint) -> BlueprintStack:
    return next(entry for entry in BLUEPRINT_STACKS if entry.blueprint is blueprint)


def blueprint_lambdas() -> tuple[BlueprintLambda, ...]:
    """Every Lambda package the blueprints load, once each, in the order of `BLUEPRINT_STACKS`."""
    return tuple(dict.fromkeys(package for entry in BLUEPRINT_STACKS for package in entry.lambdas))
