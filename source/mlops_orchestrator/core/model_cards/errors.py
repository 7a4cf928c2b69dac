"""SageMaker errors of model-card calls, as the orchestrator's typed errors."""

from __future__ import annotations

from botocore.exceptions import ClientError

from .. import aws
from ..errors import AwsServiceError, NotFoundError, OrchestratorError

# SageMaker says "ResourceNotFound" for a missing card or export job, and "ValidationException ... not
# found" / "Could not find model" for a missing model or training job.
_MISSING_CODES = {"ResourceNotFound", "ResourceNotFoundException"}


def card_error(operation: str, error: ClientError, missing: str) -> OrchestratorError:
    code = aws.error_code(error)
    text = aws.error_message(error).lower()
    if code in _MISSING_CODES or (code == "ValidationException" and ("not found" in text or "could not find" in text)):
        return NotFoundError(missing)
    translated: AwsServiceError | NotFoundError = aws.service_error(operation, error)
    return translated
