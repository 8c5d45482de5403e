"""Start-up work waits for the window's first paint (so it cannot delay it)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

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
