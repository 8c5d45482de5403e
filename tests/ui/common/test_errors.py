"""An unexpected exception shows a non-modal dialog with details; the app keeps running."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from faqdesk.ui.common.errors import ErrorReporter


class _Button(QObject):
    clicked = Signal()


@pytest.fixture
def reporter() -> Iterator[ErrorReporter]:
    value = ErrorReporter()
    value.install()
    yield value
    value.uninstall()
    if value.dialog is not None:
        value.dialog.close()


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_slot_shows_the_dialog_and_the_app_keeps_running(
    qtbot: QtBot, reporter: ErrorReporter, caplog: pytest.LogCaptureFixture
) -> None:
    window = QWidget()
    edit = QLineEdit(window)
    qtbot.addWidget(window)
    window.show()
    button = _Button()

    def broken_slot() -> None:
        raise RuntimeError("index exploded")

    button.clicked.connect(broken_slot)
    QTimer.singleShot(0, button.clicked.emit)
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    dialog = reporter.dialog
    assert dialog is not None
    assert not dialog.isModal()
    assert "RuntimeError: index exploded" in dialog.details.toPlainText()
    assert "broken_slot" in dialog.details.toPlainText()
    assert any("index exploded" in record.getMessage() for record in caplog.records)

    copy = dialog.findChild(QPushButton, "copyDetails")
    assert copy is not None
    qtbot.mouseClick(copy, Qt.MouseButton.LeftButton)
    assert "index exploded" in QGuiApplication.clipboard().text()

    # The app still works: the other window takes typing, and a second error is appended.
    qtbot.keyClicks(edit, "still alive")
    assert edit.text() == "still alive"
    QTimer.singleShot(0, button.clicked.emit)
    qtbot.waitUntil(lambda: dialog.details.toPlainText().count("index exploded") == 2)
    assert reporter.dialog is dialog
