"""File → Undo last import after a replacing import: what the import replaced comes back,
and the import is remembered until something was really undone (the hostile tester's
defect 1)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from pytestqt.qtbot import QtBot

from contact_fixtures import make_contact
from faqdesk.core.contacts.model import Contact
from faqdesk.ui.common.clock import ManualClock
from faqdesk.ui.contacts import vcard_transfer
from faqdesk.ui.contacts.panel import ContactPanel
from faqdesk.ui.settings.store import Settings

FORWARDER = {
    "id": "my-forwarder",
    "name": {"zh": "我的货代"},
    "tz": "Asia/Shanghai",
    "notes": {"zh": "旧的备注"},
    "channels": [{"id": "phone", "kind": "phone", "value": "+86 755 1234 5678"}],
}


def _panel(qtbot: QtBot, settings: Settings, tmp_path: Path) -> ContactPanel:
    clock = ManualClock(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
    panel = ContactPanel(clock, settings, tmp_path / "data")
    clock.setParent(panel)
    qtbot.addWidget(panel)
    panel.show()
    return panel


def _with_notes(panel: ContactPanel, notes: str) -> Contact:
    current = panel.book.get("my-forwarder")
    assert current is not None
    edited = replace(current, notes={"zh": notes})
    panel.book.save(edited)
    return edited


def _import_with_replace(qtbot: QtBot, panel: ContactPanel, path: Path) -> None:
    preview = vcard_transfer.open_preview(panel, panel.book, path, "en", "Europe/Moscow")
    qtbot.waitUntil(lambda: preview.state() == "ready", timeout=10_000)
    preview.replace_check.setChecked(True)  # "replace" ticked in the window: plans again
    qtbot.waitUntil(lambda: preview.state() == "ready", timeout=10_000)
    with qtbot.waitSignal(preview.imported, timeout=10_000):
        preview.start_import()
    assert preview.restore_check.isChecked()  # the window's own Undo puts back too
    preview.close()


def test_undo_last_import_puts_back_what_a_replacing_import_replaced(
    qtbot: QtBot, settings: Settings, tmp_path: Path
) -> None:
    panel = _panel(qtbot, settings, tmp_path)
    book = panel.book
    book.save(make_contact(FORWARDER))
    export = tmp_path / "export.vcf"
    book.export_vcard(export)
    edited = _with_notes(panel, "新的备注：周五前回电")
    _import_with_replace(qtbot, panel, export)
    imported = book.get("my-forwarder")
    assert imported is not None and imported.notes["zh"] == "旧的备注"

    message = panel.undo_import()  # File → Undo last import

    assert message == "Undone: 0 contact(s) removed, 1 put back as they were."
    assert book.get("my-forwarder") == edited  # the newer notes are back
    assert message in panel.message_label.text()
    assert panel.undo_import() == "There is no import to undo."


def test_an_import_that_could_not_be_undone_is_remembered(
    qtbot: QtBot, settings: Settings, tmp_path: Path
) -> None:
    panel = _panel(qtbot, settings, tmp_path)
    book = panel.book
    book.save(make_contact(FORWARDER))
    export = tmp_path / "export.vcf"
    book.export_vcard(export)
    _with_notes(panel, "新的备注")
    _import_with_replace(qtbot, panel, export)
    changed = _with_notes(panel, "导入后又改过")  # changed after the import: undo keeps it

    first = panel.undo_import()

    assert "Kept because they were changed after the import: my-forwarder" in first
    assert book.get("my-forwarder") == changed
    assert panel.undo_import() != "There is no import to undo."  # still there to undo
