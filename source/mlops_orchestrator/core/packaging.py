"""template.zip: the blueprint and its params file(s), flat, byte-for-byte reproducible, built in memory."""

from __future__ import annotations

import io
import zipfile

from .planning import Plan

# A fixed timestamp keeps the archive identical for identical inputs.
_EPOCH = (1980, 1, 1, 0, 0, 0)


def template_zip(plan: Plan, blueprint_body: bytes) -> bytes:
    members = [(plan.blueprint_file, blueprint_body)]
    members += [(stage.params_file, stage.params_file_body()) for stage in plan.stages]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, body in members:
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, body)
    return buffer.getvalue()
