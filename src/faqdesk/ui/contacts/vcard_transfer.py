"""vCard import and export from the contact panel: the file dialog, the book's import or export,
and the sentence the panel shows afterwards. (The sentences keep the panel's translation
context, ``ContactPanel``.)"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from faqdesk.core.contacts.book import ContactBook, ContactBookError
from faqdesk.core.contacts.import_writes import ImportInterrupted
from faqdesk.core.log import get_logger

log = get_logger("ui.contacts")


def import_vcard(
    parent: QWidget, book: ContactBook, path: Path | None, lang: str
) -> tuple[int, str | None]:
    """Import a vCard file (asks for it when ``path`` is None) into ``book``: the number of
    contacts imported and what to tell the user (None: the user cancelled)."""
    if path is None:
        chosen, _filter = QFileDialog.getOpenFileName(
            parent,
            QCoreApplication.translate("ContactPanel", "Import contacts"),
            "",
            QCoreApplication.translate("ContactPanel", "vCard files (*.vcf *.vcard)"),
        )
        if not chosen:
            return 0, None
        path = Path(chosen)
    try:
        plan, done = book.import_file(path)
    except (OSError, ValueError, ContactBookError, ImportInterrupted) as exc:
        log.warning("vCard import from %s failed: %s", path, exc)
        text = QCoreApplication.translate("ContactPanel", "Could not import {file}: {error}")
        return 0, text.format(file=path.name, error=exc)
    problems = plan.all_problems()
    text = QCoreApplication.translate("ContactPanel", "Imported {count} contacts from {file}.")
    text = text.format(count=len(done.ids), file=path.name)
    if problems:
        skipped = QCoreApplication.translate("ContactPanel", "Skipped: {problems}")
        text += " " + skipped.format(problems="; ".join(p.line(lang) for p in problems))
    return len(done.ids), text


def export_vcard(parent: QWidget, book: ContactBook, path: Path | None) -> tuple[bool, str | None]:
    """Export every contact of ``book`` to a vCard file (asks for it when ``path`` is None):
    whether it was written and what to tell the user (None: the user cancelled)."""
    if path is None:
        chosen, _filter = QFileDialog.getSaveFileName(
            parent,
            QCoreApplication.translate("ContactPanel", "Export contacts"),
            "contacts.vcf",
            QCoreApplication.translate("ContactPanel", "vCard files (*.vcf)"),
        )
        if not chosen:
            return False, None
        path = Path(chosen)
    try:
        book.export_vcard(path)
    except (OSError, ValueError, ContactBookError) as exc:
        log.warning("vCard export to %s failed: %s", path, exc)
        text = QCoreApplication.translate("ContactPanel", "Could not export to {file}: {error}")
        return False, text.format(file=path.name, error=exc)
    text = QCoreApplication.translate("ContactPanel", "Exported the contacts to {file}.")
    return True, text.format(file=path.name)
