"""What a new user waits for: a fresh `./scripts/demo`, the size of the `.venv` it makes, and `local` start-up.

The checkout (tracked and untracked files, not ignored ones: no .venv, build/ or node_modules) is copied to
a throwaway folder under /tmp, and `./scripts/demo` runs there from nothing: it creates `.venv` with the
lean install (`scripts/install --lean`: the package and its `local` extra) and runs the demo; the two parts
are timed apart. Then `mlops-orchestrator local` is started a few times from that `.venv`, each timed up to
its ready line.
Downloads come from the package index as usual (pip's cache, when it has one, makes them local).
Run:

    .venv/bin/python -m bench.fresh_install [--samples 5] [--keep] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def copy_checkout(target: Path) -> None:
    """The files git knows or would add (so work in progress counts), links kept as links."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, (entry.decode() for entry in listed)):
        source, destination = REPO / name, target / name
        if not source.exists() and not source.is_symlink():
            continue  # deleted in the work tree, not yet in the index
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            destination.symlink_to(os.readlink(source))
        else:
            shutil.copy2(source, destination)


def user_environment() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "PYTHONPATH", "JSII_"))}
    env.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION="us-east-1")
    return env


def folder_size(folder: Path) -> int:
    """Bytes on disk (what `du` counts), links counted once."""
    total, seen = 0, set()
    for path in folder.rglob("*"):
        stat = path.lstat()
        if stat.st_ino not in seen:
            seen.add(stat.st_ino)
            total += stat.st_blocks * 512
    return total


def timed(command: list[str], checkout: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=checkout, env=user_environment(), capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return elapsed


def time_local_ready(checkout: Path) -> float:
    """Seconds from starting `mlops-orchestrator local` to its ready line."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(checkout / ".venv" / "bin" / "mlops-orchestrator"), "local"],
        cwd=checkout,
        env=user_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    elapsed = time.perf_counter() - started
    process.send_signal(signal.SIGINT)
    process.wait(timeout=60)
    if not line.startswith("{"):
        sys.exit("`mlops-orchestrator local` printed no ready line")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.fresh_install", description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=5, help="local start-ups to time (default 5)")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway checkout (its path is printed)")
    parser.add_argument("--json", action="store_true", help="one JSON document instead of the table")
    args = parser.parse_args()
    checkout = Path(tempfile.mkdtemp(prefix="mlops-fresh-install-"))
    try:
        copy_checkout(checkout)
        # ./scripts/demo is the lean install and then the demo; timed in two parts (the second run of the
        # install inside ./scripts/demo finds nothing to do).
        install_s = timed(["./scripts/install", "--lean"], checkout)
        demo_s = timed(["./scripts/demo"], checkout)
        venv_mb = folder_size(checkout / ".venv") / 1e6
        ready = [time_local_ready(checkout) for _ in range(args.samples)]
    finally:
        if args.keep:
            print(f"kept {checkout}", file=sys.stderr)
        else:
            shutil.rmtree(checkout, ignore_errors=True)
    result = {
        "install_s": round(install_s, 1),
        "demo_s": round(demo_s, 1),
        "fresh_demo_s": round(install_s + demo_s, 1),
        "venv_mb": round(venv_mb),
        "local_ready_s": {"median": round(statistics.median(ready), 2), "min": round(min(ready), 2)},
        "samples": args.samples,
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"lean install (scripts/install --lean): {result['install_s']:>6} s")
    print(f"demo (mlops-orchestrator demo):         {result['demo_s']:>6} s")
    print(f"fresh ./scripts/demo (install + demo): {result['fresh_demo_s']:>6} s")
    print(f".venv size:                            {result['venv_mb']:>6} MB")
    print(
        f"local ready (median / min of {args.samples}):     "
        f"{result['local_ready_s']['median']} / {result['local_ready_s']['min']} s"
    )


if __name__ == "__main__":
    main()
