"""The base of a request key whose value is an object of named settings (autoscaling, deployment, tuner)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, model_validator
from pydantic_core import PydanticCustomError

from ..sagemaker_values import closest

_OPTION_CONFIG = ConfigDict(
    str_strip_whitespace=True, frozen=True, defer_build=True, json_schema_extra={"additionalProperties": False}
)


def _with_guess(key: str, lacking: list[str]) -> str:
    guess = closest(key, lacking, count=1)
    return f"{key} (did you mean {guess[0]}?)" if guess else key


class OptionObject(BaseModel):
    """An option object: unknown keys are refused (a typo must not silently fall back to a default)."""

    model_config = _OPTION_CONFIG

    @model_validator(mode="before")
    @classmethod
    def _known_keys(cls, value: object) -> object:
        if isinstance(value, dict):
            unknown = sorted(str(key) for key in value if key not in cls.model_fields)
            if unknown:
                lacking = [key for key in cls.model_fields if key not in value]
                raise PydanticCustomError(
                    "unknown_keys",
                    "has unknown keys: {unknown}; allowed: {allowed}",
                    {
                        "unknown": ", ".join(_with_guess(key, lacking) for key in unknown),
                        "allowed": ", ".join(cls.model_fields),
                    },
                )
        return value
