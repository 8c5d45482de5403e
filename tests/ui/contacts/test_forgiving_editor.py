"""The contact editor forgives (issue 12): quiet until typed in, ids from the name, hours and
zones as people write them, kinds in the UI language."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox
from pytestqt.qtbot import QtBot

from contact_fixtures import type_chinese
from faqdesk.core.contacts.book import ContactBook
from faqdesk.ui.common import i18n
from faqdesk.ui.contacts.channel_table import COL_ID, COL_KIND, COL_VALUE
from faqdesk.ui.contacts.editor import ContactEditor
from faqdesk.ui.contacts.error_label import ErrorLabel


@pytest.fixture
def editor(qtbot: QtBot, book: ContactBook) -> ContactEditor:
    dialog = ContactEditor(book)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_a_new_contact_shows_no_error_before_typing(editor: ContactEditor) -> None:
    shown = [label.objectName() for label in editor.findChildren(ErrorLabel) if label.isVisible()]
    assert shown == []
    ok = editor.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # yet nothing can be saved


def test_the_id_is_made_from_a_chinese_name_and_hidden_under_advanced(
    editor: ContactEditor, qtbot: QtBot, book: ContactBook
) -> None:
    assert not editor.id_edit.isVisible()
    assert editor.advanced_check.text() == "Advanced"
    type_chinese(editor.name_zh_edit, "王经理")
    assert editor.id_edit.text() == "wang-jing-li"
    assert not editor.id_error.isVisible()
    qtbot.keyClicks(editor.hours_edits["mon-fri"], "9-18")
    editor.channel_table.add_channel("", "phone", "+86 755 0000 0000")
    with qtbot.waitSignal(editor.saved, timeout=1000):
        qtbot.mouseClick(
            editor.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
        )
    saved = book.get("wang-jing-li")
    assert saved is not None and saved.display_name("zh") == "王经理"
    assert saved.hours is not None and saved.hours.to_mapping() == {"mon-fri": "09:00-18:00"}


def test_the_id_stops_following_the_name_once_typed(editor: ContactEditor, qtbot: QtBot) -> None:
    editor.advanced_check.setChecked(True)
    assert editor.id_edit.isVisible() and not editor.channel_table.isColumnHidden(COL_ID)
    qtbot.keyClicks(editor.id_edit, "my-agent")
    qtbot.keyClicks(editor.name_en_edit, "Someone else")
    assert editor.id_edit.text() == "my-agent"


@pytest.mark.parametrize(
    "typed", ["9-18", "9:00–18:00", "09.00-18.00", "９：００至１８：００", "9到18"]
)
def test_hours_are_read_as_typed_and_shown_normalised(
    editor: ContactEditor, qtbot: QtBot, typed: str
) -> None:
    qtbot.keyClicks(editor.name_en_edit, "Agent")
    edit = editor.hours_edits["mon-fri"]
    edit.setText(typed)
    edit.textEdited.emit(typed)
    assert not editor.hours_errors["mon-fri"].isVisible()
    edit.editingFinished.emit()
    assert edit.text() == "09:00-18:00"
    assert editor.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


@pytest.mark.parametrize(
    ("city", "zone"),
    [("北京", "Asia/Shanghai"), ("Novosibirsk", "Asia/Novosibirsk"), ("莫斯科", "Europe/Moscow")],
)
def test_the_zone_accepts_a_city(editor: ContactEditor, qtbot: QtBot, city: str, zone: str) -> None:
    qtbot.keyClicks(editor.name_en_edit, "Agent")
    editor.tz_combo.setCurrentText(city)
    assert not editor.tz_error.isVisible()
    mapping = editor.contact_mapping()
    assert mapping is not None and mapping["tz"] == zone


def test_channel_kinds_are_named_in_chinese(qtbot: QtBot, book: ContactBook) -> None:
    try:
        assert i18n.set_language("zh")
        dialog = ContactEditor(book)
        qtbot.addWidget(dialog)
        row = dialog.channel_table.add_channel("", "ticket", "https://seller.ozon.ru")
        combo = dialog.channel_table.cellWidget(row, COL_KIND)
        assert isinstance(combo, QComboBox)
        assert combo.currentText() == "工单" and combo.currentData() == "ticket"
        assert dialog.advanced_check.text() == "高级"
    finally:
        i18n.set_language("en")


def test_one_form_per_channel_shows_a_web_address_whole(qtbot: QtBot, book: ContactBook) -> None:
    ozon = book.get("ozon-seller-support")
    assert ozon is not None
    dialog = ContactEditor(book, ozon)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.channel_table
    assert table.rowCount() == len(ozon.channels)
    value = table.item(0, COL_VALUE)
    assert value is not None and value.text() == "https://seller.ozon.ru"
    assert value.width() > value.fontMetrics().horizontalAdvance(value.text()) + 8
    assert table.isColumnHidden(COL_ID)
    dialog.advanced_check.setChecked(True)
    channel_id = table.item(0, COL_ID)
    assert channel_id is not None and channel_id.isVisible() and channel_id.text() == "ticket"
