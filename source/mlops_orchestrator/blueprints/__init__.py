"""Blueprint stacks, one folder each with its Lambda runtime beside it (they land with their issues).

`SYNTHESIZED_BLUEPRINTS` maps a blueprint file name to a function that builds its CDK stack in an app.
The contract tests and local mode use the real template for every file listed here, and fall back to the
catalog's parameter declarations for the others.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SYNTHESIZED_BLUEPRINTS: dict[str, Callable[[Any], Any]] = {}
