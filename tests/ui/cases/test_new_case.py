"""The New case form in Chinese: channel names, and a store that cannot save says why in
Chinese."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
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


def test_a_clock_far_behind_the_opening_is_named_in_chinese(qtbot: QtBot, tmp_path: Path) -> None:
    def behind() -> datetime:  # the store's clock says it is two days earlier
        return THURSDAY_NOON_MSK - timedelta(days=2)

    with CaseStore.open(tmp_path, clock=behind) as store:
        dialog = _dialog(qtbot, store)
        dialog.edits["posting"].setText("12345678-0001-1")
        assert dialog.save() is None
        assert dialog.error_label.text() == (
            "创建时间: 2026-11-26 09:00 UTC 比现在（2026-11-24 09:00 UTC）"
            "晚了一天以上；请您检查日期"
        )
        assert store.cases() == []
