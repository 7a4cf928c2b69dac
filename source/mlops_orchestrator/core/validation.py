"""Request validation in one pass: every problem of a body is found before any AWS call."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic

from pydantic import ValidationError

from . import images
from .catalog import CONTROL_KEYS, KNOWN_MISSPELLINGS, PIPELINE_TYPES, Deployment, KeyRules, Mode, PipelineType
from .catalog.declaration import RequestT
from .errors import FieldProblem, RequestValidationError, field_path
from .key_typos import UnknownKeys
from .naming import CFN_STACK_NAME_MAX, CODEPIPELINE_SUFFIX, STACKSET_SUFFIX_LENGTH
from .sagemaker_values import suggestion
from .settings import Settings

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

UNSUPPORTED_TYPE = "Bad request format. Pipeline type not supported. Check documentation for API & config formats"
MISSING_KEY = "Bad request. API body does not have the necessary parameter: {key}"
UNSUPPORTED_PROBLEM_TYPE = "Bad request format. Unsupported problem_type in {pipeline_type} pipeline"
MAX_DEPTH = 32
"""Deeper JSON than this is refused: no request key needs it, and it would only exhaust the stack."""


@dataclass(frozen=True)
class ValidatedRequest(Generic[RequestT]):
    declaration: PipelineType[RequestT]
    request: RequestT
    warnings: tuple[FieldProblem, ...] = ()
    dry_run: bool = False


def mode_of(settings: Settings) -> Mode:
    return Mode(multi_account=settings.multi_account, model_registry=settings.model_registry)


def validate_request(body: object, settings: Settings) -> ValidatedRequest[Any]:
    """Return the typed request, or raise RequestValidationError naming every offending field."""
    if not isinstance(body, Mapping):
        raise RequestValidationError(
            [FieldProblem("body", "must be a JSON object")], "Bad request. The body must be a JSON object."
        )
    too_deep = _deeper_than(body, MAX_DEPTH)
    if too_deep is not None:
        raise RequestValidationError(
            [FieldProblem(_top_level(too_deep), f"is nested more than {MAX_DEPTH} levels deep")],
            "Bad request. The body is nested too deeply.",
        )
    raw_type = body.get("pipeline_type")
    declaration = PIPELINE_TYPES.get(raw_type.strip()) if isinstance(raw_type, str) else None
    if declaration is None:
        choices = ", ".join(sorted(PIPELINE_TYPES))
        raise RequestValidationError([FieldProblem("pipeline_type", f"must be one of: {choices}")], UNSUPPORTED_TYPE)
    return _Validator(declaration, body, settings).run()


class _Validator(Generic[RequestT]):
    def __init__(self, declaration: PipelineType[RequestT], body: Mapping[str, object], settings: Settings) -> None:
        self.declaration = declaration
        self.body = body
        self.settings = settings
        self.problems: list[FieldProblem] = []
        self.detailed: str | None = None

    def run(self) -> ValidatedRequest[RequestT]:
        problem_type = self._problem_type()
        rules = self._rules(problem_type)
        known = {*rules.required, *rules.optional, *CONTROL_KEYS}
        unknown = UnknownKeys.of(
            (str(key) for key in self.body),
            sorted(known),
            KNOWN_MISSPELLINGS,
            self.declaration.name,
            elsewhere=self.declaration.used_keys(),
        )
        warnings = unknown.warnings(rules.required)
        values = {key: value for key, value in self.body.items() if key in known and key != "dry_run"}
        dry_run = self._dry_run()
        self._missing(rules, values)
        values = {key: value for key, value in values.items() if not _blank(value)}
        request = self._typed(values)
        self._cross_field(values, request)
        if self.problems:
            problems = [unknown.explain(problem, problem.field not in self.body) for problem in self.problems]
            raise RequestValidationError(problems, self.detailed, list(warnings))
        assert request is not None
        return ValidatedRequest(self.declaration, request, warnings, dry_run)

    def _add(self, field: str, message: str, detailed: str | None = None) -> None:
        if any(problem.field == field for problem in self.problems):
            return
        self.problems.append(FieldProblem(field, message))
        if self.detailed is None and detailed is not None:
            self.detailed = detailed

    def _rules(self, problem_type: str | None) -> KeyRules:
        return self.declaration.key_rules(mode_of(self.settings), problem_type)

    def _problem_type(self) -> str | None:
        value = self.body.get("problem_type")
        text = value.strip() if isinstance(value, str) else ""
        allowed = self.declaration.problem_types
        if allowed and text not in allowed:
            self._add(
                "problem_type",
                f"must be one of: {', '.join(allowed)}{suggestion(text, allowed) if text else ''}",
                UNSUPPORTED_PROBLEM_TYPE.format(pipeline_type=self.declaration.name),
            )
            return None
        return text

    def _dry_run(self) -> bool:
        value = self.body.get("dry_run", False)
        if not isinstance(value, bool):
            self._add("dry_run", "must be true or false")
            return False
        return value

    def _missing(self, rules: KeyRules, values: Mapping[str, object]) -> None:
        for key in rules.required:
            if key in rules.one_of:
                self._exactly_one(rules.one_of, values)
            elif key not in values or values[key] is None:
                self._add(key, "is required", MISSING_KEY.format(key=key))
            elif _blank(values[key]):
                self._add(key, "must not be empty", MISSING_KEY.format(key=key))
        if rules.one_of and rules.one_of[0] not in rules.required:
            self._at_most_one(rules.one_of, values)
        for key, partner in rules.applies_with.items():
            if _sent(values, key) and not _sent(values, partner):
                self._add(key, f"applies only to a request that names {partner}")

    def _at_most_one(self, alternatives: Sequence[str], values: Mapping[str, object]) -> list[str]:
        """The alternatives sent; each one is refused, naming the others, when more than one is."""
        given = [key for key in alternatives if _sent(values, key)]
        if len(given) > 1:
            for key in given:
                others = " and ".join(other for other in given if other != key)
                self._add(key, f"cannot be sent together with {others}: name one of them")
        return given

    def _exactly_one(self, alternatives: Sequence[str], values: Mapping[str, object]) -> None:
        if not self._at_most_one(alternatives, values):
            first, rest = alternatives[0], " or ".join(alternatives[1:])
            blank = values.get(first) is not None
            self._add(
                first,
                "must not be empty" if blank else f"is required (or send {rest} instead)",
                MISSING_KEY.format(key=first),
            )

    def _typed(self, values: dict[str, object]) -> RequestT | None:
        staged = self.settings.multi_account and self.declaration.deployment is Deployment.STAGED
        try:
            return self.declaration.request_model.model_validate(values, context={"stages_allowed": staged})
        except ValidationError as error:
            for item in error.errors(include_url=False):
                field = field_path(item["loc"])
                if item["type"] == "missing" and len(item["loc"]) == 1:
                    continue  # already reported, in the original's order, by _missing
                self._add(field, _message(item))
            return None

    def _cross_field(self, values: Mapping[str, object], request: RequestT | None) -> None:
        self._stack_name_length(values)
        self._type_lengths(values)
        self._images(values)
        if request is not None:
            for problem in self.declaration.checks(request):
                self._add(problem.field, problem.message)

    def _stack_name_length(self, values: Mapping[str, object]) -> None:
        key = self.declaration.name_key
        value = values.get(key)
        if not isinstance(value, str):
            return
        limit = max_name_length(self.declaration, self.settings)
        if len(value.strip()) > limit:
            self._add(
                key,
                f"must be at most {limit} characters for {self.declaration.name}: it becomes part of "
                f"CloudFormation stack names, which are limited to {CFN_STACK_NAME_MAX} characters",
            )

    def _type_lengths(self, values: Mapping[str, object]) -> None:
        for key, limit in self.declaration.max_lengths.items():
            value = values.get(key)
            if isinstance(value, str) and len(value.strip()) > limit:
                self._add(key, f"must be at most {limit} characters for {self.declaration.name}")

    def _images(self, values: Mapping[str, object]) -> None:
        framework = values.get("model_framework")
        version = values.get("model_framework_version")
        if not (isinstance(framework, str) and isinstance(version, str)):
            return
        rules = self.declaration.key_rules(mode_of(self.settings), "")
        if "model_framework" not in rules.required:
            return
        try:
            images.image_uri(framework.strip(), version.strip(), self.settings.region)
        except images.ImageLookupError as error:
            self._add(error.field, str(error))


def max_name_length(declaration: PipelineType[RequestT], settings: Settings) -> int:
    """The longest model name (or image tag) whose derived stack and StackSet names stay valid."""
    return name_length_limit(declaration, settings.pipeline_stack_prefix, settings.multi_account)


def name_length_limit(declaration: PipelineType[RequestT], prefix: str, multi_account: bool) -> int:
    """`max_name_length` for a stack name prefix and orchestrator mode."""
    fixed = len(prefix) + 2 + len(declaration.stack_postfix)
    extra = 0 if declaration.deployment is Deployment.DIRECT else len(CODEPIPELINE_SUFFIX)
    if multi_account and declaration.deployment is Deployment.STAGED:
        extra = max(extra, STACKSET_SUFFIX_LENGTH)
    return CFN_STACK_NAME_MAX - fixed - extra


def _deeper_than(value: object, limit: int, path: str = "") -> str | None:
    """The path of the first value nested deeper than `limit`, or None. Iterative: deep input cannot overflow."""
    pending: list[tuple[object, str, int]] = [(value, path, 0)]
    while pending:
        item, where, depth = pending.pop()
        if depth > limit:
            return where
        if isinstance(item, Mapping):
            pending += [(child, f"{where}.{key}" if where else str(key), depth + 1) for key, child in item.items()]
        elif isinstance(item, list):
            pending += [(child, f"{where}[{index}]", depth + 1) for index, child in enumerate(item)]
    return None


def _top_level(path: str) -> str:
    return path.split(".", 1)[0].split("[", 1)[0] or "body"


def _blank(value: object) -> bool:
    return isinstance(value, str) and not value.strip()


def _sent(values: Mapping[str, object], key: str) -> bool:
    return values.get(key) is not None and not _blank(values[key])


def _message(item: ErrorDetails) -> str:
    kind = item["type"]
    if kind == "missing":
        return "is required"
    if kind == "string_too_short" and item.get("ctx", {}).get("min_length") == 1:
        return "must not be empty"
    if kind == "extra_forbidden":
        return "is not a stage: use dev, staging and prod"
    if kind == "literal_error":
        # pydantic words the choices as "'a', 'b' or 'c'"; say them plainly, with the closest to what was sent.
        expected = re.findall(r"'([^']*)'", str(item.get("ctx", {}).get("expected", "")))
        if expected:
            return f"must be one of: {', '.join(expected)}{suggestion(str(item['input']), expected)}"
    message: str = item["msg"]
    return message[0].lower() + message[1:] if message else kind
