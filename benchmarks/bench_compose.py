"""Composer latency per keystroke (issue 14): the dialog re-composes the whole message on every
key, so one compose must stay far below a frame.

Run: ``PYTHONPATH=src .venv/bin/python benchmarks/bench_compose.py [--rounds 20] [--json]``

1. ``compose()`` alone: every bundled template, its fields typed one character at a time
   (a compose after each character), against a baseline measured in the same run: the same
   keystrokes filling the template texts with ``str.replace`` only (no checks, no Latin
   reading). Median and p95 in microseconds, and the ratio.
2. The dialog, in-process on the offscreen platform: each key sent with QTest to a field until
   the Russian text, the meaning and the Latin reading show it (synchronous: the preview is
   updated inside the key event). Median and p95 in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

SAMPLES = {
    "order": "12345678-0001",
    "posting": "12345678-0001-1",
    "tracking": "RU123456789CN",
    "date": "20.11.2026",
    "money": "1500 RUB",
    "text": "98765432",
    "address": "г. Казань, ул. Баумана, д. 1",
}


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def bench_core(rounds: int) -> dict[str, float]:
    from faqdesk.core.compose.message import compose
    from faqdesk.core.compose.templates import load_templates

    templates = list(load_templates(REPO / "content").templates.values())
    composed: list[float] = []
    cpu: list[float] = []  # this thread's CPU time: what the wall time is, minus other load
    baseline: list[float] = []
    for _ in range(rounds):
        for template in templates:
            values: dict[str, str] = {}
            for spec in template.fields:
                for end in range(1, len(SAMPLES[spec.kind.value]) + 1):
                    values[spec.name] = SAMPLES[spec.kind.value][:end]
                    started, started_cpu = time.perf_counter(), time.thread_time()
                    compose(template, values, "zh")
                    composed.append(time.perf_counter() - started)
                    cpu.append(time.thread_time() - started_cpu)
                    started = time.perf_counter()
                    for lang in ("ru", "zh"):
                        filled = template.text[lang]
                        for name, value in values.items():
                            filled = filled.replace("{" + name + "}", value)
                    baseline.append(time.perf_counter() - started)
    median, base = statistics.median(composed), statistics.median(baseline)
    return {
        "keystrokes": len(composed),
        "compose_median_us": median * 1e6,
        "compose_p95_us": _p95(composed) * 1e6,
        "compose_cpu_median_us": statistics.median(cpu) * 1e6,
        "compose_cpu_p95_us": _p95(cpu) * 1e6,
        "baseline_median_us": base * 1e6,
        "ratio_median": median / base,
    }


def bench_dialog(rounds: int) -> dict[str, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLineEdit

    from faqdesk.ui.compose.dialog import open_composer

    app = QApplication.instance() or QApplication([])
    dialog = open_composer(None, template_id="lost-parcel", contacts=[], lang="zh")
    app.processEvents()
    field = dialog.findChild(QLineEdit, "field_posting")
    assert field is not None
    times: list[float] = []
    for _ in range(rounds):
        field.clear()
        for char in SAMPLES["posting"]:
            started = time.perf_counter()
            QTest.keyClicks(field, char)
            message = dialog.message
            assert message is not None  # updated inside the key event: shown, or a problem
            shown = field.text() in dialog.russian_text.toPlainText()
            assert shown or message.problem_for("posting") is not None
            times.append(time.perf_counter() - started)
    dialog.close()
    return {
        "keys": len(times),
        "dialog_median_ms": statistics.median(times) * 1e3,
        "dialog_p95_ms": _p95(times) * 1e3,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    from faqdesk.core.compose.message import compose  # noqa: F401  (import cost, first)

    report: dict[str, Any] = {
        "machine": f"{platform.machine()} {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "import_s": time.perf_counter() - started,
        **bench_core(args.rounds),
        **bench_dialog(args.rounds),
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"machine: {report['machine']}")
    print(
        f"compose() per keystroke ({report['keystrokes']} keystrokes): median "
        f"{report['compose_median_us']:.0f} µs, p95 {report['compose_p95_us']:.0f} µs "
        f"(CPU time: median {report['compose_cpu_median_us']:.0f} µs, "
        f"p95 {report['compose_cpu_p95_us']:.0f} µs); "
        f"baseline (fill only) median {report['baseline_median_us']:.1f} µs, "
        f"ratio {report['ratio_median']:.0f}x"
    )
    print(
        f"dialog key -> preview ({report['keys']} keys): median "
        f"{report['dialog_median_ms']:.2f} ms, p95 {report['dialog_p95_ms']:.2f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
