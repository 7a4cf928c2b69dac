"""Local mode's changes to moto: attributes of its classes and modules, replaced while local mode runs.

Each module plans its changes once, at import (`replace` a attribute, or `wrap` moto's own with a function of
it). `install()` puts them in place and keeps what was there; `uninstall()` puts that back, and removes an
attribute the target did not have of its own. Installing twice installs once. A replacement that calls moto's
own code reads it with `original()` while installed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

_ABSENT = object()


class MotoPatches:
    def __init__(self) -> None:
        self._planned: list[tuple[Any, str, Callable[[Any], Any]]] = []
        # (id(target), name) -> (target, name, its own attribute or _ABSENT, what it resolved to)
        self._originals: dict[tuple[int, str], tuple[Any, str, Any, Any]] = {}
        self._lock = threading.Lock()

    def replace(self, target: Any, name: str, replacement: Any) -> MotoPatches:
        return self.wrap(target, name, lambda _original: replacement)

    def wrap(self, target: Any, name: str, make: Callable[[Any], Any]) -> MotoPatches:
        """`make` receives what `target` holds under `name`: a class's raw descriptor (not a bound method), or
        None when it has none."""
        self._planned.append((target, name, make))
        return self

    @property
    def installed(self) -> bool:
        return bool(self._originals)

    def install(self) -> None:
        with self._lock:
            if self._originals:
                return
            for target, name, make in self._planned:
                own = vars(target).get(name, _ABSENT)
                # Not its own: inherited, or (an operation moto lacks) None.
                seen = getattr(target, name, None) if own is _ABSENT else own
                self._originals[(id(target), name)] = (target, name, own, seen)
                setattr(target, name, make(seen))

    def uninstall(self) -> None:
        with self._lock:
            for target, name, own, _seen in reversed(list(self._originals.values())):
                if own is _ABSENT:
                    delattr(target, name)
                else:
                    setattr(target, name, own)
            self._originals.clear()

    def original(self, target: Any, name: str) -> Any:
        """What `target` held under `name` before install (KeyError when not installed)."""
        return self._originals[(id(target), name)][3]
