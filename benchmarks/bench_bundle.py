"""Start-up of the PyInstaller bundle against the venv, measured in the same run (issue 17).

Usage (after ``python packaging/build.py``)::

    .venv/bin/python benchmarks/bench_bundle.py [--bundle dist/faqdesk/faqdesk] [--runs 5]

The same start-up as ``bench_startup.py`` (offscreen window, ``FAQDESK_STARTUP_REPORT``):
time from just before the process is spawned to the first painted window and to "search
ready", for ``python -m faqdesk`` from this checkout (the venv) and for the bundle, the runs
interleaved so both see the same machine load. *First start*: fresh user folders and a fresh
temporary folder (the venv builds jieba's cache there, the bundle brings its own) and no
index. *Warm*: the index and the temporary folder of a previous run. Also the command line:
``--version`` and ``search 退货 --json`` (warm index). Prints medians, min-max and the ratio
bundle / venv, then the bundle's size and what dominates it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "packaging"))

from build import report  # noqa: E402


def _env(root: Path, temp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        FAQDESK_DATA_DIR=str(root / "data"),
        FAQDESK_CACHE_DIR=str(root / "cache"),
        XDG_CONFIG_HOME=str(root / "config"),
        TMPDIR=str(temp),
        PYTHONPATH=str(REPO / "src"),
    )
    return env


def start_up(command: list[str], root: Path, temp: Path) -> dict[str, float]:
    """One window start: seconds to ``painted`` and ``search-ready``."""
    env = _env(root, temp)
    env.update(FAQDESK_STARTUP_REPORT="1", FAQDESK_QUIT_WHEN_READY="1")
    started = time.time()
    proc = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=300, check=False, cwd=temp
    )
    events = {}
    for line in proc.stdout.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] in ("painted", "search-ready"):
            events[parts[0]] = float(parts[1]) - started
    if set(events) != {"painted", "search-ready"}:
        raise RuntimeError(f"{command} failed to start:\n{proc.stdout}\n{proc.stderr[-3000:]}")
    return events


def command_time(command: list[str], root: Path, temp: Path) -> float:
    started = time.perf_counter()
    proc = subprocess.run(
        command, env=_env(root, temp), capture_output=True, timeout=300, check=False, cwd=temp
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{command} failed:\n{proc.stderr.decode(errors='replace')}")
    return time.perf_counter() - started


def _cell(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} s ({min(values):.2f}–{max(values):.2f})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=REPO / "dist" / "faqdesk" / "faqdesk")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    commands = {"venv": [sys.executable, "-m", "faqdesk"], "bundle": [str(args.bundle.resolve())]}
    rows = [
        "first start: painted",
        "first start: search ready",
        "warm: painted",
        "warm: search ready",
        "--version",
        "search 退货 --json",
    ]
    results: dict[str, dict[str, list[float]]] = {
        name: {row: [] for row in rows} for name in commands
    }
    with tempfile.TemporaryDirectory(prefix="faqdesk-bench-bundle-") as base:
        for name, command in commands.items():  # the warm folders: index and jieba cache
            warm = Path(base) / f"warm-{name}"
            (warm / "tmp").mkdir(parents=True)
            start_up(command, warm, warm / "tmp")
        for run in range(args.runs):
            for name, command in commands.items():
                cold = Path(base) / f"cold-{name}-{run}"
                (cold / "tmp").mkdir(parents=True)
                first = start_up(command, cold, cold / "tmp")
                warm = Path(base) / f"warm-{name}"
                again = start_up(command, warm, warm / "tmp")
                got = results[name]
                got["first start: painted"].append(first["painted"])
                got["first start: search ready"].append(first["search-ready"])
                got["warm: painted"].append(again["painted"])
                got["warm: search ready"].append(again["search-ready"])
                got["--version"].append(command_time([*command, "--version"], warm, warm / "tmp"))
                got["search 退货 --json"].append(
                    command_time([*command, "search", "退货", "--json"], warm, warm / "tmp")
                )
    print(f"| {args.runs} runs, median (min–max) | venv | bundle | bundle / venv |")
    print("|---|---|---|---|")
    for row in rows:
        venv, bundle = results["venv"][row], results["bundle"][row]
        ratio = statistics.median(bundle) / statistics.median(venv)
        print(f"| {row} | {_cell(venv)} | {_cell(bundle)} | {ratio:.2f}× |")
    print()
    print(report(args.bundle.parent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
