"""Typed errors of the domain core. The handler maps each to one HTTP status."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldProblem:
    """One problem with one field of a request, addressed by a dotted path."""

    field: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


def field_path(loc: tuple[int | str, ...], prefix: str = "") -> str:
    """A pydantic error location as a field path (`a.b[2].c`), under `prefix` if given. Union tags (`#...`) and
    validator steps (`function-...`) are how pydantic got there, not part of the request, so they are left out."""
    path = prefix
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif not part.startswith(("#", "function-")):
            path += f".{part}" if path else part
    return path


class OrchestratorError(Exception):
    """Base of every error the core raises on purpose."""

    status_code = 500
    public_message = "An Unexpected Server side exception occurred"
    public_details = False
    """Whether str(error) is safe to show callers even when detailed errors are off."""


class BadRequestError(OrchestratorError):
    """The request cannot be served as sent. The text is safe to show to the caller."""

    status_code = 400
    public_message = "A BadRequest exception occurred"
    public_details = True


class RequestValidationError(BadRequestError):
    """Every problem found in a request body, reported at once."""

    def __init__(
        self,
        problems: list[FieldProblem],
        detailed_message: str | None = None,
        warnings: list[FieldProblem] | None = None,
    ) -> None:
        if not problems:
            raise ValueError("RequestValidationError needs at least one problem")
        self.problems = problems
        # Unused keys found on the way: the caller fixes every mistake in one round, typos included.
        self.warnings = list(warnings or [])
        self.detailed_message = detailed_message or f"Bad request. {problems[0].field}: {problems[0].message}"
        super().__init__(self.detailed_message)


class NotFoundError(OrchestratorError):
    """The pipeline (or stack) the caller named does not exist."""

    status_code = 404
    public_message = "A NotFound exception occurred"
    public_details = True


class ConflictError(OrchestratorError):
    """The pipeline is busy with another change; the caller may retry later."""

    status_code = 409
    public_message = "A Conflict exception occurred"
    public_details = True


class AwsServiceError(OrchestratorError):
    """An AWS call failed for a reason that is not the caller's input (after retries).

    The answer names the operation, AWS's error code and AWS's message: they are what a caller needs to fix the
    cause (a name already taken, a stack in a state that refuses the call), and they are AWS's words about
    the caller's own resources, not the orchestrator's internals. A call that got no AWS answer at all
    (`answered=False`: a timeout, a refused connection) names the operation and botocore's error only; its text
    (endpoints, parser output) is a server-side detail shown when detailed errors are allowed.
    """

    def __init__(
        self, operation: str, code: str, message: str, status_code: int = 502, *, answered: bool = True
    ) -> None:
        self.operation = operation
        self.code = code
        self.aws_message = message
        self.status_code = status_code
        self.public_details = answered
        text = f"{operation} failed with {code}: {message}" if message else f"{operation} failed with {code}"
        self.public_message = text if answered else f"{operation} got no usable answer from AWS ({code})"
        super().__init__(text)
