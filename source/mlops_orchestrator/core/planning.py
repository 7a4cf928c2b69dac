"""Request -> plan: stack names, blueprint, parameters per stage and the files of template.zip. Pure."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import images
from .catalog import Deployment, PipelineType
from .catalog.blueprints import MULTI_ACCOUNT_CODEPIPELINE, SINGLE_ACCOUNT_CODEPIPELINE
from .catalog.codepipeline import (
    SINGLE_PARAMS_FILE,
    codepipeline_parameters,
    stage_params_file,
    template_zip_key,
)
from .catalog.declaration import ParameterContext, RequestT
from .naming import codepipeline_stack_name, provisioned_stack_name
from .settings import STAGES, Settings
from .validation import ValidatedRequest


@dataclass(frozen=True)
class StagePlan:
    """The blueprint parameters for one stage (`stage` is None outside multi-account promotion)."""

    stage: str | None
    params_file: str
    parameters: tuple[tuple[str, str], ...]

    def params_file_body(self) -> bytes:
        """The original's formats: StackSet list form per stage, CodePipeline `{"Parameters": ...}` otherwise."""
        if self.stage is None:
            document: object = {"Parameters": dict(self.parameters)}
        else:
            document = [{"ParameterKey": key, "ParameterValue": value} for key, value in self.parameters]
        return json.dumps(document, indent=4).encode()


@dataclass(frozen=True)
class Plan:
    pipeline_type: str
    provisioned_stack: str
    """The blueprint's stack (or StackSet base) name."""
    pipeline_stack: str
    """The stack the orchestrator creates: the CodePipeline stack, or the image builder itself."""
    blueprint_file: str
    pipeline_template_file: str
    pipeline_template_url: str
    pipeline_parameters: tuple[tuple[str, str], ...]
    stages: tuple[StagePlan, ...]
    template_zip_key: str | None
    request_digest: str
    warnings: tuple[dict[str, str], ...] = field(default=())
    name: str = ""
    """The model name (or image tag) the stacks are named after."""
    request: str = ""
    """The validated request as JSON text (keys it ignored left out): stored in template.zip for `show`."""
    release_cause: str = "request"
    """What made this plan: a request, or a model package's approval or rejection (registry releases)."""

    @property
    def model_package(self) -> str:
        """The model package version this plan deploys ("" when it deploys none)."""
        for stage in self.stages:
            value = dict(stage.parameters).get("ModelPackageName")
            if value:
                return value
        return ""

    @property
    def uses_template_zip(self) -> bool:
        return self.template_zip_key is not None

    def as_dict(self) -> dict[str, Any]:
        return {
            "pipeline_type": self.pipeline_type,
            "stack_name": self.pipeline_stack,
            "blueprint_stack_name": self.provisioned_stack,
            "blueprint": self.blueprint_file,
            "pipeline_template": self.pipeline_template_file,
            "pipeline_parameters": dict(self.pipeline_parameters),
            "template_zip": self.template_zip_key,
            "stages": {
                (stage.stage or "default"): {
                    "params_file": stage.params_file,
                    "parameters": dict(stage.parameters),
                }
                for stage in self.stages
            },
        }


def plan_request(
    validated: ValidatedRequest[RequestT],
    settings: Settings,
    new_suffix: Callable[[], str] | None = None,
) -> Plan:
    declaration = validated.declaration
    request = validated.request
    infix = str(getattr(request, declaration.name_key))
    provisioned = provisioned_stack_name(settings.pipeline_stack_prefix, infix, declaration.stack_postfix)
    suffixes = new_suffix or _random_suffix
    staged = settings.multi_account and declaration.deployment is Deployment.STAGED

    def context(stage: str | None) -> ParameterContext:
        return ParameterContext(
            settings=settings,
            stage=stage,
            stack_name=provisioned,
            image_uri=lambda framework, version: images.image_uri(framework, version, settings.region),
            monitor_image_uri=lambda monitoring_type: images.monitor_image_uri(monitoring_type, settings.region),
            new_suffix=suffixes,
        )

    digest = request_digest(declaration, validated, settings)
    understood = json.dumps(validated.request.recorded(), sort_keys=True)
    warnings = tuple(problem.as_dict() for problem in validated.warnings)
    if declaration.deployment is Deployment.DIRECT:
        parameters = tuple(declaration.derive(request, context(None)))
        return Plan(
            pipeline_type=declaration.name,
            provisioned_stack=provisioned,
            pipeline_stack=provisioned,
            blueprint_file=declaration.blueprint.file_name,
            pipeline_template_file=declaration.blueprint.file_name,
            pipeline_template_url=template_url(settings, declaration.blueprint.file_name),
            pipeline_parameters=parameters,
            stages=(),
            template_zip_key=None,
            request_digest=digest,
            warnings=warnings,
            name=infix,
        )
    if staged:
        stages = tuple(
            StagePlan(stage, stage_params_file(stage), tuple(declaration.derive(request, context(stage))))
            for stage in STAGES
        )
        pipeline_template = MULTI_ACCOUNT_CODEPIPELINE.file_name
    else:
        stages = (StagePlan(None, SINGLE_PARAMS_FILE, tuple(declaration.derive(request, context(None)))),)
        pipeline_template = SINGLE_ACCOUNT_CODEPIPELINE.file_name
    return Plan(
        pipeline_type=declaration.name,
        provisioned_stack=provisioned,
        pipeline_stack=codepipeline_stack_name(provisioned),
        blueprint_file=declaration.blueprint.file_name,
        pipeline_template_file=pipeline_template,
        pipeline_template_url=template_url(settings, pipeline_template),
        pipeline_parameters=tuple(codepipeline_parameters(settings, provisioned, declaration.blueprint, staged)),
        stages=stages,
        template_zip_key=template_zip_key(provisioned),
        request_digest=digest,
        warnings=warnings,
        name=infix,
        request=understood,
    )


def template_url(settings: Settings, file_name: str) -> str:
    base = settings.blueprint_bucket_url
    if not base.startswith(("http://", "https://")):
        base = f"https://{base}"
    return f"{base.rstrip('/')}/blueprints/{file_name}"


def request_digest(
    declaration: PipelineType[RequestT], validated: ValidatedRequest[RequestT], settings: Settings
) -> str:
    """A fingerprint of what the request asks for, so that re-submitting it changes nothing."""
    payload = {
        "type": declaration.name,
        "request": validated.request.model_dump(mode="json", exclude_none=True),
        "multi_account": settings.multi_account,
        "model_registry": settings.model_registry,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _random_suffix() -> str:
    return uuid.uuid4().hex[:4]
