"""Concurrent provisioning against moto: one stack per config, no 5xx, status and list correct meanwhile."""

from __future__ import annotations

import functools
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.reliability import snapshot
from tests.reliability.containers import AtomicCloudFormation, answer, container
from tests.reliability.invariants import nothing_half_done
from tests.reliability.modes import budget
from tests.reliability.tally import TALLY
from tests.support import example

AREA = "concurrency"
WORKERS = 50
BODY = example("byom_batch_builtin")


@pytest.fixture(autouse=True)
def atomic_cloudformation(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without it, moto's own thread-unsafety answers 500 now and then (see AtomicCloudFormation)."""
    AtomicCloudFormation.install(monkeypatch)


def provision(body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    status, parsed = answer(lambda: container().provision(body))
    TALLY.case(AREA, status)
    if status >= 500:
        TALLY.failure(AREA)
    return status, parsed


def named(index: int) -> dict[str, Any]:
    return {**BODY, "model_name": f"concurrent-{index:03d}"}


def test_concurrent_provisions_of_one_config_give_exactly_one_stack(aws_account: dict[str, Any]) -> None:
    rounds = budget(1, 5)
    for _ in range(rounds):
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            results = list(pool.map(lambda _: provision(BODY), range(WORKERS)))
        statuses = {status for status, _ in results}
        assert statuses <= {200, 409}, [body for status, body in results if status not in (200, 409)]
        assert 200 in statuses
        for status, body in results:
            if status == 409:
                assert body.get("detailedMessage"), body
        assert len({body["pipeline_id"] for status, body in results if status == 200}) == 1
        assert len(snapshot.stacks(aws_account)) == 1
        nothing_half_done(aws_account)


def test_concurrent_provisions_of_different_configs_give_one_stack_each(aws_account: dict[str, Any]) -> None:
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        results = list(pool.map(lambda index: provision(named(index)), range(WORKERS)))
    assert [status for status, _ in results] == [200] * WORKERS, [body for _, body in results]
    assert len(snapshot.stacks(aws_account)) == WORKERS
    nothing_half_done(aws_account)


def test_status_and_list_stay_correct_while_provisioning(aws_account: dict[str, Any]) -> None:
    count = budget(20, WORKERS)
    created: list[str] = []
    done = threading.Event()
    problems: list[Any] = []

    def provision_all() -> None:
        try:
            with ThreadPoolExecutor(max_workers=10) as pool:
                for status, body in pool.map(lambda index: provision(named(index)), range(count)):
                    assert status == 200, body
                    created.append(body["pipeline_id"])
        finally:
            done.set()

    def observe() -> None:
        reader = container()
        while not done.is_set():
            status, listed = answer(lambda: reader.list_pipelines({"max_results": 100}))
            TALLY.case(AREA, status)
            if status != 200:
                problems.append(listed)
                continue
            for pipeline_id in list(created):
                status, body = answer(functools.partial(reader.status, {"pipeline_id": pipeline_id}))
                TALLY.case(AREA, status)
                if status != 200 or body["summary"]["stack_name"] not in pipeline_id:
                    problems.append(body)

    writer = threading.Thread(target=provision_all)
    readers = [threading.Thread(target=observe) for _ in range(3)]
    for thread in [writer, *readers]:
        thread.start()
    for thread in [writer, *readers]:
        thread.join()
    assert problems == []
    assert len(created) == count
    status, listed = answer(lambda: container().list_pipelines({"max_results": 100}))
    assert status == 200 and len(listed["pipelines"]) == count, listed


def test_a_stack_created_by_another_request_meanwhile_converges(aws_account: dict[str, Any]) -> None:
    """'Already exists' race: between this request's DescribeStacks and its CreateStack, another container
    creates the same pipeline; CloudFormation answers AlreadyExistsException and this request converges."""
    racer = container()
    raced: list[tuple[int, dict[str, Any]]] = []
    slow = container()
    cloudformation = slow._client("cloudformation")

    def another_request_first(**_: Any) -> None:
        if not raced:
            raced.append(answer(lambda: racer.provision(BODY)))

    cloudformation.meta.events.register_first("before-call.cloudformation.CreateStack", another_request_first)
    status, body = answer(lambda: slow.provision(BODY))
    TALLY.case(AREA, status)
    assert raced and raced[0][0] == 200, raced
    assert status == 200, body
    assert body["pipeline_id"] == raced[0][1]["pipeline_id"]
    assert len(snapshot.stacks(aws_account)) == 1
    nothing_half_done(aws_account)
