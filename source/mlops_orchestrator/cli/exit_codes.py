"""The command line's exit codes and the one error type commands raise to end with a clear line."""

from __future__ import annotations

EXIT_OK = 0
EXIT_INVALID = 1
"""The input was refused: an invalid request file, or the API answered 4xx (not found, conflict, ...)."""
EXIT_USAGE = 2
"""The command line itself is wrong (argparse uses 2 as well), or no API URL was given."""
EXIT_SERVER = 3
"""AWS or the server failed: 5xx, throttling, unreachable API, no credentials; `--watch` ran out of time."""
EXIT_PIPELINE_FAILED = 4
"""`status` (with or without --watch) found the pipeline failed: a failed stage, or a stack that rolled back."""

EXIT_CODES_HELP = """\
exit codes:
  0  success
  1  invalid input: a request file failed validation, or the API refused the request (4xx)
  2  usage error: wrong arguments, or no API URL (--api-url, --stack or $MLOPS_API_URL)
  3  AWS or server error: 5xx or 429, API unreachable, no AWS credentials, or (--watch)
     the pipeline did not finish in time
  4  the pipeline failed (status, status --watch, provision --watch): a failed stage or action,
     or a pipeline or blueprint stack that failed or rolled back"""


class CliError(Exception):
    """A failure the user can act on. `main` prints the message (no traceback) and exits with `exit_code`."""

    def __init__(self, message: str, exit_code: int = EXIT_INVALID, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.exit_code = exit_code
        self.details = details or []
