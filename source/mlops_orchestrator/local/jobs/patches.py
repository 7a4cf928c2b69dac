"""The job simulator's hooks in moto's SageMaker: creates start simulated jobs, reads see them advance.

moto creates every job already Completed (the AutoML job stays InProgress forever) and writes nothing.
The wrapped Create calls keep moto's validation and record, then hand the record to the simulator; the
wrapped Describe and List calls advance every job first, so they show the status its elapsed time reached.
"""

from __future__ import annotations

import functools
import inspect
import threading
from collections.abc import Callable
from typing import Any

from moto.sagemaker.models import SageMakerModelBackend
from moto.sagemaker.responses import SageMakerResponse

from ..moto_patches import MotoPatches
from .autopilot import AUTOPILOT
from .processing import PROCESSING
from .simulator import SIMULATOR, Behaviour
from .training import TRAINING, TUNING
from .transform import TRANSFORM

_CREATES: dict[str, tuple[str, str, Behaviour]] = {
    # backend method: (its job-name argument, the backend's dict of records, the behaviour)
    "create_training_job": ("training_job_name", "training_jobs", TRAINING),
    "create_hyper_parameter_tuning_job": ("hyper_parameter_tuning_job_name", "hyper_parameter_tuning_jobs", TUNING),
    "create_auto_ml_job_v2": ("auto_ml_job_name", "auto_ml_jobs", AUTOPILOT),
    "create_transform_job": ("transform_job_name", "transform_jobs", TRANSFORM),
    "create_processing_job": ("processing_job_name", "processing_jobs", PROCESSING),
}
_READS = (
    "describe_training_job",
    "list_training_jobs",
    "describe_hyper_parameter_tuning_job",
    "list_hyper_parameter_tuning_jobs",
    "describe_auto_ml_job_v2",
    "list_auto_ml_jobs",
    "describe_transform_job",
    "list_transform_jobs",
    "describe_processing_job",
    "list_processing_jobs",
)

_request = threading.local()
"""The processing request's Environment, between moto's request handler and its backend call."""


def _creating(method: str, original: Callable[..., Any]) -> Callable[..., Any]:
    name_argument, records, behaviour = _CREATES[method]
    signature = inspect.signature(original)

    @functools.wraps(original)
    def create(backend: SageMakerModelBackend, *args: Any, **kwargs: Any) -> Any:
        result = original(backend, *args, **kwargs)
        name = signature.bind(backend, *args, **kwargs).arguments[name_argument]
        record = getattr(backend, records)[name]
        if method == "create_processing_job":
            record.environment = getattr(_request, "environment", None) or None
        SIMULATOR.start(behaviour, name, backend.account_id, backend.region_name, record)
        return result

    return create


def _reading(original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    def read(backend: SageMakerModelBackend, *args: Any, **kwargs: Any) -> Any:
        SIMULATOR.advance_all()
        return original(backend, *args, **kwargs)

    return read


def _processing_request(original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    def handle(response: SageMakerResponse) -> Any:
        _request.environment = response._get_param("Environment")
        try:
            return original(response)
        finally:
            _request.environment = None

    return handle


_PATCHES = MotoPatches()
for _method in _CREATES:
    _PATCHES.wrap(SageMakerModelBackend, _method, functools.partial(_creating, _method))
for _method in _READS:
    _PATCHES.wrap(SageMakerModelBackend, _method, _reading)
_PATCHES.wrap(SageMakerResponse, "create_processing_job", _processing_request)
install = _PATCHES.install
uninstall = _PATCHES.uninstall
