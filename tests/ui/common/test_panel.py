"""The panel base: a widget re-translates itself whenever the language changes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QDialog, QLabel, QWidget
from pytestqt.qtbot import QtBot

from faqdesk.ui.common import i18n
from faqdesk.ui.common.panel import Panel


class Greeting(Panel, QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.calls = 0
        self.retranslate()

    def retranslate(self) -> None:
        self.calls += 1
        self.label.setText(self.tr("Cancel"))  # any string; what counts is the call


@pytest.fixture
def english() -> Iterator[None]:
    yield
    i18n.set_language("en")


def test_a_language_change_calls_retranslate(qtbot: QtBot, english: None) -> None:
    panel = Greeting()
    qtbot.addWidget(panel)
    assert panel.calls == 1
    i18n.set_language("zh")
    qtbot.waitUntil(lambda: panel.calls > 1)
    before = panel.calls
    i18n.set_language("en")
    qtbot.waitUntil(lambda: panel.calls > before)


def test_a_panel_that_forgets_retranslate_fails_at_once(qtbot: QtBot) -> None:
    class Forgetful(Panel, QWidget):
        pass

    with pytest.raises(NotImplementedError):
        Forgetful().retranslate()
