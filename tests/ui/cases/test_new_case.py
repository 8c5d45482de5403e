"""The New case form in Chinese: channel names, and a store that cannot save says why in
Chinese."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pytestqt.qtbot import QtBot

from case_fixtures import THURSDAY_NOON_MSK, desk, mailbox
from clock_fixtures import fixed_clock
from faqdesk.core.cases.store import DB_NAME, CaseStore
from faqdesk.ui.cases.new_case import NewCaseDialog
from faqdesk.ui.common.clock import ManualClock


def _dialog(qtbot: QtBot, store: CaseStore) -> NewCaseDialog:
    clock = ManualClock(THURSDAY_NOON_MSK)
    dialog = NewCaseDialog(store, [desk(), mailbox()], clock, "zh")
    clock.setParent(dialog)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_channels_are_named_in_chinese_without_raw_kinds(qtbot: QtBot, tmp_path: Path) -> None:
    with CaseStore.open(tmp_path, clock=fixed_clock) as store:
        dialog = _dialog(qtbot, store)
        shown = [dialog.channel.itemText(i) for i in range(dialog.channel.count())]
        assert shown == ["工单", "聊天", "电话"]
        dialog.edits["posting"].setText("12345678-0001-1")
        case = dialog.save()
        assert case is not None and case.channel == "ticket"


def test_a_store_that_cannot_save_says_so_in_chinese(qtbot: QtBot, tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / DB_NAME) as connection:
        connection.execute("CREATE TABLE cases (id INTEGER PRIMARY KEY, court TEXT)")
    connection.close()
    with CaseStore.open(tmp_path, clock=fixed_clock) as store:
        dialog = _dialog(qtbot, store)
        dialog.edits["posting"].setText("12345678-0001-1")
        assert dialog.save() is None
        message = dialog.error_label.text()
        assert message.startswith("无法修改您的工单：") and "不是 FAQDesk 的工单数据库" in message
        assert "cannot change" not in message and "UNIQUE" not in message
