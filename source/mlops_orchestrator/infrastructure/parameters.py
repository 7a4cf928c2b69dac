"""CfnParameters built from the catalog's declarations, so blueprints and the orchestrator cannot drift."""

from __future__ import annotations

import aws_cdk as cdk
from constructs import Construct

from mlops_orchestrator.core.catalog.declaration import Blueprint, TemplateParameter


def cfn_parameter(scope: Construct, declared: TemplateParameter) -> cdk.CfnParameter:
    return cdk.CfnParameter(
        scope,
        declared.name,
        type=declared.type,
        description=declared.description or None,
        default=declared.default,
        allowed_values=list(declared.allowed_values) if declared.allowed_values is not None else None,
        allowed_pattern=declared.allowed_pattern,
        min_length=declared.min_length,
        max_length=declared.max_length,
        min_value=declared.min_value,
        max_value=declared.max_value,
    )


def blueprint_parameters(scope: Construct, blueprint: Blueprint) -> dict[str, cdk.CfnParameter]:
    """Every parameter the blueprint declares, in order, keyed by name."""
    return {declared.name: cfn_parameter(scope, declared) for declared in blueprint.parameters}
