"""The import preview (issue 18.4, issue 10 point 10): what will be added, skipped or is
problematic with its zone, check boxes, Import in the background with Cancel, Undo."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QWidget
from pytestqt.qtbot import QtBot

from clock_fixtures import fixed_clock
from contact_db_fixtures import damage_one_table_leaf, fill
from contact_fixtures import make_contact
from faqdesk.core.contacts.book import ContactBook
from faqdesk.ui.common.clock import ManualClock
from faqdesk.ui.contacts import vcard_transfer
from faqdesk.ui.contacts.import_preview import ImportPreview
from faqdesk.ui.contacts.panel import ContactPanel
from faqdesk.ui.settings.store import Settings

CARDS = """BEGIN:VCARD
VERSION:2.1
FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E7=8E=8B=E7=BB=8F=E7=90=86=
=EF=BC=88=E6=B7=B1=E5=9C=B3=EF=BC=89
TEL;CELL:+86 138 0013 8000
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:<b>Bold</b> Anna
EMAIL:anna@example.com
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Mine again
TEL:+86 755 1234 5678
X-FAQDESK-ID:my-forwarder
END:VCARD
BEGIN:VCARD
VERSION:3.0
NOTE:nothing to call
END:VCARD
"""

MINE = {
    "id": "my-forwarder",
    "name": {"zh": "我的货代"},
    "tz": "Asia/Shanghai",
    "channels": [{"id": "phone", "kind": "phone", "value": "+86 755 1234 5678"}],
}

PreviewFactory = Callable[..., ImportPreview]


@pytest.fixture
def book(tmp_path: Path) -> Iterator[ContactBook]:
    with ContactBook.open(tmp_path / "data", clock=fixed_clock) as opened:
        opened.save(make_contact(MINE))
        yield opened


@pytest.fixture
def make_preview(qtbot: QtBot, book: ContactBook, tmp_path: Path) -> PreviewFactory:
    def make(text: str = CARDS, name: str = "phone.vcf", lang: str = "en") -> ImportPreview:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        preview = ImportPreview(book, path, home_tz="Europe/Moscow", lang=lang)
        qtbot.addWidget(preview)
        preview.show()
        qtbot.waitUntil(lambda: preview.state() == "ready", timeout=10_000)
        return preview

    return make


def _column(preview: ImportPreview, column: int) -> list[str]:
    model = preview.model
    return [str(model.data(model.index(row, column))) for row in range(model.rowCount())]


def test_the_preview_lists_what_will_happen_with_zones(make_preview: PreviewFactory) -> None:
    preview = make_preview()
    assert _column(preview, 0) == [
        "王经理（深圳）",
        "<b>Bold</b> Anna",
        "Mine again",
        "phone.vcf: card #4 (line 18)",
    ]
    assert _column(preview, 1) == [
        "Added",
        "Added",
        "Added as a new contact (carries the id of my-forwarder)",
        "Cannot be used",
    ]
    assert _column(preview, 2)[:2] == [
        "Asia/Shanghai (from the phone number +86 138 0013 8000)",
        "Europe/Moscow (your own zone: neither the card nor a phone number tells one)",
    ]
    assert "no name and no phone" in _column(preview, 3)[3]
    assert preview.replace_check.isVisible()  # a card carries an existing id
    assert "3 to add, 0 to replace, 0 already present, 1 cannot be used" in (
        preview.summary_label.text()
    )
    assert preview.summary_label.textFormat() == Qt.TextFormat.PlainText


def test_import_only_the_checked_cards_then_undo(
    make_preview: PreviewFactory, book: ContactBook, qtbot: QtBot
) -> None:
    preview = make_preview()
    before = book.contacts()
    model = preview.model
    model.setData(model.index(1, 0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert model.chosen() == [0, 2]
    assert not model.flags(model.index(3, 0)) & Qt.ItemFlag.ItemIsUserCheckable
    with qtbot.waitSignal(preview.imported, timeout=10_000) as blocker:
        qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
    done = blocker.args[0]
    assert done.added == ("wang-jing-li-shen-zhen", "mine-again")
    assert book.get("my-forwarder") == before[-1]  # never replaced unasked
    assert book.get("b-bold-b-anna") is None  # unticked
    assert preview.undo_button.isVisible()
    assert "Imported 2 contact(s) from phone.vcf" in preview.summary_label.text()
    with qtbot.waitSignal(preview.undone, timeout=1000):
        qtbot.mouseClick(preview.undo_button, Qt.MouseButton.LeftButton)
    assert book.contacts() == before  # exactly what the import added is gone
    assert "2 contact(s) removed" in preview.summary_label.text()


def test_replace_when_asked_and_undo_puts_the_contact_back(
    make_preview: PreviewFactory, book: ContactBook, qtbot: QtBot
) -> None:
    preview = make_preview()
    before = book.get("my-forwarder")
    preview.replace_check.setChecked(True)  # plans again
    qtbot.waitUntil(lambda: preview.state() == "ready", timeout=10_000)
    assert _column(preview, 1)[2] == "Replaces my-forwarder"
    with qtbot.waitSignal(preview.imported, timeout=10_000):
        preview.start_import()
    replaced = book.get("my-forwarder")
    assert replaced is not None and replaced.display_name("en") == "Mine again"
    assert preview.restore_check.isVisible()
    preview.restore_check.setChecked(True)
    preview.undo()
    assert book.get("my-forwarder") == before


def test_cancel_leaves_nothing_imported(
    make_preview: PreviewFactory, book: ContactBook, qtbot: QtBot
) -> None:
    preview = make_preview()
    before = book.contacts()
    with book._lock:  # the worker waits here, as it would behind a slow disk
        preview.start_import()
        assert preview.state() == "importing"
        assert preview.progress.isVisible()
        qtbot.mouseClick(preview.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: preview.state() == "ready", timeout=10_000)
    assert "cancelled; nothing was imported" in preview.summary_label.text()
    assert book.contacts() == before
    assert preview.isVisible()  # the user can still import, or close
    preview.reject()  # Escape
    assert not preview.isVisible()


def test_a_csv_shows_its_columns_and_a_change_plans_again(
    make_preview: PreviewFactory, qtbot: QtBot
) -> None:
    preview = make_preview("Who,Number\n王经理,+86 138 0013 8000\n", name="sheet.csv")
    assert preview.mapping_box.isVisible()
    assert preview.column_mapping() == {"Who": "ignore", "Number": "ignore"}
    assert _column(preview, 0) == []
    assert "no column could be matched" in preview.problems_label.text()
    for column, field in (("Who", "name"), ("Number", "phone")):
        combo = preview.findChild(QComboBox, f"importColumn-{column}")
        assert combo is not None
        combo.setCurrentIndex(combo.findData(field))
        qtbot.waitUntil(lambda: preview.state() == "ready", timeout=10_000)
    assert _column(preview, 0) == ["王经理"]
    assert _column(preview, 2) == ["Asia/Shanghai (from the phone number +86 138 0013 8000)"]


def test_the_window_speaks_chinese(make_preview: PreviewFactory) -> None:
    preview = make_preview(lang="zh")
    assert preview.import_button.text() == "导入"
    assert _column(preview, 1)[0] == "添加"
    assert "您" in _column(preview, 2)[1]


class _Panel(QWidget):
    """What the preview needs of the contact panel: refresh, and reveal_contacts if any."""

    def __init__(self) -> None:
        super().__init__()
        self.refreshed = 0
        self.revealed: list[list[str]] = []

    def refresh(self) -> None:
        self.refreshed += 1

    def reveal_contacts(self, ids: list[str]) -> None:
        self.revealed.append(ids)


def test_after_an_import_the_panel_shows_the_new_contacts(
    qtbot: QtBot, book: ContactBook, tmp_path: Path
) -> None:
    panel = _Panel()
    qtbot.addWidget(panel)
    path = tmp_path / "phone.vcf"
    path.write_text(CARDS, encoding="utf-8")
    preview = vcard_transfer.open_preview(panel, book, path, "en", "Europe/Moscow")
    qtbot.waitUntil(lambda: preview.state() == "ready", timeout=10_000)
    with qtbot.waitSignal(preview.imported, timeout=10_000):
        preview.start_import()
    assert panel.refreshed == 1
    assert panel.revealed == [["wang-jing-li-shen-zhen", "b-bold-b-anna", "mine-again"]]
    message = vcard_transfer.undo_last_import(panel, book, "en")
    assert message == "Undone: 3 contact(s) removed, 0 put back as they were."
    assert book.get("b-bold-b-anna") is None and book.get("my-forwarder") is not None
    assert vcard_transfer.undo_last_import(panel, book, "en") == "There is no import to undo."


def test_the_panel_says_how_many_contacts_a_damaged_book_kept(
    qtbot: QtBot, settings: Settings, tmp_path: Path
) -> None:
    data = tmp_path / "damaged"
    fill(data, 120)
    damage_one_table_leaf(data / "contacts.sqlite3")
    clock = ManualClock(datetime(2026, 11, 26, 16, 45, tzinfo=UTC))
    panel = ContactPanel(clock, settings, data)
    clock.setParent(panel)
    qtbot.addWidget(panel)
    panel.show()
    [kept] = data.glob("contacts.sqlite3.corrupt-*")
    text = panel.message_label.text()
    assert "contact(s) were recovered into a fresh database" in text and str(kept) in text
    assert panel.message_label.isVisible()
