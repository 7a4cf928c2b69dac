"""botocore's data files (service models, endpoints) parsed once per process instead of once per session.

botocore caches a parsed file per `Loader`, and every boto3 session has its own loader. The emulator makes
many sessions: moto asks a new one for the regions of each service it loads (reading all of EC2's 2 MB model
three times while `moto.cloudformation` imports), and local mode's clients have theirs. Shared across
loaders with the same search paths and extras, each file is parsed once; that is most of a second of
local mode's start-up. Loaders treat the parsed data as read-only, as they already share it between clients.
"""

from __future__ import annotations

import threading
from typing import Any

from botocore import loaders

_parsed: dict[tuple[tuple[str, ...], tuple[str, ...], str], Any] = {}
_lock = threading.Lock()
_installed = False


def share_parsed_models() -> None:
    """Make every botocore `Loader` in this process share parsed data files (idempotent)."""
    global _installed
    with _lock:
        if _installed:
            return
        per_loader = loaders.Loader.load_data_with_path

        def load_data_with_path(self: loaders.Loader, name: str) -> Any:
            # Extras are merged into the parsed model, so loaders with other extras keep their own copy.
            key = (tuple(self.search_paths), tuple(self.extras_types), name)
            found = _parsed.get(key)
            if found is None:
                found = _parsed.setdefault(key, per_loader(self, name))
            return found

        loaders.Loader.load_data_with_path = load_data_with_path  # type: ignore[method-assign]
        _installed = True
