"""The contact panel with many contacts (issue 10, point 10): window painted, filter keystroke
→ painted, the minute tick's UI-thread time; 10,000 contacts against a 100-contact baseline
measured in the same run.

Run: ``PYTHONPATH=src .venv/bin/python benchmarks/bench_contacts_panel.py [--sizes 100 10000]``.
Targets with 10,000 contacts: painted ≤ 1.5 s, keystroke p95 ≤ 50 ms, tick ≤ 20 ms.

* painted: ``create_main_window`` (bundled content, a fresh data folder holding the contacts)
  until the window, with its contact dock, has painted once — the contacts are read in the
  background, so this is what the user waits for before seeing the window;
* ready: until the dock shows the first page of cards (the book read in the background);
* keystroke: one key typed into the contact filter until the dock has repainted
  (``repaint()``, synchronous), over a query typed and erased letter by letter;
* tick: one minute of the panel's clock (``ManualClock.advance``), all handlers included;
  "+paint" adds the dock's synchronous repaint (cards in view, clocks, timeline).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 30, 11, 0, tzinfo=ZoneInfo("Europe/Moscow"))  # Monday 11:00 MSK


def _contact(n: int) -> dict[str, object]:
    return {
        "id": f"agent-{n:05d}",
        "name": {"zh": f"货代 {n:05d}", "en": f"Agent {n:05d}"},
        "tz": "Europe/Moscow",
        "hours": {"mon-fri": "09:00-18:00", "breaks": "13:00-14:00"},
        "channels": [
            {"id": "phone", "kind": "phone", "value": f"+7 495 {n:03d}-00-00"},
            {"id": "mail", "kind": "email", "value": f"agent{n}@example.com"},
        ],
    }


def make_book(folder: Path, count: int) -> None:
    """A contacts folder with ``count`` contacts, written in one transaction."""
    from faqdesk.core.contacts.book import ContactBook
    from faqdesk.core.contacts.model import contact_from_mapping

    book = ContactBook.open(folder, clock=lambda: NOW)
    try:
        with book._transaction() as connection:  # bench set-up only: one transaction
            for n in range(count):
                contact, problems = contact_from_mapping(_contact(n), "bench", origin="user")
                assert contact is not None and not problems, problems
                book._store(connection, contact, book._checked(contact))
    finally:
        book.close()


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(count: int, base: Path) -> dict[str, float]:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from faqdesk.ui import Settings, create_main_window
    from faqdesk.ui.common.clock import ManualClock
    from faqdesk.ui.contacts.panel import ContactPanel

    app = QApplication.instance() or QApplication(["bench"])
    assert isinstance(app, QApplication)
    data = base / f"data-{count}"
    make_book(data, count)
    settings = Settings(QSettings(str(base / f"s-{count}.ini"), QSettings.Format.IniFormat))
    settings.set_value("language", "zh")
    settings.set_value("home_timezone", "Asia/Shanghai")

    started = time.perf_counter()
    window = create_main_window(
        content_dir=REPO / "content", data_dir=data, index_dir=base / f"index-{count}",
        now=lambda: NOW, settings=settings,
    )  # fmt: skip
    window.resize(1200, 780)
    window.show()
    window.repaint()
    app.processEvents()
    painted = time.perf_counter() - started
    panel = window.contact_panel
    assert panel is not None
    deadline = time.monotonic() + 120
    while panel._loading and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.002)
    ready = time.perf_counter() - started
    window.shutdown()
    window.deleteLater()
    app.processEvents()

    # Keystrokes and ticks on a dock driven by a manual clock (same book, same settings).
    clock = ManualClock(NOW)
    dock = ContactPanel(clock, settings, data)
    dock.resize(460, 780)
    dock.show()
    while dock._loading:
        app.processEvents()
        time.sleep(0.002)
    app.processEvents()
    keystrokes: list[float] = []
    for _ in range(3):
        for text in ("agent 0", "货代", "example.com 99"):
            for char in text:
                started = time.perf_counter()
                dock.filter_edit.insert(char)  # as typed (QTest types ASCII only)
                dock.repaint()
                keystrokes.append(time.perf_counter() - started)
            for _char in text:
                started = time.perf_counter()
                dock.filter_edit.backspace()
                dock.repaint()
                keystrokes.append(time.perf_counter() - started)
    ticks: list[float] = []
    painted_ticks: list[float] = []
    for _ in range(30):
        started = time.perf_counter()
        clock.advance(timedelta(minutes=1))
        handled = time.perf_counter()
        dock.repaint()
        ticks.append(handled - started)
        painted_ticks.append(time.perf_counter() - started)
    dock.deleteLater()
    app.processEvents()
    return {
        "painted": painted,
        "ready": ready,
        "key_median": statistics.median(keystrokes),
        "key_p95": _p95(keystrokes),
        "tick_median": statistics.median(ticks),
        "tick_p95": _p95(ticks),
        "tick_paint_median": statistics.median(painted_ticks),
        "tick_paint_p95": _p95(painted_ticks),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 10_000])
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO / "src"))
    results: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="faqdesk-bench-contacts-") as folder:
        measure(10, Path(folder) / "warm-up")  # imports and first-use costs, not reported
        for count in args.sizes:
            results[count] = measure(count, Path(folder))
    baseline = results[args.sizes[0]]
    print(f"{'contacts':>9} {'painted s':>10} {'ready s':>8} {'key med ms':>11} "
          f"{'key p95 ms':>11} {'tick med ms':>12} {'tick p95 ms':>12} "
          f"{'+paint med':>11} {'+paint p95':>11}")  # fmt: skip
    for count, row in results.items():
        print(
            f"{count:>9} {row['painted']:>10.3f} {row['ready']:>8.3f} "
            f"{row['key_median'] * 1000:>11.1f} {row['key_p95'] * 1000:>11.1f} "
            f"{row['tick_median'] * 1000:>12.1f} {row['tick_p95'] * 1000:>12.1f} "
            f"{row['tick_paint_median'] * 1000:>11.1f} {row['tick_paint_p95'] * 1000:>11.1f}"
        )
    for count, row in results.items():
        if count == args.sizes[0]:
            continue
        ratios = ", ".join(
            f"{name} ×{row[name] / baseline[name]:.2f}"
            for name in ("painted", "key_p95", "tick_p95")
        )
        print(f"{count} vs {args.sizes[0]}: {ratios}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
