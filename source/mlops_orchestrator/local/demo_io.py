"""What the demo's steps share: HTTP calls to the local API, waiting, the config upload and the report."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any, TypeVar

from mlops_orchestrator.core.service import CONFIG_FILE_KEY

from .config_trigger import FAILED, GAVE_UP, HANDLED, ConfigEvent
from .runner import LocalMode

CONFIG_WAIT_SECONDS = 30.0
PIPELINE_WAIT_SECONDS = 30.0
SETTLED = ("Succeeded", "Failed", "AwaitingApproval")
T = TypeVar("T")


class DemoFailed(Exception):
    pass


def post_json(url: str, body: Any, timeout: float = 60.0) -> tuple[int, dict[str, Any]]:
    """POST a JSON body with urllib; (status, decoded JSON answer) for any HTTP status."""
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status), _decode(response.read())
    except urllib.error.HTTPError as error:
        return int(error.code), _decode(error.read())


def _decode(raw: bytes) -> dict[str, Any]:
    try:
        value = json.loads(raw or b"{}")
    except ValueError:
        return {"message": raw.decode(errors="replace")}
    return value if isinstance(value, dict) else {"body": value}


def wait_for(check: Callable[[], T | None], seconds: float, interval: float = 0.1) -> T | None:
    """`check()` until it returns something other than None, or None after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        found = check()
        if found is not None or time.monotonic() >= deadline:
            return found
        time.sleep(interval)


def provision(mode: LocalMode, body: Any, out: Report) -> str:
    """POST /provisionpipeline; the pipeline id, or DemoFailed with every problem the API named."""
    status, answer = post_json(f"{mode.info.api_url}/provisionpipeline", body)
    out.line(f"{status} {answer.get('message', '')}")
    if status != 200:
        for problem in answer.get("errors", []):
            out.line(f"  {problem.get('field')}: {problem.get('message')}")
        raise DemoFailed(f"the request was refused ({status}): {answer.get('detailedMessage', '')}")
    return str(answer["pipeline_id"])


def pipeline_state(mode: LocalMode, pipeline_id: str) -> dict[str, Any]:
    status, state = post_json(f"{mode.info.api_url}/pipelinestatus", {"pipeline_id": pipeline_id})
    if status != 200:
        raise DemoFailed(f"/pipelinestatus answered {status}: {state}")
    return state


def settled_pipeline(mode: LocalMode, pipeline_id: str) -> dict[str, Any]:
    """The pipeline's state once it succeeded, failed or waits for an approval (DemoFailed if it failed)."""

    def check() -> dict[str, Any] | None:
        state = pipeline_state(mode, pipeline_id)
        return state if state.get("summary", {}).get("pipeline_status") in SETTLED else None

    state = wait_for(check, PIPELINE_WAIT_SECONDS) or pipeline_state(mode, pipeline_id)
    summary = state.get("summary", {})
    if summary.get("pipeline_status") == "Failed":
        raise DemoFailed(f"the pipeline {summary.get('pipeline_name')} failed: {json.dumps(summary.get('stages'))}")
    return state


def upload_config(mode: LocalMode, body: Any) -> ConfigEvent:
    """Upload `body` as mlops-config.json to the config bucket and wait until the orchestrator handled it."""
    trigger = mode.config_trigger
    seen = len(trigger.events)
    mode.client("s3").put_object(
        Bucket=mode.info.config_bucket,
        Key=CONFIG_FILE_KEY,
        Body=json.dumps(body).encode(),
        ContentType="application/json",
    )

    def settled(events: list[ConfigEvent]) -> bool:
        return any(
            event.outcome in (HANDLED, GAVE_UP, FAILED) and CONFIG_FILE_KEY in event.keys for event in events[seen:]
        )

    if not trigger.wait_for(settled, CONFIG_WAIT_SECONDS):
        raise DemoFailed(f"the {CONFIG_FILE_KEY} upload was not handled within {CONFIG_WAIT_SECONDS:.0f} s")
    event = next(
        event for event in trigger.events[seen:] if CONFIG_FILE_KEY in event.keys and event.outcome != "ignored"
    )
    if event.outcome != HANDLED:
        raise DemoFailed(f"the {CONFIG_FILE_KEY} upload was not provisioned: {event.detail}")
    return event


class Report:
    """The demo's readable output on stdout."""

    def title(self, text: str) -> None:
        print(text)
        print("=" * len(text))

    def step(self, text: str) -> None:
        print()
        print(text)

    def line(self, text: str) -> None:
        print(f"   {text}" if text else "", flush=True)
