"""Warm provisioning latency, throughput and memory of the orchestrator against the embedded emulator.

Starts local mode in this process (the emulator, its providers and the API front), warms it up, then times
one sequential client (stdlib urllib, a new connection per request) over HTTP:

  (a) new pipelines: distinct `model_name`s in examples/byom_realtime_builtin.json (bench-model-0001, ...);
      each request validates, plans, uploads template.zip and creates the CodePipeline stack in the
      emulator, whose simulated pipeline run deploys the blueprint before the answer comes back;
  (b) re-submissions of one request of (a): the idempotent no-op path;
  (c) POST /pipelinestatus for the pipelines of (a);
  (d) `dry_run: true` requests: validation and planning only.

Local mode serializes handler calls (one at a time, like one warm Lambda container), and the emulator
shares the process, so req/s is the throughput of a single handler. Before local mode starts, the
handler's pure cost is timed without HTTP or the emulator: `validate_request` + `plan_request` on every
example in examples/. Memory: peak RSS through (a)-(d), RSS after each half of (a), and the tracemalloc
peak of the handler-only loop. Run:

    .venv/bin/python -m bench.provisioning [--quick] [--requests N] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
import tracemalloc
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
BASE_EXAMPLE = EXAMPLES / "byom_realtime_builtin.json"

FULL = {"provision": 200, "other": 300, "warmup": 10, "rounds": 300, "traced_rounds": 20}
QUICK = {"provision": 40, "other": 60, "warmup": 3, "rounds": 50, "traced_rounds": 5}

PHASES = {
    "new": "(a) new pipeline (distinct model_name)",
    "resubmit": "(b) re-submission (idempotent no-op)",
    "status": "(c) POST /pipelinestatus",
    "dry_run": "(d) dry_run: true (validate + plan)",
}


class BenchError(RuntimeError):
    """The orchestrator answered something a benchmark phase did not expect."""


# -- measuring ------------------------------------------------------------------------------------


def _percentile(ordered: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (what numpy calls 'linear'); `ordered` is sorted."""
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _latency(seconds: list[float], wall: float | None, scale: float) -> dict[str, float]:
    ordered = sorted(seconds)
    row = {
        "n": len(ordered),
        "p50": _percentile(ordered, 0.50) * scale,
        "p99": _percentile(ordered, 0.99) * scale,
        "mean": statistics.fmean(ordered) * scale,
        "max": ordered[-1] * scale,
    }
    if wall is not None:
        row["req_per_s"] = len(ordered) / wall
    return row


