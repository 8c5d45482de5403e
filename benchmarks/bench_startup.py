"""Start-up and typing latency of the FAQDesk window (issue 5), on the bundled content.

Run: ``.venv/bin/python benchmarks/bench_startup.py [--runs 5] [--json]``

1. Start-up, in fresh subprocesses (``python -m faqdesk`` on the offscreen platform): the
   time from just before the process is spawned to the first painted window, and to
   "search ready" (content loaded, jieba loaded, index opened). *Cold*: a fresh, empty index
   folder every run (the index is built; jieba's dictionary cache and word table, kept in the
   same cache folder since issue 11, are copied in from an earlier start) and a fresh data
   folder (the contacts and cases databases are created before the first paint). *Warm*:
   the index and data folder of a previous run. *First start*: one run with nothing cached
   (index and jieba's cache built). Median (and min/max) of ``--runs`` runs each.
   ``--phases`` instead splits the time up to the first paint (in-process: PySide, the
   window's modules, building it, the paint) and the search's start-up work, phase by phase.
2. Keystroke to results painted, in-process: the real window, the real search index; each
   keystroke (a key press for Latin/Cyrillic letters, an input-method commit per Chinese
   character) is timed from sending the event until the results for exactly that text are
   in the list and the list has been painted (a synchronous repaint, so the paint is
   counted). Keys are paced like fast typing (``--pace-ms``, default 120 ms between
   keystrokes) so the throttle's leading edge applies; the back-to-back figure types each
   key as soon as the previous results are painted (the throttle then delays some keys by
   up to its 30 ms window, by design). Cyrillic letters go in as input-method commits too
   (QTest cannot synthesise them as key presses).

Bytecode: an installed FAQDesk has its modules compiled (pip and the bundle compile them at
install time), while a source tree run with ``PYTHONDONTWRITEBYTECODE=1`` (as on the shared
development VM) compiles every ``faqdesk`` module again at each start — about 0.1 s that no
user pays. So before measuring, the benchmark compiles the bytecode of the ``faqdesk``
package it is about to run (``python -m compileall``, the same interpreter); the libraries in
the venv are already compiled by pip. ``--no-compile`` measures the tree as it is.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
TARGETS = {
    "painted_s": 0.5,
    "search_ready_warm_s": 1.2,
    "search_ready_cold_s": 1.5,
    "keystroke_p95_ms": 50.0,
}

QUERIES = [
    "包裹丢了怎么办",
    "退货流程",
    "地址填错了",
    "快递延误",
    "追踪号",
    "客服电话",
    "工单",
    "delivery delay",
    "lost parcel",
    "return request",
    "wrong address",
    "tracking number",
    "call support from china",
    "retrun",
    "задержка доставки",
    "посылка потерялась",
    "возврат",
    "ozon seller",
]


# ----------------------------------------------------------------------------- start-up


def compile_bytecode() -> Path:
    """Compile the ``faqdesk`` package that ``python -m faqdesk`` will import (as an install
    does); returns its folder."""
    spec = importlib.util.find_spec("faqdesk")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("faqdesk is not importable: set PYTHONPATH=src")
    package = Path(next(iter(spec.submodule_search_locations)))
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)
    return package


def _start_once(data: Path, cache: Path, config: Path) -> dict[str, float]:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        FAQDESK_STARTUP_REPORT="1",
        FAQDESK_QUIT_WHEN_READY="1",
        FAQDESK_DATA_DIR=str(data),
        FAQDESK_CACHE_DIR=str(cache),
        XDG_CONFIG_HOME=str(config),
    )
    started = time.time()
    proc = subprocess.run(
        [sys.executable, "-m", "faqdesk"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    events: dict[str, float] = {}
    for line in proc.stdout.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] in ("painted", "search-ready", "search-failed"):
            events[parts[0]] = float(parts[1]) - started
    if "search-ready" not in events or "painted" not in events:
        raise RuntimeError(f"start-up run failed: {proc.stdout}\n{proc.stderr}")
    events["exit"] = time.time() - started
    return events


def bench_start_up(runs: int) -> dict[str, Any]:
    cold: list[dict[str, float]] = []
    warm: list[dict[str, float]] = []
    first: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="faqdesk-bench-") as base:
        root = Path(base)
        # the first start ever: no index, no jieba dictionary cache; it builds both
        first.append(_start_once(root / "dw", root / "cw", root / "xw"))
        # jieba's cache and word table (older code: only the cache, or in the temporary folder)
        jieba_files = [root / "cw" / name for name in ("jieba.cache", "jieba-words.table")]
        for run in range(runs):
            # cold: the index is built; jieba's files are there, as after any earlier start
            cache = root / f"c{run}"
            cache.mkdir()
            for kept in jieba_files:
                if kept.is_file():
                    shutil.copy2(kept, cache / kept.name)
            cold.append(_start_once(root / f"d{run}", cache, root / f"x{run}"))
        for _ in range(runs):
            warm.append(_start_once(root / "dw", root / "cw", root / "xw"))

    def summary(values: list[float]) -> dict[str, float]:
        return {
            "median": round(statistics.median(values), 3),
            "min": round(min(values), 3),
            "max": round(max(values), 3),
        }

    return {
        "runs": runs,
        "first_start_painted_s": round(first[0]["painted"], 3),
        "first_start_search_ready_s": round(first[0]["search-ready"], 3),
        "cold_painted_s": summary([r["painted"] for r in cold]),
        "cold_search_ready_s": summary([r["search-ready"] for r in cold]),
        "warm_painted_s": summary([r["painted"] for r in warm]),
        "warm_search_ready_s": summary([r["search-ready"] for r in warm]),
    }


# ----------------------------------------------------------------------------- search phases

#: Run in a fresh process: the search thread's start-up work, phase by phase, on the bundled
#: content with the warm index in argv[1] and jieba's word table saved by the first run (wall
#: and CPU seconds; CPU time is what a loaded machine does not inflate).
_PHASES = """
import json, sys, time
marks = [("start", time.perf_counter(), time.process_time())]
def mark(name):
    marks.append((name, time.perf_counter(), time.process_time()))
