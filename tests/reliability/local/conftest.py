"""One local-mode instance (moto server + HTTP API on 127.0.0.1) for this package's tests.

moto keeps its state process-wide: the instance is stopped, and the process restored, when the package is done,
before tests that use moto's mock_aws run again (the same arrangement as tests/e2e/conftest.py).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mlops_orchestrator.local.runner import LocalMode


@pytest.fixture(scope="package")
def local() -> Iterator[LocalMode]:
    mode = LocalMode()
    mode.start()
    assert mode.info.api_url.startswith("http://127.0.0.1:")
    yield mode
    mode.stop()
