"""Local mode for the e2e tests: one instance per mode, shared by the package's tests.

moto keeps its state process-wide, so only one local mode runs at a time: asking for another mode
stops the running one first. Test modules are named so that tests of one mode run together. The
instance stops, and restores the process environment and moto as shipped, when the package is done,
before other test packages (which use moto's `mock_aws` in this process) run.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mlops_orchestrator.local.runner import LocalMode


class LocalModes:
    def __init__(self) -> None:
        self._current: LocalMode | None = None
        self._key: tuple[bool, bool] | None = None

    def get(self, multi_account: bool = False, model_registry: bool = False) -> LocalMode:
        key = (multi_account, model_registry)
        if self._current is None or self._key != key:
            self.close()
            mode = LocalMode(multi_account=multi_account, model_registry=model_registry)
            mode.start()
            self._current, self._key = mode, key
        return self._current

    def close(self) -> None:
        if self._current is not None:
            self._current.stop()
            self._current, self._key = None, None


@pytest.fixture(scope="package")
def local_modes() -> Iterator[LocalModes]:
    modes = LocalModes()
    yield modes
    modes.close()


@pytest.fixture
def single(local_modes: LocalModes) -> LocalMode:
    return local_modes.get()


@pytest.fixture
def registry(local_modes: LocalModes) -> LocalMode:
    return local_modes.get(model_registry=True)


@pytest.fixture
def multi_registry(local_modes: LocalModes) -> LocalMode:
    return local_modes.get(multi_account=True, model_registry=True)


@pytest.fixture
def multi(local_modes: LocalModes) -> LocalMode:
    return local_modes.get(multi_account=True)


@pytest.fixture
def own_single(local_modes: LocalModes) -> Iterator[LocalMode]:
    """A single-account local mode of the test's own, emptied when it is done: for tests that leave behind pipelines
    (approved to prod, endpoints holding the examples' names) that the package's other tests would meet."""
    local_modes.close()
    yield local_modes.get()
    local_modes.close()


@pytest.fixture
def own_multi(local_modes: LocalModes) -> Iterator[LocalMode]:
    """A multi-account local mode of the test's own (see `own_single`)."""
    local_modes.close()
    yield local_modes.get(multi_account=True)
    local_modes.close()
