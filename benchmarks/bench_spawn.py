"""The full index build with spawned workers (as on Windows and macOS) against forked ones.

Usage::

    .venv/bin/python benchmarks/bench_spawn.py [--size 10000] [--runs 1]

Writes the seeded corpus of ``bench_search.py`` once, then builds its index
(``KnowledgeBase.open(rebuild=True, procs=2)``: content loading + indexing) in a fresh
subprocess per run with the workers started by ``fork`` (Linux's default), by ``spawn``
(Windows and macOS; ``FAQDESK_INDEX_START_METHOD=spawn``), and in one process (the baseline),
interleaved, in the same run. Prints medians and ratios against the forked build, and checks
that the spawned build found the same articles. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_search import write_corpus  # noqa: E402

MODES = {"fork": ("fork", 2), "spawn": ("spawn", 2), "one process": ("fork", 1)}


def build_once(content: Path, index: Path, procs: int) -> dict[str, Any]:
    """In this process: the full build, its time, and a check search."""
    import logging

    from faqdesk.core.search.knowledge_base import KnowledgeBase

    logging.basicConfig(level=logging.WARNING)
    started = time.perf_counter()
    kb = KnowledgeBase.open(content, index, rebuild=True, procs=procs)
    seconds = time.perf_counter() - started
    try:
        hits = kb.search("посылка доставка", limit=5)
        return {"seconds": seconds, "top": [hit.article_id for hit in hits.hits]}
    finally:
        kb.close()


def run_child(content: Path, index: Path, method: str, procs: int) -> dict[str, Any]:
    env = dict(os.environ, FAQDESK_INDEX_START_METHOD=method, PYTHONPATH=str(REPO / "src"))
    args = [sys.executable, __file__, "--child", str(content), str(index), str(procs)]
    proc = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0 or "building in this process" in proc.stderr:
        raise RuntimeError(f"{method} build failed or fell back:\n{proc.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--child", nargs=3, metavar=("CONTENT", "INDEX", "PROCS"))
    args = parser.parse_args()
    if args.child:
        content, index, procs = args.child
        print(json.dumps(build_once(Path(content), Path(index), int(procs))))
        return 0
    times: dict[str, list[float]] = {mode: [] for mode in MODES}
    tops: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory(prefix="faqdesk-bench-spawn-") as base:
        root = Path(base)
        write_corpus(root / "content", args.size)
        for run in range(args.runs):
            for mode, (method, procs) in MODES.items():
                index = root / f"index-{run}-{mode.replace(' ', '-')}"
                result = run_child(root / "content", index, method, procs)
                times[mode].append(result["seconds"])
                tops[mode] = result["top"]
    if len({tuple(top) for top in tops.values()}) != 1:
        raise RuntimeError(f"the builds disagree: {tops}")
    fork = statistics.median(times["fork"])
    print(f"| {args.size:,} articles, {args.runs} run(s) | build (load + index), median | ratio |")
    print("|---|---|---|")
    for mode, values in times.items():
        median = statistics.median(values)
        print(f"| {mode} | {median:.2f} s | {median / fork:.2f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
