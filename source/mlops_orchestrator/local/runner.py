"""Local mode as a whole: the emulator, its providers, the orchestrator's resources, the API and the trigger.

`LocalMode` is the reusable piece (tests, the demo and benchmarks run it in-process); `run_local` is
`mlops-orchestrator local`: start, print one JSON line with the endpoints, run until SIGINT or SIGTERM.

moto's state is process-wide, so one process runs at most one `LocalMode` at a time.
"""

from __future__ import annotations

import json
import logging
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from types import FrameType
from typing import Any

from mlops_orchestrator.core import aws
from mlops_orchestrator.core.settings import Settings

from . import inference_api
from . import settings as local
from .api_server import ApiServer
from .bootstrap import bootstrap
from .config_trigger import ConfigTrigger
from .emulator import Emulator
from .environment import ProcessEnvironment, emulator_environment
from .events import EventLines
from .invoker import HandlerInvoker
from .templates import blueprint_templates

log = logging.getLogger(__name__)
_events_log = logging.getLogger(f"{__package__}.events")

_active_lock = threading.Lock()
_active: LocalMode | None = None


@dataclass(frozen=True)
class LocalInfo:
    """What a client needs to use local mode; `run_local` prints it as its one JSON line."""

    api_url: str
    aws_endpoint_url: str
    region: str
    assets_bucket: str
    blueprint_bucket: str
    config_bucket: str
    stack_prefix: str
    multi_account: bool
    model_registry: bool
    accounts: dict[str, dict[str, str]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class LocalModeError(RuntimeError):
    pass


class LocalMode:
    """Start with `start()` (or `with LocalMode(...) as info:`), stop with `stop()`; both are idempotent."""

    def __init__(
        self,
        port: int = 0,
        aws_port: int = 0,
        multi_account: bool = False,
        model_registry: bool = False,
        detailed_errors: bool = False,
        templates: Mapping[str, str] | None = None,
        on_event: Callable[[str], None] | None = None,
    ) -> None:
        self.multi_account = multi_account
        self.model_registry = model_registry
        self.detailed_errors = detailed_errors
        self._port = port
        self._templates = templates
        self.emulator = Emulator(aws_port)
        self._environment = ProcessEnvironment()
        self._invoker: HandlerInvoker | None = None
        self._api: ApiServer | None = None
        self._trigger: ConfigTrigger | None = None
        self._package_events: Any = None
        self._info: LocalInfo | None = None
        self._settings: Settings | None = None
        # One line per event a user cares about (see `events`); local mode's log otherwise.
        self._on_event = on_event or _events_log.info
        self._events: EventLines | None = None

    # -- what a client reads ----------------------------------------------------------------------

    @property
    def info(self) -> LocalInfo:
        if self._info is None:
            raise LocalModeError("local mode is not running")
        return self._info

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            raise LocalModeError("local mode is not running")
        return self._settings

    @property
    def package_events(self) -> Any:
        """Registry mode: the model package events delivered to the orchestrator (see `registry_events`)."""
        if self._package_events is None:
            raise LocalModeError("local mode is not running with the model registry")
        return self._package_events

    @property
    def config_trigger(self) -> ConfigTrigger:
        if self._trigger is None:
            raise LocalModeError("local mode is not running")
        return self._trigger

    def client(self, service: str) -> Any:
        """A boto3 client for the emulator (dummy credentials, the emulator's endpoint)."""
        return self.emulator.client(service, local.REGION)

    def invoke(self, event: dict[str, Any]) -> Any:
        """Call the orchestrator's handler directly with any event, as Lambda would."""
        if self._invoker is None:
            raise LocalModeError("local mode is not running")
        return self._invoker(event)

    # -- lifecycle --------------------------------------------------------------------------------

    def start(self) -> LocalInfo:
        global _active
        with _active_lock:
            if _active is self and self._info is not None:
                return self._info
            if _active is not None:
                raise LocalModeError("local mode is already running in this process; stop it first")
            _active = self
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        assert self._info is not None
        return self._info

    def _start(self) -> None:
        try:  # bind the API port first: a busy port should fail before anything else starts
            self._api = ApiServer(self.invoke, self._port)
        except OSError as error:
            raise LocalModeError(f"port {self._port} on 127.0.0.1 is not available for the API: {error}") from error
        # Before moto is imported: some of its modules create a boto3 session at import time.
        self._environment.apply(emulator_environment(local.REGION))
        self.emulator.start()
        self._api.announce_emulator(self.emulator.endpoint_url, local.REGION)
        self._environment.apply({"AWS_ENDPOINT_URL": self.emulator.endpoint_url})
        aws.reset_clients()  # clients made before hold another endpoint
        self.emulator.reset()
        from . import jobs, sagemaker_names, standins

        standins.install()
        jobs.install()
        sagemaker_names.install()
        booted = bootstrap(self.emulator, self.multi_account, blueprint_templates(self._templates), self.model_registry)
        settings = local.offline_settings(
            multi_account=self.multi_account,
            model_registry=self.model_registry,
            detailed_errors=self.detailed_errors,
            blueprint_bucket_url=f"{self.emulator.endpoint_url}/{local.BLUEPRINT_BUCKET}",
            accounts=booted.accounts or None,
        )
        self._environment.apply(local.settings_env(settings))
        self._settings = settings
        from . import events

        self._events = EventLines(self._on_event, settings.notifications_topic_arn)
        events.install(self._events)
        self._invoker = HandlerInvoker()
        self._api.start()
        inference_api.serve_at(self._api.url)
        self._trigger = ConfigTrigger(
            self.client("sqs"), booted.config_queue_url, self._invoker, self._events.line
        ).start()
        if self.model_registry:  # on AWS the approval rule exists only when the registry is used
            from . import registry_samples
            from .registry_events import PackageEvents

            stage_accounts = [stage.account_id for stage in settings.accounts.values()]
            registry_samples.seed(self.client("sagemaker"), share_with=stage_accounts)
            self._package_events = PackageEvents(self._invoker).install()
        self._info = LocalInfo(
            api_url=self._api.url,
            aws_endpoint_url=self.emulator.endpoint_url,
            region=settings.region,
            assets_bucket=settings.assets_bucket,
            blueprint_bucket=settings.blueprint_bucket,
            config_bucket=local.CONFIG_BUCKET,
            stack_prefix=settings.pipeline_stack_prefix,
            multi_account=settings.multi_account,
            model_registry=settings.model_registry,
            accounts={
                stage: {"account_id": account.account_id, "org_id": account.org_id}
                for stage, account in settings.accounts.items()
            },
        )

    def stop(self) -> None:
        global _active
        with _active_lock:
            if _active is not self:
                return
        for step in (self._stop_package_events, self._stop_trigger, self._stop_api, self._stop_invoker):
            try:
                step()
            except Exception:
                log.exception("local mode did not stop cleanly")
        self._environment.restore()
        aws.reset_clients()
        try:
            if self.emulator.port:
                self.emulator.reset()  # leave moto's process-wide state empty for whoever comes next
        except Exception:
            log.debug("emulator reset on stop failed", exc_info=True)
        for patched in ("standins", "jobs", "sagemaker_names", "events"):
            module = sys.modules.get(f"{__package__}.{patched}")
            if module is not None:
                module.uninstall()
        self.emulator.stop()
        self._info = None
        self._settings = None
        with _active_lock:
            _active = None

    def _stop_package_events(self) -> None:
        if self._package_events is not None:
            self._package_events.uninstall()
            self._package_events = None

    def _stop_trigger(self) -> None:
        if self._trigger is not None:
            self._trigger.stop()
            self._trigger = None

    def _stop_api(self) -> None:
        inference_api.serve_at(None)
        if self._api is not None:
            self._api.stop()
            self._api = None

    def _stop_invoker(self) -> None:
        if self._invoker is not None:
            self._invoker.close()
            self._invoker = None

    def __enter__(self) -> LocalInfo:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()


@contextmanager
def local_mode(**options: Any) -> Iterator[LocalMode]:
    """`with local_mode(multi_account=True) as mode: mode.info.api_url ...`"""
    mode = LocalMode(**options)
    mode.start()
    try:
        yield mode
    finally:
        mode.stop()


def run_local(port: int, aws_port: int, multi_account: bool, model_registry: bool, detailed_errors: bool) -> int:
    """`mlops-orchestrator local`: one JSON line on stdout when ready, logs on stderr, exit 0 on SIGINT/SIGTERM."""
    configure_logging()
    stop = threading.Event()

    def request_stop(signum: int, _frame: FrameType | None) -> None:
        log.info("received %s, stopping", signal.Signals(signum).name)
        stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    mode = LocalMode(port, aws_port, multi_account, model_registry, detailed_errors, on_event=_print_event)
    try:
        try:
            info = mode.start()
        except Exception as error:
            log.error("local mode could not start: %s", error)
            return 1
        sys.stdout.write(json.dumps(info.as_dict()) + "\n")
        sys.stdout.flush()
        while not stop.wait(0.5):
            pass
        return 0
    finally:
        mode.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _print_event(line: str) -> None:
    """`local` prints its event lines on stderr, beside its logs (stdout carries only the ready line)."""
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def configure_logging(level: int = logging.INFO) -> None:
    """Local mode's own logs on stderr (stdout carries only the ready line or the demo's report)."""
    logger = logging.getLogger("mlops_orchestrator.local")
    if not any(getattr(handler, "_mlops_local", False) for handler in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler._mlops_local = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(level)
