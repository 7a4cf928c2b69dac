"""Stand-in SageMaker API operations moto lacks: put on moto's SageMakerResponse while local mode runs, taken
off (moto's own method, or none, put back) when it stops."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from moto.sagemaker.responses import SageMakerResponse

Operation = Callable[[SageMakerResponse], str]


class SageMakerApiPatch:
    def __init__(self, operations: Mapping[str, Operation]) -> None:
        self._operations = operations
        self._saved: dict[str, Any] = {}

    def install(self) -> None:
        for name, operation in self._operations.items():
            if name not in self._saved:
                self._saved[name] = SageMakerResponse.__dict__.get(name)
                setattr(SageMakerResponse, name, operation)

    def uninstall(self) -> None:
        for name in list(self._saved):
            original = self._saved.pop(name)
            if original is None:
                delattr(SageMakerResponse, name)
            else:
                setattr(SageMakerResponse, name, original)