def _rss_mib() -> float | None:
    """The current resident set size (Linux /proc), or None elsewhere."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux


# -- over HTTP, against local mode ----------------------------------------------------------------


def _post(url: str, body: Any) -> tuple[float, dict[str, Any]]:
    """POST `body` as JSON; the wall time of the round trip and the decoded answer. Non-200 is an error."""
    data = json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method="POST", headers={"Content-Type": "application/json"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            raw = response.read()
    except urllib.error.HTTPError as error:
        raise BenchError(f"{url} answered {error.code}: {error.read()[:500]!r}") from error
    elapsed = time.perf_counter() - started
    answer = json.loads(raw)
    if not isinstance(answer, dict):
        raise BenchError(f"{url} answered a non-object: {raw[:500]!r}")
    return elapsed, answer


def _named(base: dict[str, Any], name: str, dry_run: bool = False) -> dict[str, Any]:
    body = dict(base, model_name=name)
    if dry_run:
        body["dry_run"] = True
    return body


def _provision_all(url: str, bodies: list[dict[str, Any]], seconds: list[float], ids: list[str]) -> float:
    started = time.perf_counter()
    for body in bodies:
        elapsed, answer = _post(url, body)
        if "already provisioned" in str(answer.get("message")):
            raise BenchError(f"{body['model_name']} was provisioned before the run (stale emulator state?)")
        seconds.append(elapsed)
        ids.append(str(answer["pipeline_id"]))
    return time.perf_counter() - started


def run_http(provision_n: int, other_n: int, warmup: int) -> dict[str, Any]:
    from mlops_orchestrator.local.runner import LocalMode

    base = json.loads(BASE_EXAMPLE.read_text(encoding="utf-8"))
    rss_before_start = _rss_mib()
    mode = LocalMode()
    started = time.perf_counter()
    info = mode.start()
    startup_s = time.perf_counter() - started
    try:
        provision = f"{info.api_url}/provisionpipeline"
        status = f"{info.api_url}/pipelinestatus"
        for index in range(warmup):  # every path a few times: imports, caches, the emulator's first calls
            body = _named(base, f"bench-warmup-{index:04d}")
            _, answer = _post(provision, body)
            _post(provision, body)
            _post(status, {"pipeline_id": answer["pipeline_id"]})
            _post(provision, _named(base, f"bench-warmup-dry-{index:04d}", dry_run=True))

        # (a) in two halves, to read the RSS between them without pausing inside a timed loop
        rss_start = _rss_mib()
        bodies = [_named(base, f"bench-model-{index:04d}") for index in range(1, provision_n + 1)]
        half = provision_n // 2
        new_seconds: list[float] = []
        ids: list[str] = []
        wall = _provision_all(provision, bodies[:half], new_seconds, ids)
        rss_half = _rss_mib()
        wall += _provision_all(provision, bodies[half:], new_seconds, ids)
        rss_end = _rss_mib()
        results = {"new": _latency(new_seconds, wall, 1000)}

        # (b) the same request again and again: found, unchanged, nothing to do
        body, expected = bodies[0], ids[0]
        seconds = []
        started = time.perf_counter()
        for _ in range(other_n):
            elapsed, answer = _post(provision, body)
            if answer.get("pipeline_id") != expected or "already provisioned" not in str(answer.get("message")):
                raise BenchError(f"a re-submission was not a no-op: {answer}")
            seconds.append(elapsed)
        results["resubmit"] = _latency(seconds, time.perf_counter() - started, 1000)

        # (c) the status of the pipelines of (a), round robin
        seconds = []
        started = time.perf_counter()
        for index in range(other_n):
            elapsed, answer = _post(status, {"pipeline_id": ids[index % len(ids)]})
            if "stageStates" not in answer:
                raise BenchError(f"/pipelinestatus answered without stageStates: {answer}")
            seconds.append(elapsed)
        results["status"] = _latency(seconds, time.perf_counter() - started, 1000)

        # (d) dry runs of requests never provisioned
        dry_bodies = [_named(base, f"bench-dry-{index:04d}", dry_run=True) for index in range(1, other_n + 1)]
        seconds = []
        started = time.perf_counter()
        for body in dry_bodies:
            elapsed, answer = _post(provision, body)
            if "plan" not in answer:
                raise BenchError(f"a dry run answered without a plan: {answer}")
            seconds.append(elapsed)
        results["dry_run"] = _latency(seconds, time.perf_counter() - started, 1000)
        peak = _peak_rss_mib()
    finally:
        mode.stop()

    growth = None if rss_half is None or rss_end is None else rss_end - rss_half
    return {
        "startup_s": startup_s,
        "warmup_rounds": warmup,
        "phases_ms": results,
        "memory": {
            "peak_rss_mib": peak,
            "rss_before_local_mode_mib": rss_before_start,
            "rss_start_of_a_mib": rss_start,
            "rss_after_first_half_mib": rss_half,
            "rss_after_second_half_mib": rss_end,
            "second_half_growth_mib": growth,
            "second_half_requests": provision_n - half,
        },
    }


# -- the handler's own work, in process -----------------------------------------------------------


def run_handler_only(rounds: int, traced_rounds: int) -> dict[str, Any]:
    from mlops_orchestrator.core.planning import plan_request
    from mlops_orchestrator.core.validation import validate_request
    from mlops_orchestrator.local.settings import offline_settings

    settings = offline_settings()
    bodies = [(path.stem, json.loads(path.read_text(encoding="utf-8"))) for path in sorted(EXAMPLES.glob("*.json"))]

    def once(body: Any) -> None:
        plan_request(validate_request(body, settings), settings)

    for _ in range(5):  # warm-up: the image-URI tables, pydantic's first validations
        for _, body in bodies:
            once(body)

    clock = time.perf_counter_ns
    per_example: dict[str, list[float]] = {name: [] for name, _ in bodies}
    for _ in range(rounds):  # examples interleaved, so drift hits all of them alike
        for name, body in bodies:
            started = clock()
            once(body)
            per_example[name].append((clock() - started) / 1e9)
    everything = [sample for samples in per_example.values() for sample in samples]

    tracemalloc.start()
    for _ in range(traced_rounds):
        for _, body in bodies:
            once(body)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    return {
        "examples": len(bodies),
        "rounds": rounds,
        "all_us": _latency(everything, None, 1e6),
        "per_example_us": {name: _latency(samples, None, 1e6) for name, samples in per_example.items()},
        "tracemalloc_peak_kib": traced_peak / 1024,
        "traced_rounds": traced_rounds,
    }


# -- output ---------------------------------------------------------------------------------------


def _mib(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"


def print_tables(http: dict[str, Any], handler: dict[str, Any]) -> None:
    print(f"Warm provisioning over HTTP, local mode in process (start-up {http['startup_s']:.1f} s, sequential client)")
    print(f"{'phase':42} {'n':>5} {'p50 ms':>8} {'p99 ms':>8} {'mean ms':>8} {'max ms':>8} {'req/s':>7}")
    for key, label in PHASES.items():
        row = http["phases_ms"][key]
        print(
            f"{label:42} {row['n']:5.0f} {row['p50']:8.2f} {row['p99']:8.2f} {row['mean']:8.2f}"
            f" {row['max']:8.2f} {row['req_per_s']:7.1f}"
        )
    print("req/s is per single handler: local mode runs one handler call at a time (one warm Lambda container).")
    print()

    print(
        f"Handler only, in process: validate_request + plan_request "
        f"({handler['examples']} examples x {handler['rounds']} rounds, no HTTP, no emulator)"
    )
    print(f"{'request':42} {'n':>5} {'p50 us':>8} {'p99 us':>8} {'mean us':>8}")
    rows = {"all examples": handler["all_us"], **handler["per_example_us"]}
    for name, row in rows.items():
        print(f"{name:42} {row['n']:5.0f} {row['p50']:8.1f} {row['p99']:8.1f} {row['mean']:8.1f}")
    print()

    memory = http["memory"]
    growth = memory["second_half_growth_mib"]
    per_request = "" if growth is None else f" ({growth * 1024 / memory['second_half_requests']:.1f} KiB/request)"
    print("Memory")
    print(f"{'peak RSS through (a)-(d) (ru_maxrss)':58} {_mib(memory['peak_rss_mib']):>9} MiB")
    print(f"{'RSS before local mode started':58} {_mib(memory['rss_before_local_mode_mib']):>9} MiB")
    print(f"{'RSS at the start of (a)':58} {_mib(memory['rss_start_of_a_mib']):>9} MiB")
    print(f"{'RSS after the 1st half of (a)':58} {_mib(memory['rss_after_first_half_mib']):>9} MiB")
    print(f"{'RSS after the 2nd half of (a)':58} {_mib(memory['rss_after_second_half_mib']):>9} MiB")
    print(f"{'growth over the 2nd half of (a)':58} {_mib(growth):>9} MiB{per_request}")
    print(f"{'tracemalloc peak, handler-only loop':58} {handler['tracemalloc_peak_kib']:9.1f} KiB")
    print("RSS includes the emulator, which keeps every stack, pipeline and object created in memory.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller runs: 40 requests for (a), 60 for the others")
    parser.add_argument("--requests", type=int, help="requests per phase (default: 200 for (a), 300 for the others)")
    parser.add_argument("--rounds", type=int, help="handler-only rounds over all examples (default: 300)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    args = parser.parse_args()
    sizes = dict(QUICK if args.quick else FULL)
    if args.requests is not None:
        if args.requests < 2:
            parser.error("--requests must be at least 2")
        sizes["provision"] = sizes["other"] = args.requests
    if args.rounds is not None:
        if args.rounds < 1:
            parser.error("--rounds must be at least 1")
        sizes["rounds"] = args.rounds
    os.environ.setdefault("LOG_LEVEL", "WARNING")  # before the handler's module builds its logger

    # The handler-only loop first: after local mode, the cyclic GC walks the emulator's leftovers and shows up
    # in its p99.
    handler = run_handler_only(sizes["rounds"], sizes["traced_rounds"])
    try:
        http = run_http(sizes["provision"], sizes["other"], sizes["warmup"])
    except BenchError as error:
        sys.exit(f"bench.provisioning: {error}")
    if args.json:
        print(json.dumps({"http": http, "handler_only": handler}, indent=2))
        return
    print_tables(http, handler)


if __name__ == "__main__":
    main()
