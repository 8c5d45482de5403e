"""The contact panel over someone else's contacts.sqlite3: it says which file and what to do,
and the file stays byte-identical (the hostile tester's defect 2)."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from pytestqt.qtbot import QtBot

from faqdesk.ui.common.clock import ManualClock
from faqdesk.ui.contacts.panel import ContactPanel
from faqdesk.ui.settings.store import Settings


def test_the_panel_names_the_foreign_file_and_leaves_it_alone(
    qtbot: QtBot, settings: Settings, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    path = data / "contacts.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
        connection.execute("INSERT INTO contacts VALUES ('Иван', '+7 913 555-01-02')")
    connection.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    clock = ManualClock(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
    panel = ContactPanel(clock, settings, data)
    clock.setParent(panel)
    qtbot.addWidget(panel)
    panel.show()
    text = panel.message_label.text()
    assert f"{path} is not a FAQDesk contacts database" in text
    assert "Move or rename that file" in text and panel.message_label.isVisible()
    assert panel.book.read_only
    panel.close()
    panel.book.close()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in data.iterdir()) == ["contacts.sqlite3"]
