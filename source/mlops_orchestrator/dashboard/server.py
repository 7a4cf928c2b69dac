"""Serve the dashboard: a threaded WSGI server for one person's browser, on loopback unless told otherwise."""

from __future__ import annotations

import argparse
import sys
import threading
from contextlib import ExitStack, suppress
from typing import Any

from werkzeug.serving import BaseWSGIServer, make_server

from mlops_orchestrator.cli.api_url import resolve_api_url
from mlops_orchestrator.cli.exit_codes import EXIT_OK, EXIT_USAGE, CliError
from mlops_orchestrator.cli.http_client import default_signer

from .app import create_app
from .backend import Backend
from .security import is_loopback

NOT_LOOPBACK_WARNING = (
    "warning: listening on {host}, not on loopback: anyone who reaches this address can provision, approve and "
    "deprovision with your AWS credentials (the dashboard has no login of its own)"
)


class DashboardServer:
    """`start()` serves in a thread (tests, --local), `serve()` in the calling one; `stop()` ends both."""

    def __init__(self, app: Any, host: str = "127.0.0.1", port: int = 0) -> None:
        try:
            self._server: BaseWSGIServer = make_server(host, port, app, threaded=True)
        except OSError as error:
            raise CliError(f"cannot listen on {host}:{port}: {error.strerror or error}", EXIT_USAGE) from None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host = self._server.host
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{self._server.port}"

    def start(self) -> DashboardServer:
        self._thread = threading.Thread(target=self._server.serve_forever, name="dashboard", daemon=True)
        self._thread.start()
        return self

    def serve(self) -> None:
        self._server.serve_forever()

    def stop(self) -> None:
        """Stop serving (in the thread of `start()`) and close the socket."""
        self._server.shutdown()
        self.close()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def close(self) -> None:
        """Close the socket once `serve()` has returned."""
        self._server.server_close()


def run(args: argparse.Namespace) -> int:
    """`mlops-orchestrator dashboard`: connect (or start local mode), print the URL, serve until Ctrl-C."""
    from mlops_orchestrator.local import verbosity

    verbosity.apply(args.verbose)  # werkzeug logs a line per request; only with --verbose
    loopback = is_loopback(args.host)
    if not loopback:
        print(NOT_LOOPBACK_WARNING.format(host=args.host), file=sys.stderr)
    with ExitStack() as stack:
        if args.local:
            from mlops_orchestrator.local.runner import LocalMode

            mode = LocalMode(multi_account=args.multi_account, model_registry=args.model_registry)
            stack.callback(mode.stop)
            backend = Backend.for_api(mode.start().api_url, None, None, sign=False)
        else:
            url = resolve_api_url(args.api_url, args.stack, args.region, args.profile)
            if not args.no_sign:
                default_signer(url, args.region, args.profile)  # missing credentials: say so now, not on a page
            backend = Backend.for_api(url, args.region, args.profile, sign=not args.no_sign)
        server = DashboardServer(create_app(backend, loopback_only=loopback), args.host, args.port)
        stack.callback(server.close)
        print(f"Dashboard: {server.url}/  (Ctrl-C stops it)", flush=True)
        with suppress(KeyboardInterrupt):  # Ctrl-C is how it is meant to stop
            server.serve()
    return EXIT_OK
