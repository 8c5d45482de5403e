"""The features ask one another for help in the window: "Write to support" on the start page
and on a problem article opens the composer; a case's Write step opens its template filled in;
a case's Call step shows the contact's card."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QPushButton
from pytestqt.qtbot import QtBot

from case_fixtures import desk
from clock_fixtures import fixed_clock
from faqdesk.core.contacts.book import ContactBook
from faqdesk.ui.compose.dialog import ComposerDialog
from faqdesk.ui.main_window import MainWindow
from faqdesk.ui.settings.store import Settings


def composers(window: MainWindow) -> list[ComposerDialog]:
    return [d for d in window.findChildren(QDialog, "composerDialog") if d.isVisible()]


def test_write_to_support_on_the_start_page_opens_the_composer(
    qtbot: QtBot, settings: Settings, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window(settings)
    button = window.findChild(QPushButton, "startCompose")
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(composers(window)) == 1)


def test_write_to_support_on_an_article_opens_its_own_template(
    qtbot: QtBot, settings: Settings, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window(settings)
    window.open_article("lost-or-damaged-parcel")
    window.composeRequested.emit("lost-or-damaged-parcel")
    qtbot.waitUntil(lambda: len(composers(window)) == 1)
    template = composers(window)[0].template
    assert template is not None and template.problem == "lost-or-damaged-parcel"


def test_a_cases_write_step_opens_the_follow_up_filled_in(
    qtbot: QtBot, settings: Settings, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window(settings)
    assert window.cases_panel is not None
    window.cases_panel.composeRequested.emit(
        "follow-up-no-reply", {"ticket": "T-4711", "since": "2026-11-20"}
    )
    qtbot.waitUntil(lambda: len(composers(window)) == 1)
    dialog = composers(window)[0]
    template = dialog.template
    assert template is not None and template.id == "follow-up-no-reply"
    dialog.copy_russian()
    copied = QApplication.clipboard().text()
    assert "T-4711" in copied and "20.11.2026" in copied


def test_a_cases_call_step_shows_the_contacts_phone_card(
    qtbot: QtBot, tmp_path: Path, settings: Settings, open_window: Callable[..., MainWindow]
) -> None:
    with ContactBook.open(tmp_path / "data", clock=fixed_clock) as book:
        book.save(desk())
    window = open_window(settings)
    panel, cases = window.contact_panel, window.cases_panel
    assert panel is not None and cases is not None
    cases.raise_()  # the cases tab in front, as when the user pressed Call there
    cases.callRequested.emit("desk", "phone")
    qtbot.waitUntil(lambda: panel.card("desk", "phone") is not None)
    card = panel.card("desk", "phone")
    assert card is not None
    qtbot.waitUntil(card.hasFocus)
    assert not panel.visibleRegion().isEmpty()
