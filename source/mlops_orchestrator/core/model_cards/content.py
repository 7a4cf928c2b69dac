"""The model card's Content document, in SageMaker's model card JSON schema, from the request's sections."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from . import discovery
from .request import Evaluation, ModelCardRequest

if TYPE_CHECKING:
    from types_boto3_sagemaker import SageMakerClient


def build(
    request: ModelCardRequest,
    sagemaker: SageMakerClient,
    file_groups: Mapping[int, list[dict[str, object]]] | None = None,
) -> dict[str, Any]:
    """Only the sections the request gives: on update they replace the card's sections of the same name.

    `file_groups` are the metric groups read from each evaluation's metric file, by the evaluation's index.
    """
    content: dict[str, Any] = {}
    if request.model_overview is not None:
        given = request.model_overview
        overview = _compact(given.model_dump(exclude={"inference_environment"}))
        if given.inference_environment is not None:
            overview["inference_environment"] = {"container_image": given.inference_environment}
        if given.model_name:
            # The SDK's from_model_name takes the given fields as overrides: what the caller wrote wins.
            overview = {**discovery.model_overview(sagemaker, given.model_name), **overview}
        content["model_overview"] = overview
    if request.intended_uses is not None:
        content["intended_uses"] = _compact(request.intended_uses.model_dump())
    if request.training_details is not None:
        content["training_details"] = _training(request, sagemaker)
    if request.evaluation_details is not None:
        content["evaluation_details"] = [
            _evaluation(evaluation, (file_groups or {}).get(index, []))
            for index, evaluation in enumerate(request.evaluation_details)
        ]
    if request.additional_information is not None:
        content["additional_information"] = _compact(request.additional_information.model_dump())
    return content


def _training(request: ModelCardRequest, sagemaker: SageMakerClient) -> dict[str, Any]:
    given = request.training_details
    assert given is not None
    training: dict[str, Any] = {}
    if given.objective_function is not None:
        objective = given.objective_function
        # The schema nests function/facet/condition under "function" and keeps "notes" beside it.
        function = _compact(
            {"function": objective.function, "facet": objective.facet, "condition": objective.condition}
        )
        training["objective_function"] = _compact({"function": function or None, "notes": objective.notes})
    if given.training_observations is not None:
        training["training_observations"] = given.training_observations
    details: dict[str, Any] = {}
    if given.training_job_name:
        details = discovery.training_job_details(sagemaker, given.training_job_name)
    elif given.model_name:
        details = discovery.training_details_of_model(sagemaker, given.model_name)
    if given.training_job_details is not None:
        written = given.training_job_details
        mine = _compact(written.model_dump(exclude={"training_environment"}))
        if written.training_environment is not None:
            mine["training_environment"] = {"container_image": written.training_environment}
        details = {**details, **mine}
    if details:
        training["training_job_details"] = details
    return training


def _evaluation(evaluation: Evaluation, from_file: list[dict[str, object]]) -> dict[str, Any]:
    # The file's URL and type are the orchestrator's input, not fields of the card's schema.
    written = _compact(evaluation.model_dump(exclude={"metric_file_s3_url", "metric_type"}))
    if from_file:
        # The SDK's add_metric_group_from_s3 appended to the groups already there: the request's come first.
        written["metric_groups"] = [*written.get("metric_groups", []), *from_file]
    result: dict[str, Any] = written
    return result


def _compact(section: dict[str, Any]) -> dict[str, Any]:
    """Drop unset (None) keys at every depth: the schema rejects nulls."""
    return {key: _compacted(item) for key, item in section.items() if item is not None}


def _compacted(value: object) -> object:
    if isinstance(value, dict):
        return {key: _compacted(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_compacted(item) for item in value]
    return value
