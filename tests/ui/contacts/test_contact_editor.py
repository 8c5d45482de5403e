"""The contact editor: inline validation, never closing on bad data, saving through the book."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from clock_fixtures import fixed_clock
from contact_fixtures import make_contact
from faqdesk.core.contacts.book import ContactBook
from faqdesk.core.contacts.model import ChannelKind, Contact
from faqdesk.ui.contacts.channel_table import COL_HOURS, COL_ID, COL_REPLY
from ui.contacts.editor_helpers import fill_minimal, office_editor, ok_button, open_editor


def test_new_contact_needs_an_id_and_a_name(qtbot: QtBot, book: ContactBook) -> None:
    editor = open_editor(qtbot, book)
    assert not ok_button(editor).isEnabled()
    # Nothing is shown as wrong before the user typed anything (issue 12) …
    assert not editor.id_error.isVisible() and not editor.name_error.isVisible()
    editor.accept()  # … but pressing OK says what is missing, and the dialog stays
    assert editor.isVisible()
    assert editor.id_error.isVisible() and editor.name_error.isVisible()
    qtbot.keyClicks(editor.id_edit, "Bad Id")
    assert "lowercase" in editor.id_error.text()
    editor.id_edit.clear()
    fill_minimal(qtbot, editor)
    assert not editor.id_error.isVisible() and not editor.name_error.isVisible()
    assert ok_button(editor).isEnabled()


def test_an_existing_id_is_refused(qtbot: QtBot, book: ContactBook) -> None:
    editor = open_editor(qtbot, book)
    fill_minimal(qtbot, editor, "ozon-seller-support")  # a bundled contact's id
    assert editor.id_error.text() == "A contact with this id already exists."
    assert not ok_button(editor).isEnabled()


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("mon-fri", "9-", "'9-' is not HH:MM-HH:MM"),
        ("sat", "25:00-26:00", "'25:00' is not a valid time (00:00-23:59)"),
        ("breaks", "13:00", "'13:00' is not HH:MM-HH:MM"),
        ("other", "friday 09:00-17:00", "friday: unknown key 'friday'"),
    ],
)
def test_hours_errors_show_under_their_field(
    qtbot: QtBot, book: ContactBook, field: str, text: str, message: str
) -> None:
    editor = open_editor(qtbot, book)
    fill_minimal(qtbot, editor)
    qtbot.keyClicks(editor.hours_edits[field], text)
    error = editor.hours_errors[field]
    assert error.isVisible()
    assert error.text().startswith(message)
    for other, label in editor.hours_errors.items():
        if other != field:
            assert not label.isVisible()
    assert not ok_button(editor).isEnabled()
    editor.accept()
    assert editor.isVisible()  # never closes on invalid data
    assert book.get("agent") is None


def test_overnight_hours_are_fine(qtbot: QtBot, book: ContactBook) -> None:
    editor = open_editor(qtbot, book)
    fill_minimal(qtbot, editor)
    qtbot.keyClicks(editor.hours_edits["mon-fri"], "18:00-09:00")
    assert not editor.hours_errors["mon-fri"].isVisible()
    assert ok_button(editor).isEnabled()


def test_breaks_without_any_day_are_refused(qtbot: QtBot, book: ContactBook) -> None:
    editor = open_editor(qtbot, book)
    fill_minimal(qtbot, editor)
    qtbot.keyClicks(editor.hours_edits["breaks"], "13:00-14:00")
    assert editor.hours_errors["breaks"].text() == (
        "Breaks need opening hours: fill in at least one day."
    )
    assert not ok_button(editor).isEnabled()


def test_unknown_time_zone_is_shown_under_the_field(qtbot: QtBot, book: ContactBook) -> None:
    editor = open_editor(qtbot, book)
    fill_minimal(qtbot, editor)
    line = editor.tz_combo.lineEdit()
    assert line is not None
    line.setText("Mars/Olympus")  # as typed (keys would open the completer's popup)
    line.textEdited.emit("Mars/Olympus")
    assert editor.tz_error.isVisible()
    assert "Mars/Olympus" in editor.tz_error.text()
    assert not ok_button(editor).isEnabled()
    editor.tz_combo.setCurrentText("Asia/Novosibirsk")
    assert not editor.tz_error.isVisible() and ok_button(editor).isEnabled()


def test_channel_table_errors(qtbot: QtBot, book: ContactBook) -> None:
    editor = open_editor(qtbot, book)
    fill_minimal(qtbot, editor)
    row = editor.channel_table.add_channel("phone", "phone", "+7 383 000 00 00")
    editor.channel_table.set_cell(row, COL_HOURS, "mon-fri 9-18")
    assert editor.channel_error.text() == (
        "Channel phone, hours: mon-fri: '9-18' is not HH:MM-HH:MM"
    )
    assert not ok_button(editor).isEnabled()
    editor.channel_table.set_cell(row, COL_HOURS, "mon-fri 10:00-16:00")
    assert not editor.channel_error.isVisible()
    editor.channel_table.set_cell(row, COL_ID, "Office Phone")
    assert editor.channel_error.text() == (
        "Channel 1: the id Office Phone may only use lowercase letters, digits and '-'."
    )
    assert not ok_button(editor).isEnabled()
    editor.channel_table.set_cell(row, COL_ID, "phone")
    assert not editor.channel_error.isVisible()
    editor.channel_table.set_cell(row, COL_REPLY, "soon")
    assert "positive number" in editor.channel_error.text()
    editor.channel_table.set_cell(row, COL_REPLY, "")
    editor.channel_table.add_channel("phone", "phone", "+7 383 000 00 01")
    assert "already has the id phone" in editor.channel_error.text()
    editor.channel_table.selectRow(1)
    editor.channel_table.remove_selected()
    assert not editor.channel_error.isVisible() and ok_button(editor).isEnabled()


def test_saving_a_new_contact(qtbot: QtBot, book: ContactBook) -> None:
    editor = open_editor(qtbot, book)
    qtbot.keyClicks(editor.id_edit, "novosibirsk-warehouse")
    qtbot.keyClicks(editor.name_en_edit, "Novosibirsk warehouse")
    editor.tz_combo.setCurrentText("Asia/Novosibirsk")
    editor.margin_spin.setValue(15)
    qtbot.keyClicks(editor.hours_edits["mon-fri"], "08:00-17:00")
    qtbot.keyClicks(editor.hours_edits["sat"], "10:00-14:00")
    qtbot.keyClicks(editor.hours_edits["breaks"], "12:00-13:00")
    row = editor.channel_table.add_channel("desk", "phone", "+7 383 000 00 00")
    editor.channel_table.set_cell(row, COL_HOURS, "mon-fri 09:00-16:00")
    mail = editor.channel_table.add_channel("", "email", "desk@example.com")
    editor.channel_table.set_cell(mail, COL_REPLY, "48")
    with qtbot.waitSignal(editor.saved, timeout=1000) as blocker:
        qtbot.mouseClick(ok_button(editor), Qt.MouseButton.LeftButton)
    assert blocker.args == ["novosibirsk-warehouse"]
    assert not editor.isVisible()
    saved = book.get("novosibirsk-warehouse")
    assert saved is not None
    assert (saved.tz, saved.margin_minutes, saved.origin) == ("Asia/Novosibirsk", 15, "user")
    assert saved.hours is not None
    assert saved.hours.to_mapping() == {
        "mon-fri": "08:00-17:00",
        "sat": "10:00-14:00",
        "breaks": "12:00-13:00",
    }
    desk, email = saved.channels
    assert desk.hours is not None and desk.hours.to_mapping() == {"mon-fri": "09:00-16:00"}
    assert (email.id, email.kind, email.reply_within_hours) == ("email", ChannelKind.EMAIL, 48)


def test_editing_keeps_what_was_not_touched(qtbot: QtBot, book: ContactBook) -> None:
    contact = make_contact(
        {
            "id": "agent",
            "name": {"zh": "代理", "en": "Agent"},
            "tz": "Europe/Moscow",
            "verified": "2026-10-01",
            "source": "https://example.com/contacts",
            "notes": {"zh": "说俄语", "en": "speaks Russian"},
            "hours": {"mon-thu": "09:00-18:00", "fri": "09:00-16:45", "breaks": "13:00-14:00"},
            "channels": [
                {
                    "id": "phone",
                    "kind": "phone",
                    "value": "+7 495 000-00-00",
                    "label": {"zh": "办公室", "en": "Office"},
                },
            ],
        }
    )
    book.save(contact)
    stored = book.get("agent")
    assert stored is not None
    editor = open_editor(qtbot, book, stored)
    assert editor.id_edit.isReadOnly()
    assert editor.hours_edits["other"].text() == "mon-thu 09:00-18:00; fri 09:00-16:45"
    assert editor.verified_check.isChecked()
    with qtbot.waitSignal(editor.saved, timeout=1000):
        qtbot.mouseClick(ok_button(editor), Qt.MouseButton.LeftButton)
    assert book.get("agent") == stored


def test_editing_a_bundled_contact_stores_an_override(qtbot: QtBot, book: ContactBook) -> None:
    bundled = book.get("ozon-seller-support")
    assert bundled is not None
    editor = open_editor(qtbot, book, bundled)
    phone_row = next(
        row
        for row in range(editor.channel_table.rowCount())
        if editor.channel_table.item(row, 0).text() == "phone"
    )
    editor.channel_table.set_cell(phone_row, 2, "+7 800 000-00-00")
    editor.channel_table.set_cell(phone_row, COL_HOURS, "mon-fri 09:00-18:00")
    with qtbot.waitSignal(editor.saved, timeout=1000):
        qtbot.mouseClick(ok_button(editor), Qt.MouseButton.LeftButton)
    edited = book.get("ozon-seller-support")
    assert edited is not None and edited.origin == "edited"
    phone = edited.channel("phone")
    assert phone is not None and phone.value == "+7 800 000-00-00"
    # The labels in both languages survive an edit that did not touch them.
    ticket = edited.channel("ticket")
    assert ticket is not None and ticket.label == bundled.channel("ticket").label  # type: ignore[union-attr]


def test_delete_after_confirmation(
    qtbot: QtBot, book: ContactBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor, _ = office_editor(qtbot, book)
    monkeypatch.setattr(
        QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.No
    )
    qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)
    assert editor.isVisible() and book.get("moscow-office") is not None
    monkeypatch.setattr(
        QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes
    )
    with qtbot.waitSignal(editor.deleted, timeout=1000):
        qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)
    assert not editor.isVisible()
    assert book.get("moscow-office") is None


def test_read_only_book_says_so_and_keeps_the_input(qtbot: QtBot, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    read_only = ContactBook.open(blocker, clock=fixed_clock)
    assert read_only.read_only
    editor = open_editor(qtbot, read_only)
    fill_minimal(qtbot, editor)
    assert not ok_button(editor).isEnabled()
    assert "cannot be written" in editor.save_error.text()
    editor.accept()
    assert editor.isVisible()
    assert editor.id_edit.text() == "agent"
    read_only.close()


def test_a_bundled_contact_can_only_be_reset_not_deleted(
    qtbot: QtBot, book: ContactBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundled = book.get("ozon-seller-support")
    assert bundled is not None
    editor = open_editor(qtbot, book, bundled)
    editor.margin_spin.setValue(10)
    editor.accept()
    edited = book.get("ozon-seller-support")
    assert edited is not None and edited.margin_minutes == 10
    editor = open_editor(qtbot, book, edited)
    assert editor.delete_button.text() == "Undo my changes"
    asked: list[str] = []

    def answer(_parent: object, _title: str, text: str) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)
    assert asked == [
        "Forget your changes to Ozon seller support and show it as shipped with FAQDesk?"
    ]
    restored = book.get("ozon-seller-support")
    assert restored is not None and restored.margin_minutes == bundled.margin_minutes


@pytest.fixture
def elsewhere(tmp_path: Path, book: ContactBook) -> Iterator[ContactBook]:
    """The same contact book opened a second time, as another window or process would."""
    other = ContactBook.open(tmp_path / "data", clock=fixed_clock)
    yield other
    other.close()


def _renamed(contact: Contact, name: str) -> Contact:
    return dataclasses.replace(contact, name={"en": name})


def test_a_contact_changed_elsewhere_is_not_overwritten_silently(
    qtbot: QtBot, book: ContactBook, elsewhere: ContactBook
) -> None:
    editor, loaded = office_editor(qtbot, book)
    editor.name_en_edit.setText("Typed here")
    elsewhere.save(_renamed(loaded, "Changed elsewhere"))
    with qtbot.assertNotEmitted(editor.saved):
        qtbot.mouseClick(ok_button(editor), Qt.MouseButton.LeftButton)
    assert editor.isVisible()
    assert "This contact was changed elsewhere" in editor.save_error.text()
    assert editor.conflict_box.isVisible() and editor.reload_button.isVisible()
    assert editor.name_en_edit.text() == "Typed here"  # the input is kept
    stored = book.get("moscow-office")
    assert stored is not None and stored.display_name("en") == "Changed elsewhere"
    # Overwrite on purpose.
    with qtbot.waitSignal(editor.saved, timeout=1000):
        qtbot.mouseClick(editor.overwrite_button, Qt.MouseButton.LeftButton)
    assert not editor.isVisible()
    stored = book.get("moscow-office")
    assert stored is not None and stored.display_name("en") == "Typed here"
    assert stored.name["zh"] == "莫斯科办公室"


def test_reload_shows_the_change_made_elsewhere(
    qtbot: QtBot, book: ContactBook, elsewhere: ContactBook
) -> None:
    editor, loaded = office_editor(qtbot, book)
    editor.name_en_edit.setText("Typed here")
    changed = dataclasses.replace(
        _renamed(loaded, "Changed elsewhere"), channels=loaded.channels[:1]
    )
    elsewhere.save(changed)
    editor.accept()
    assert editor.conflict_box.isVisible()
    qtbot.mouseClick(editor.reload_button, Qt.MouseButton.LeftButton)
    assert editor.isVisible() and not editor.conflict_box.isVisible()
    assert editor.save_error.text() == "" or not editor.save_error.isVisible()
    assert editor.name_en_edit.text() == "Changed elsewhere"
    assert editor.channel_table.rowCount() == 1
    editor.margin_spin.setValue(10)
    with qtbot.waitSignal(editor.saved, timeout=1000):
        qtbot.mouseClick(ok_button(editor), Qt.MouseButton.LeftButton)
    stored = book.get("moscow-office")
    assert stored is not None
    assert (stored.display_name("en"), stored.margin_minutes) == ("Changed elsewhere", 10)
    assert [c.id for c in stored.channels] == ["phone"]


def test_overwrite_does_not_hide_a_newer_change(
    qtbot: QtBot, book: ContactBook, elsewhere: ContactBook
) -> None:
    editor, loaded = office_editor(qtbot, book)
    elsewhere.save(_renamed(loaded, "First change"))
    editor.accept()
    assert editor.conflict_box.isVisible()
    elsewhere.save(_renamed(loaded, "Second change"))
    editor.overwrite()
    assert editor.isVisible()
    stored = book.get("moscow-office")
    assert stored is not None and stored.display_name("en") == "Second change"
    with qtbot.waitSignal(editor.saved, timeout=1000):
        editor.overwrite()
    assert book.get("moscow-office") == loaded


def test_a_new_contact_created_or_deleted_elsewhere(
    qtbot: QtBot, book: ContactBook, elsewhere: ContactBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = open_editor(qtbot, book)
    fill_minimal(qtbot, editor)
    assert ok_button(editor).isEnabled()
    elsewhere.save(make_contact({"id": "agent", "name": {"en": "Theirs"}}))
    # The other save lands between the form's last check and this one's.
    monkeypatch.setattr(editor, "contact_mapping", lambda: {"id": "agent", "name": {"en": "A"}})
    editor.accept()
    assert editor.isVisible()
    assert "A contact with this id was just created elsewhere" in editor.save_error.text()
    assert editor.id_error.text() == "A contact with this id already exists."
    assert not ok_button(editor).isEnabled() and not editor.conflict_box.isVisible()
    assert editor.name_en_edit.text() == "Agent"
    theirs = book.get("agent")
    assert theirs is not None and theirs.display_name("en") == "Theirs"

    editor = open_editor(qtbot, book, theirs)
    editor.name_en_edit.setText("Mine")
    elsewhere.delete("agent")
    editor.accept()
    assert editor.isVisible()
    assert "This contact was deleted elsewhere" in editor.save_error.text()
    assert editor.conflict_box.isVisible() and not editor.reload_button.isVisible()
    with qtbot.waitSignal(editor.saved, timeout=1000):
        qtbot.mouseClick(editor.overwrite_button, Qt.MouseButton.LeftButton)
    mine = book.get("agent")
    assert mine is not None and mine.display_name("en") == "Mine"


# -- problems the core reports with their field ---------------------------------------------------
