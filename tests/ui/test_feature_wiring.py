"""The features ask one another for help in the window: "Write to support" on the start page
and on a problem article opens the composer; a case's Write step opens its template filled in;
a case's Call step shows the contact's card."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QPushButton
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


def test_copy_and_start_a_case_fills_the_new_case_form_with_the_message(
    qtbot: QtBot, settings: Settings, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window(settings)
    window.composeRequested.emit("lost-or-damaged-parcel")
    qtbot.waitUntil(lambda: len(composers(window)) == 1)
    dialog = composers(window)[0]
    button = dialog.findChild(QPushButton, "copyAndStartCase")
    assert button is not None and button.isVisible()
    assert dialog.choose("lost-parcel")
    dialog.set_values({"posting": "12345678-0001-1", "since": "2026-11-20"})
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    cases = window.cases_panel
    assert cases is not None
    qtbot.waitUntil(lambda: getattr(cases, "new_case_dialog", None) is not None)
    form = cases.new_case_dialog
    qtbot.waitUntil(form.isVisible)
    assert form.edits["posting"].text() == "12345678-0001-1"
    assert form._problem() == "lost"
    copied = QApplication.clipboard().text()
    assert "12345678-0001-1" in copied and copied == form._text  # recorded as the message sent


def test_composer_without_cases_offers_no_case_button(qtbot: QtBot) -> None:
    from faqdesk.ui.compose.dialog import open_composer

    dialog = open_composer(None)
    qtbot.addWidget(dialog)
    button = dialog.findChild(QPushButton, "copyAndStartCase")
    assert button is not None and not button.isVisible()


def test_overdue_cases_come_first_on_the_dock_and_the_start_page(
    qtbot: QtBot, tmp_path: Path, settings: Settings, open_window: Callable[..., MainWindow]
) -> None:
    from case_fixtures import contacts, lost_parcel
    from faqdesk.core.cases.store import CaseStore
    from ui.conftest import FIXED_NOW

    data = tmp_path / "data"
    with ContactBook.open(data, clock=fixed_clock) as book:
        book.save(desk())
    with CaseStore.open(data, clock=fixed_clock) as store:
        opened = FIXED_NOW - timedelta(days=3)
        store.add(lost_parcel(opened_at=opened, sent="Здравствуйте"), contacts())
    window = open_window(settings)
    line = window.findChild(QLabel, "casesAttention")
    assert line is not None
    qtbot.waitUntil(line.isVisible)
    assert "C-0001" in line.text()
    start = window.reader.start_page
    assert start.verdict.text().startswith(" ".join(line.text().split()))
    qtbot.mouseClick(line, Qt.MouseButton.LeftButton)
    assert window.cases_panel is not None and window.cases_panel.current() is not None
    assert window.cases_panel.current().case.id == "C-0001"


def test_file_menu_undoes_the_last_import_and_nothing_else(
    qtbot: QtBot, tmp_path: Path, settings: Settings, open_window: Callable[..., MainWindow]
) -> None:
    with ContactBook.open(tmp_path / "data", clock=fixed_clock) as book:
        book.save(desk())
    window = open_window(settings)
    panel = window.contact_panel
    assert panel is not None
    card = tmp_path / "forwarder.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Wang Forwarder\r\nTEL:+86 139 0000 0000\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    assert panel.import_vcard(card) == 1
    ids = {contact.id for contact in panel.book.contacts()}
    assert "wang-forwarder" in ids and "desk" in ids
    assert window.undo_import_action in window.file_menu.actions()
    window.undo_import_action.trigger()
    ids = {contact.id for contact in panel.book.contacts()}
    assert "wang-forwarder" not in ids and "desk" in ids
    window.undo_import_action.trigger()  # nothing left to undo: said, nothing removed
    assert "desk" in {contact.id for contact in panel.book.contacts()}


def test_the_start_page_shows_the_call_verdict_from_the_first_paint(
    qtbot: QtBot, tmp_path: Path, settings: Settings, open_window: Callable[..., MainWindow]
) -> None:
    with ContactBook.open(tmp_path / "data", clock=fixed_clock) as book:
        book.save(desk())
    window = open_window(settings)
    panel = window.contact_panel
    assert panel is not None
    qtbot.waitUntil(lambda: panel.verdict() is not None)
    start = window.reader.start_page
    qtbot.waitUntil(lambda: start.verdict.text() != "")
    assert start.verdict.text() == " ".join(panel.verdict_label.text().split())
