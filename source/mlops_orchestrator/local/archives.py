"""Small archives built in memory with fixed timestamps, so the same files always give the same bytes."""

from __future__ import annotations

import gzip
import io
import tarfile
import zipfile
from collections.abc import Mapping

_EPOCH_1980 = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry


def tar_gz(members: Mapping[str, bytes]) -> bytes:
    """A gzip-compressed tar of `members` (name -> content), as SageMaker stores a model.tar.gz."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for name in sorted(members):
            info = tarfile.TarInfo(name)
            info.size = len(members[name])
            info.mode = 0o644
            archive.addfile(info, io.BytesIO(members[name]))
    return gzip.compress(raw.getvalue(), mtime=0)


def zip_bytes(members: Mapping[str, bytes]) -> bytes:
    """A deflated zip of `members` (name -> content)."""
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=_EPOCH_1980)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, members[name])
    return raw.getvalue()
