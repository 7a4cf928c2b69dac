"""template.zip: the blueprint, its params file(s) and the request, flat, byte-for-byte reproducible, in memory."""

from __future__ import annotations

import io
import json
import zipfile

from .planning import Plan
from .request_record import REQUEST_FILE, request_file_body

# A fixed timestamp keeps the archive identical for identical inputs.
_EPOCH = (1980, 1, 1, 0, 0, 0)


def template_zip(plan: Plan, blueprint_body: bytes) -> bytes:
    members = [(plan.blueprint_file, blueprint_body)]
    members += [(stage.params_file, stage.params_file_body()) for stage in plan.stages]
    if plan.request:
        members.append((REQUEST_FILE, request_file_body(json.loads(plan.request))))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, body in members:
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, body)
    return buffer.getvalue()
