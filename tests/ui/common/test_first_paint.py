"""Start-up work waits for the window's first paint (so it cannot delay it)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app_process import run_python
from faqdesk.ui.common.first_paint import after_first_paint


class _Paints(QObject):
    def __init__(self, events: list[str]) -> None:
        super().__init__()
        self.events = events

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.events.append("paint")
        return False


def test_the_work_runs_once_after_the_first_paint(qtbot: QtBot) -> None:
    events: list[str] = []
    widget = QWidget()
    qtbot.addWidget(widget)
    paints = _Paints(events)
    widget.installEventFilter(paints)
    after_first_paint(widget, lambda: events.append("work"))
    assert events == []  # not while the window is being built
    widget.show()
    qtbot.waitUntil(lambda: "work" in events)
    assert events[0] == "paint"
    widget.update()
    qtbot.waitUntil(lambda: events.count("paint") >= 2)
    assert events.count("work") == 1


def test_a_widget_not_shown_gets_the_work_at_the_next_turn_of_the_event_loop(
    qtbot: QtBot,
) -> None:
    done: list[bool] = []
    widget = QWidget()
    qtbot.addWidget(widget)
    after_first_paint(widget, lambda: done.append(True))
    assert done == []
    qtbot.waitUntil(lambda: done == [True])


#: Run in a fresh process: builds and shows the main window and prints, as its first paint is
#: handled, which of the libraries needed only after that paint are imported already.
_IMPORTED_BY_THE_FIRST_PAINT = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from faqdesk.ui import create_main_window
from faqdesk.ui.common import first_paint

first_paint.LONGEST_WAIT_MS = 600_000  # a slow machine: the work still waits for the paint
LATER = (
    "requests", "urllib3", "ssl", "http.client",  # sync's network (a status read, a sync)
    "pypinyin", "holidays",  # contact ids, the Russian calendar
    "jieba", "whoosh", "markdown_it",  # search, articles: loaded after the paint
    "phonenumbers", "vobject", "faqdesk.core.sync.run",  # a number read, a vCard, a sync
)
app = QApplication(["faqdesk"])
window = create_main_window()


def report() -> None:
    print("imported:", *sorted(name for name in LATER if name in sys.modules), flush=True)
    app.quit()


class Watch(QObject):
    done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            # installed after the window's own hook, so this runs first once the paint is done
            QTimer.singleShot(0, report)
        return False


watch = Watch()
window.installEventFilter(watch)
window.show()
app.exec()
window.shutdown()
"""


def test_the_window_paints_before_the_libraries_only_later_work_needs_are_imported(
    tmp_path: Path,
) -> None:
    proc = run_python(tmp_path, ["-c", _IMPORTED_BY_THE_FIRST_PAINT], timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    reported = [line for line in proc.stdout.splitlines() if line.startswith("imported:")]
    assert reported == ["imported:"], proc.stdout
