"""What `local` and `demo` print on stderr: local mode's own lines only, unless `--verbose`.

The emulator and the libraries under it talk a lot about things a user cannot act on: moto logs one
"No Moto CloudFormation support for ..." warning per resource type it skips (local mode creates those
itself) and warns again through `warnings`; werkzeug logs every request. These are for whoever debugs
local mode, so they appear with `--verbose` and are dropped otherwise. (Local mode never starts jsii or
Node: its templates ship with the package, see `templates`.)
"""

from __future__ import annotations

import logging
import warnings

THIRD_PARTY_LOGGERS = ("moto", "werkzeug", "botocore", "boto3", "urllib3")
"""Loggers of the emulator and the AWS SDK; quiet unless --verbose."""


def apply(verbose: bool) -> None:
    """Set this process's warning filters and third-party log levels for `local` or `demo`."""
    if verbose:
        warnings.simplefilter("default")
        for name in THIRD_PARTY_LOGGERS:
            logging.getLogger(name).setLevel(logging.WARNING)
        return
    warnings.simplefilter("ignore")
    for name in THIRD_PARTY_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL)
