"""The shape of one pipeline type's declaration: the single source of truth for that type."""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from ..errors import FieldProblem
from ..settings import Settings


@dataclass(frozen=True)
class TemplateParameter:
    """One CloudFormation parameter of a blueprint template, with the constraints it declares."""

    name: str
    type: Literal["String", "Number"] = "String"
    description: str = ""
    default: str | None = None
    allowed_values: tuple[str, ...] | None = None
    allowed_pattern: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    min_value: int | None = None
    max_value: int | None = None

    def with_default(self, default: str, description: str | None = None) -> TemplateParameter:
        return _replace(self, default=default, description=description or self.description)

    def as_cloudformation(self) -> dict[str, str | int | list[str]]:
        """The parameter as it appears under `Parameters` in a CloudFormation template."""
        declared: dict[str, str | int | list[str]] = {"Type": self.type}
        optional: dict[str, str | int | list[str] | None] = {
            "Description": self.description or None,
            "Default": self.default,
            "AllowedValues": list(self.allowed_values) if self.allowed_values is not None else None,
            "AllowedPattern": self.allowed_pattern,
            "MinLength": self.min_length,
            "MaxLength": self.max_length,
            "MinValue": self.min_value,
            "MaxValue": self.max_value,
        }
        declared.update({key: value for key, value in optional.items() if value is not None})
        return declared


def _replace(param: TemplateParameter, **changes: str | None) -> TemplateParameter:
    values = {**param.__dict__, **changes}
    return TemplateParameter(**values)


@dataclass(frozen=True)
class Blueprint:
    """A blueprint template: its file name (the contract) and its parameters in template order."""

    file_name: str
    description: str
    parameters: tuple[TemplateParameter, ...]

    @property
    def key(self) -> str:
        return f"blueprints/{self.file_name}"

    def cloudformation_parameters(self) -> dict[str, dict[str, str | int | list[str]]]:
        return {param.name: param.as_cloudformation() for param in self.parameters}

    def parameter(self, name: str) -> TemplateParameter:
        for param in self.parameters:
            if param.name == name:
                return param
        raise KeyError(f"{self.file_name} declares no parameter {name}")


class Deployment(enum.Enum):
    """How a pipeline type reaches AWS."""

    STAGED = "staged"
    """Through a CodePipeline stack; in multi-account mode promoted dev -> staging -> prod."""

    ORCHESTRATOR_ACCOUNT = "orchestrator_account"
    """Through a single-account CodePipeline stack, in the orchestrator account, in every mode."""

    DIRECT = "direct"
    """The blueprint is itself the pipeline stack (no template.zip)."""


class PipelineRequest(BaseModel):
    """Base of every request model. Unknown keys are ignored here and reported as warnings elsewhere."""

    # defer_build: a request builds only its own type's validator, which keeps the Lambda's cold start short.
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True, frozen=True, defer_build=True)

    pipeline_type: str = Field(description="Which pipeline to provision: one of the catalog's pipeline types.")

    def recorded(self) -> dict[str, Any]:
        """The request as stored with its pipeline (request.json in template.zip), keys left unset left out."""
        return self.model_dump(mode="json", exclude_none=True)


@dataclass(frozen=True)
class Mode:
    """The orchestrator options that change what a request needs."""

    multi_account: bool = False
    model_registry: bool = False

    @property
    def name(self) -> str:
        """`single`, `multi`, `registry` or `multi-registry`."""
        if self.multi_account:
            return "multi-registry" if self.model_registry else "multi"
        return "registry" if self.model_registry else "single"


MODES: tuple[Mode, ...] = tuple(Mode(multi, registry) for multi in (False, True) for registry in (False, True))
"""Every combination of orchestrator options."""


@dataclass(frozen=True)
class Case:
    """One orchestrator mode with one problem type ("" when the pipeline type has none)."""

    mode: Mode
    problem_type: str


@dataclass
class ParameterContext:
    """What a parameter derivation may read besides the request (one context per stage)."""

    settings: Settings
    stage: str | None
    stack_name: str
    image_uri: Callable[[str, str | None], str]
    """(framework, version) -> image URI in the orchestrator's region."""
    monitor_image_uri: Callable[[str], str]
    """(monitoring type) -> model-monitor or Clarify image URI in the orchestrator's region."""
    new_suffix: Callable[[], str]
    """A fresh short random suffix; generated names must be unique in the account."""
    _suffixes: dict[str, str] = field(default_factory=dict)

    def suffix(self, purpose: str) -> str:
        """The same suffix for every parameter that names the same generated resource."""
        if purpose not in self._suffixes:
            self._suffixes[purpose] = self.new_suffix()
        return self._suffixes[purpose]