from faqdesk.core.content.loading import load_content
mark("import content")
library = load_content(None)
mark("load content")
import faqdesk.core.search.knowledge_base as kbm
mark("import search (Whoosh)")
from faqdesk.core.search import chinese
getattr(chinese, "_import_jieba", lambda: __import__("jieba"))()
mark("import jieba")
from faqdesk.core.search.chinese import ensure_ready
ensure_ready()
mark("jieba dictionary")
kb = kbm.KnowledgeBase.open(None, sys.argv[1], library=library)
mark("open index")
kb.search("包裹 ")
mark("first search")
out = {}
for (_, w0, c0), (name, w1, c1) in zip(marks, marks[1:]):
    out[name] = [w1 - w0, c1 - c0]
print(json.dumps(out))
# as the app does after its first start (older code: no word table)
getattr(chinese, "save_word_table", lambda: None)()
"""


#: Run in a fresh process: the window's start-up up to its first paint, phase by phase (its
#: folders come from the environment: empty the first time, then as the first run left them).
_WINDOW_PHASES = """
import json, sys, time
marks = [("start", time.perf_counter(), time.process_time())]
def mark(name):
    marks.append((name, time.perf_counter(), time.process_time()))
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(["faqdesk"])
mark("import PySide6, QApplication")
import faqdesk.ui.main_window
mark("import the window's modules")
from faqdesk.ui import create_main_window
window = create_main_window()
mark("build the window")
class Paint(QObject):
    seen = False
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not self.seen:
            self.seen = True
            QTimer.singleShot(0, lambda: (mark("show, first paint"), app.quit()))
        return False
paint = Paint()
window.installEventFilter(paint)
window.show()
app.exec()
out = {}
for (_, w0, c0), (name, w1, c1) in zip(marks, marks[1:]):
    out[name] = [w1 - w0, c1 - c0]
