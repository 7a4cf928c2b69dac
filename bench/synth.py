"""Synthesis cost of every template of the CDK app: wall time and peak memory, one fresh process each.

Rows: each orchestrator stack, each blueprint stack, the blueprint package (every blueprint synthesized in
its own app plus the Lambda zips, as the orchestrator stacks publish it), and the whole app (app.py). Each
row runs in a new interpreter with cdk-nag on, like app.py; "build s" is constructing the stack, "synth s"
is `app.synth()`, "wall s" includes interpreter start, imports and the jsii runtime. Peak memory is the
largest resident set of the process tree (Python plus the jsii Node process), sampled every 20 ms. The
orchestrator rows reuse a blueprint package built beforehand (its cost is its own row). Run:

    .venv/bin/python -m bench.synth [--only NAME] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024

CHILD = """
import json, sys, time
started = time.perf_counter()
from mlops_orchestrator.infrastructure.app_context import new_app
from mlops_orchestrator.infrastructure.nag import enable_checks
kind, name, package = sys.argv[1], sys.argv[2], sys.argv[3]
imported = time.perf_counter()
if kind == "package":
    from mlops_orchestrator.orchestrator.blueprint_package import blueprint_package
    print(blueprint_package(), file=sys.stderr)
    built = synthesized = time.perf_counter()
else:
    app = new_app()
    enable_checks(app)
    if kind == "app":
        sys.path.insert(0, ".")
        from app import build_app
        build_app(app)
    elif kind == "orchestrator":
        from pathlib import Path
        from mlops_orchestrator.orchestrator import stack
        getattr(stack, name)(app, Path(package))
    else:
        from mlops_orchestrator.blueprints.stacks import BLUEPRINT_STACKS
        next(entry for entry in BLUEPRINT_STACKS if entry.blueprint.file_name == name).build(app)
    built = time.perf_counter()
    app.synth()
    synthesized = time.perf_counter()
print(json.dumps({"import_s": imported - started, "build_s": built - imported, "synth_s": synthesized - built}))
"""


def _env(outdir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        CDK_OUTDIR=outdir,
        CDK_VALIDATION="false",
        JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="20",
        CDK_DISABLE_CLI_TELEMETRY="true",
    )
    return env


def _tree_rss_kib(root: int) -> int:
    """Resident set of `root` and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            statm = (entry / "statm").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        parents[int(entry.name)] = int(fields[1])
        rss[int(entry.name)] = int(statm.split()[1]) * PAGE_KIB
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier += children
    return sum(rss.get(pid, 0) for pid in tree)


def measure(kind: str, name: str, package: str) -> tuple[dict[str, float], str]:
    """Timings and peak memory of one row, and the child's last line on stderr (the package's folder)."""
    with tempfile.TemporaryDirectory() as outdir:
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, kind, name, package],
            cwd=REPO,
            env=_env(outdir),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        peak = 0
        while child.poll() is None:
            peak = max(peak, _tree_rss_kib(child.pid))
            time.sleep(0.02)
        wall = time.perf_counter() - started
        stdout, stderr = child.communicate()
    if child.returncode != 0:
        raise RuntimeError(f"{kind} {name} failed:\n{stderr[-3000:]}")
    phases: dict[str, float] = json.loads(stdout.strip().splitlines()[-1])
    last_line = (stderr.strip().splitlines() or [""])[-1]
    return {"wall_s": wall, "peak_mib": peak / 1024, **phases}, last_line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", help="measure only rows whose name contains this text (the package is built anyway)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()

    from mlops_orchestrator.core.catalog import BLUEPRINTS

    results: dict[str, dict[str, float]] = {}
    results["blueprint package (all blueprints + Lambda zips)"], package = measure("package", "", "")
    rows = [("orchestrator", "single_account"), ("orchestrator", "multi_account")]
    rows += [("blueprint", blueprint.file_name) for blueprint in BLUEPRINTS]
    rows += [("app", "app.py (everything)")]
    for kind, name in rows:
        if args.only and args.only not in name:
            continue
        results[f"{kind}: {name}"], _ = measure(kind, name, package)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{'template':58} {'wall s':>7} {'import s':>8} {'build s':>7} {'synth s':>7} {'peak MiB':>9}")
    for name, row in results.items():
        print(
            f"{name:58} {row['wall_s']:7.2f} {row['import_s']:8.2f} {row['build_s']:7.2f} "
            f"{row['synth_s']:7.2f} {row['peak_mib']:9.0f}"
        )


if __name__ == "__main__":
    main()