RequestT = TypeVar("RequestT", bound=PipelineRequest)
"""The request model a declaration (or a derivation) reads."""

Derivation = Callable[[RequestT, ParameterContext], str]
"""One parameter's value from a request. A derivation of a base model serves every model derived from it."""
OptionalDerivation = Callable[[RequestT, ParameterContext], str | None]
"""None leaves the parameter out of the params file, so the template's default applies."""
Parameters = tuple[tuple[str, Derivation[RequestT]], ...]
"""Template parameters in template order, each with its derivation."""
OptionalParameters = tuple[tuple[str, OptionalDerivation[RequestT]], ...]


@dataclass(frozen=True)
class KeyRules:
    """Which request keys a pipeline type requires (in the original's check order) and which it reads."""

    required: Sequence[str]
    optional: Sequence[str] = ()
    one_of: Sequence[str] = ()
    """Alternatives of which at most one may be sent. When the first is in `required`, exactly one must be: the
    first stands for them all there, the others are listed in `optional`."""
    applies_with: Mapping[str, str] = field(default_factory=dict)
    """Optional key -> the key it only means something with: sending it without that key is refused."""


def _required_by_all(rule_sets: Sequence[KeyRules]) -> list[str]:
    """The keys every one of `rule_sets` requires, in the first one's order."""
    return [key for key in rule_sets[0].required if all(key in rules.required for rules in rule_sets)]


def _no_checks(_request: PipelineRequest) -> list[FieldProblem]:
    return []


@dataclass(frozen=True)
class PipelineType(Generic[RequestT]):
    """Everything the orchestrator knows about one `pipeline_type`, whose requests are `RequestT`."""

    name: str
    request_model: type[RequestT]
    blueprint: Blueprint
    stack_postfix: str
    deployment: Deployment
    parameters: Parameters[RequestT]
    keys: Callable[[Mode, str], KeyRules]
    """(mode, problem_type) -> key rules."""
    summary: str = ""
    name_key: str = "model_name"
    """The request key whose value names the stack: `mlops-pipeline-{value}-{postfix}`."""
    checks: Callable[[RequestT], list[FieldProblem]] = field(default=_no_checks)
    """Cross-field rules, run once every field is valid on its own."""
    problem_types: tuple[str, ...] = field(default=())
    """Non-empty when `problem_type` decides the required keys; values outside it are rejected first."""
    max_lengths: Mapping[str, int] = field(default_factory=dict)
    """Length limits this type puts on keys beyond their field type's (SageMaker's job-name limit for the job it
    runs). Validation enforces them; the JSON Schema and the reference pages publish them."""
    optional_parameters: OptionalParameters[RequestT] = field(default=())
    """Parameters beyond the original's, appended after `parameters` only when the request sets them, so
    requests that do not use them produce the same params files as before."""

    def cases(self) -> tuple[Case, ...]:
        """Every mode with every problem type: the table the key rules are defined over."""
        return tuple(Case(mode, problem) for mode in MODES for problem in self.problem_types or ("",))

    def key_rules(self, mode: Mode, problem_type: str | None) -> KeyRules:
        """The rules for one case; for an unknown problem type (None), what every problem type requires and
        what any of them reads."""
        if problem_type is not None or not self.problem_types:
            return self.keys(mode, problem_type or "")
        every = [self.keys(mode, choice) for choice in self.problem_types]
        required = _required_by_all(every)
        optional = {key for rules in every for key in (*rules.required, *rules.optional)} - set(required)
        return KeyRules(required, sorted(optional), every[0].one_of, every[0].applies_with)

    def used_keys(self) -> list[str]:
        """Every key some case reads, in first-seen order."""
        keys: list[str] = []
        for case in self.cases():
            rules = self.keys(case.mode, case.problem_type)
            keys += [key for key in (*rules.required, *rules.optional) if key not in keys]
        return keys

    def always_required(self) -> list[str]:
        """Keys required in every case."""
        return _required_by_all([self.keys(case.mode, case.problem_type) for case in self.cases()])

    @property
    def parameter_names(self) -> list[str]:
        return [name for name, _ in self.parameters]

    def derive(self, request: RequestT, context: ParameterContext) -> list[tuple[str, str]]:
        values = [(name, derive(request, context)) for name, derive in self.parameters]
        for name, derive_optional in self.optional_parameters:
            value = derive_optional(request, context)
            if value is not None:
                values.append((name, value))
        return values