out["modules imported by the paint"] = [len(sys.modules), len(sys.modules)]
print(json.dumps(out))
window.shutdown()
"""


def _phases(code: str, argument: str, env: dict[str, str], runs: int) -> dict[str, list[float]]:
    subprocess.run(  # the first run builds what the others find (the index, the data folder)
        [sys.executable, "-c", code, argument], env=env, check=True, capture_output=True
    )
    samples: list[dict[str, list[float]]] = []
    for _ in range(runs):
        proc = subprocess.run(
            [sys.executable, "-c", code, argument],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        samples.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    return {
        name: [
            round(statistics.median(s[name][0] for s in samples), 3),
            round(statistics.median(s[name][1] for s in samples), 3),
        ]
        for name in samples[0]
    }


def bench_search_phases(runs: int) -> dict[str, list[float]]:
    """Median wall and CPU seconds of each phase of the search start-up (warm index)."""
    with tempfile.TemporaryDirectory(prefix="faqdesk-bench-") as base:
        env = dict(os.environ, FAQDESK_CACHE_DIR=str(Path(base) / "cache"))
        return _phases(_PHASES, str(Path(base) / "index"), env, runs)


def bench_window_phases(runs: int) -> dict[str, list[float]]:
    """Median wall and CPU seconds of each phase up to the window's first paint (in-process,
    fresh processes, the data folder of an earlier start)."""
    with tempfile.TemporaryDirectory(prefix="faqdesk-bench-") as base:
        root = Path(base)
        env = dict(
            os.environ,
            QT_QPA_PLATFORM="offscreen",
            FAQDESK_DATA_DIR=str(root / "data"),
            FAQDESK_CACHE_DIR=str(root / "cache"),
            XDG_CONFIG_HOME=str(root / "config"),
        )
        return _phases(_WINDOW_PHASES, str(root / "data"), env, runs)


# ----------------------------------------------------------------------------- typing


def bench_typing(pace_ms: int) -> dict[str, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from faqdesk.ui import create_main_window
    from faqdesk.ui.settings.store import Settings

    app = QApplication.instance() or QApplication(["bench"])
    with tempfile.TemporaryDirectory(prefix="faqdesk-bench-") as base:
        root = Path(base)
        os.environ["FAQDESK_DATA_DIR"] = str(root / "data")
        os.environ["FAQDESK_CACHE_DIR"] = str(root / "cache")
        settings = Settings(QSettings(str(root / "s.ini"), QSettings.Format.IniFormat))
        settings.language = "zh"
        window = create_main_window(
            content_dir=REPO / "content",
            data_dir=root / "data",
            index_dir=root / "index",
            settings=settings,
        )
        window.resize(1200, 800)
        window.show()
        deadline = time.monotonic() + 120
        while not window.is_search_ready() and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.005)
        if not window.is_search_ready():
            raise RuntimeError(f"search never became ready: {window.search_failed}")

        viewport = window.navigation.results_view.viewport()
        empty_state = window.navigation.empty_label

        shown: list[str] = []
        window.resultsShown.connect(shown.append)
        box = window.search_box
        box.setFocus()

        def keystrokes(text: str) -> list[str]:
            return list(text)

        def measure(paced: bool) -> list[float]:
            latencies: list[float] = []
            for query in QUERIES:
                box.clear()
                app.processEvents()
                typed = ""
                for piece in keystrokes(query):
                    if paced:
                        pause_until = time.perf_counter() + pace_ms / 1000
                        while time.perf_counter() < pause_until:
                            app.processEvents()
                            time.sleep(0.001)
                    typed += piece
                    shown.clear()
                    started = time.perf_counter()
                    if piece.isascii():
                        QTest.keyClick(box, piece)
                    else:
                        event = QInputMethodEvent("", [])
                        event.setCommitString(piece)
                        QApplication.sendEvent(box, event)
                    if not typed.strip():
                        continue  # a space alone searches nothing
                    limit = time.perf_counter() + 5
                    while time.perf_counter() < limit and typed not in shown:
                        app.processEvents()
                        time.sleep(0.0002)
                    # Results are in the model: paint them now (a synchronous repaint of
                    # what shows them), so the figure includes the paint itself.
                    if window.navigation.results_view.isVisible():
                        viewport.repaint()
                    else:
                        empty_state.repaint()
                    elapsed = (time.perf_counter() - started) * 1000
                    if typed not in shown:
                        print(f"no results for {typed!r} within 5 s", file=sys.stderr)
                    latencies.append(elapsed)
                QTest.keyClick(box, Qt.Key.Key_Escape)
            return latencies

        measure(paced=True)  # warm-up: searcher opened, jieba dictionaries touched
        paced = measure(paced=True)
        burst = measure(paced=False)
        window.close()
        window.shutdown()

    def pct(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)

    return {
        "queries": len(QUERIES),
        "keystrokes": len(paced),
        "pace_ms": pace_ms,
        "paced_p50_ms": pct(paced, 0.50),
        "paced_p95_ms": pct(paced, 0.95),
        "paced_max_ms": round(max(paced), 1),
        "back_to_back_p50_ms": pct(burst, 0.50),
        "back_to_back_p95_ms": pct(burst, 0.95),
    }


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from PySide6 import __version__ as pyside

    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "pyside6": pyside,
        "os": platform.platform(),
        "qt_platform": "offscreen",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pace-ms", type=int, default=120)
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--phases",
        action="store_true",
        help="only the start-up phases: up to the first paint, and the search's (wall and CPU"
        " seconds, fresh processes)",
    )
    parser.add_argument(
        "--no-typing", action="store_true", help="only the start-up (no keystroke latency)"
    )
    parser.add_argument(
        "--no-compile",
        action="store_true",
        help="do not compile faqdesk's bytecode first (a source tree without .pyc files)",
    )
    args = parser.parse_args()
    if not args.no_compile:
        print(f"compiled the bytecode of {compile_bytecode()}", file=sys.stderr)
    if args.phases:
        print("up to the first paint (in-process, after the interpreter's own start):")
        for name, (wall, cpu) in bench_window_phases(max(3, args.runs)).items():
            if name.startswith("modules"):
                print(f"  {name}: {int(wall)}")
            else:
                print(f"  {name:32} wall {wall:.3f} s  CPU {cpu:.3f} s")
        print("search, each phase alone (warm index, no window):")
        for name, (wall, cpu) in bench_search_phases(max(3, args.runs)).items():
            print(f"  {name:32} wall {wall:.3f} s  CPU {cpu:.3f} s")
        return 0
    result = {
        "machine": machine(),
        "start_up": bench_start_up(max(5, args.runs)) if args.runs else {},
        "typing": {} if args.no_typing else bench_typing(args.pace_ms),
        "targets": TARGETS,
    }
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    print(json.dumps(result["machine"], ensure_ascii=False))
    start = result["start_up"]
    typing = result["typing"]
    for key in ("cold_painted_s", "cold_search_ready_s", "warm_painted_s", "warm_search_ready_s"):
        if key in start:  # --runs 0: the typing latency only
            print(
                f"{key:24} median {start[key]['median']:.3f}  "
                f"(min {start[key]['min']:.3f}, max {start[key]['max']:.3f})"
            )
    if start:
        print(
            f"first start (no index, no jieba cache): painted {start['first_start_painted_s']:.3f}"
            f"  search ready {start['first_start_search_ready_s']:.3f}"
        )
    if not typing:
        return 0
    print(
        f"keystroke->painted  paced({typing['pace_ms']} ms) p50 {typing['paced_p50_ms']} ms  "
        f"p95 {typing['paced_p95_ms']} ms  max {typing['paced_max_ms']} ms  "
        f"({typing['keystrokes']} keystrokes, {typing['queries']} queries)"
    )
    print(
        f"keystroke->painted  back-to-back p50 {typing['back_to_back_p50_ms']} ms  "
        f"p95 {typing['back_to_back_p95_ms']} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
