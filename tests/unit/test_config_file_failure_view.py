"""`status` and `list` show the API's last failed mlops-config.json upload."""

from __future__ import annotations

from mlops_orchestrator.cli.status_view import config_file_failure, render_status

FAILURE = {
    "config_file": "s3://config-bucket/mlops-config.json",
    "message": "model_name: is required",
    "at": "2026-12-04T21:00:00+00:00",
}


def test_the_line_names_the_file_the_time_and_the_reason() -> None:
    assert config_file_failure(FAILURE) == (
        "Last mlops-config.json failure (2026-12-04T21:00:00+00:00, s3://config-bucket/mlops-config.json):\n"
        "  model_name: is required"
    )


def test_status_shows_it_after_the_pipeline_and_only_when_there_is_one() -> None:
    answer = {"summary": {"stack_name": "s", "stack_status": "CREATE_COMPLETE"}}
    assert "mlops-config.json" not in render_status(answer)
    assert render_status({**answer, "last_config_file_failure": FAILURE}).endswith(config_file_failure(FAILURE))
