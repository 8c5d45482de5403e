"""vCard and CSV import and vCard export from the contact panel: the file dialog, the import
preview (:mod:`~faqdesk.ui.contacts.import_preview`) or the book's export, and the sentence the
panel shows afterwards. (The panel's own sentences keep its translation context,
``ContactPanel``.)

After an import the panel is refreshed and, when it offers ``reveal_contacts(ids)``, scrolled
to the new contacts. The last import of each book can be undone (:func:`undo_last_import`).
"""

from __future__ import annotations

import weakref
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFileDialog, QWidget

from faqdesk.core.contacts.book import ContactBook, ContactBookError
from faqdesk.core.contacts.import_writes import ImportDone, ImportInterrupted
from faqdesk.core.contacts.importing import problem_line
from faqdesk.core.log import get_logger
from faqdesk.core.text import render
from faqdesk.ui.contacts.import_preview import ImportPreview, undo_text

log = get_logger("ui.contacts")

_LAST_IMPORT: weakref.WeakKeyDictionary[ContactBook, ImportDone] = weakref.WeakKeyDictionary()


def _home_tz(home_tz: str | None) -> str:
    if home_tz:
        return home_tz
    from faqdesk.ui.settings.store import system_timezone_name

    return system_timezone_name()


def after_import(panel: QWidget, book: ContactBook, done: ImportDone) -> None:
    """Remember ``done`` for undo, refresh the panel and show it the new contacts."""
    _LAST_IMPORT[book] = done
    refresh = getattr(panel, "refresh", None)
    if callable(refresh):
        refresh()
    reveal = getattr(panel, "reveal_contacts", None)  # the contact panel's, when it has one
    if callable(reveal) and done.ids:
        reveal(list(done.ids))


def open_preview(
    parent: QWidget, book: ContactBook, path: Path, lang: str, home_tz: str | None = None
) -> ImportPreview:
    """Open the import preview of ``path`` (not modal); the import runs from there."""
    dialog = ImportPreview(book, path, home_tz=_home_tz(home_tz), lang=lang, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.imported.connect(lambda done: after_import(parent, book, done))
    dialog.undone.connect(lambda _result: _forget(parent, book))
    dialog.open()
    return dialog


def _forget(panel: QWidget, book: ContactBook) -> None:
    _LAST_IMPORT.pop(book, None)
    refresh = getattr(panel, "refresh", None)
    if callable(refresh):
        refresh()


def undo_last_import(
    panel: QWidget, book: ContactBook, lang: str, *, restore_replaced: bool = True
) -> str:
    """Undo the last import into ``book``: what it added goes and what it replaced is put back
    (the import was the user's explicit choice, so is undoing it), each only while the contact
    is still as the import wrote it. The import is forgotten only once something was undone
    (or nothing of it is left); returns what to tell the user."""
    done = _LAST_IMPORT.get(book)
    if done is None:
        return render("import.ui.nothing_to_undo", lang)
    try:
        result = book.undo_import(done, restore_replaced=restore_replaced)
    except ContactBookError as exc:
        return render("import.ui.failed", lang, error=exc)
    if result.removed or result.restored or not result.kept:
        _forget(panel, book)
    return undo_text(result, lang)


def import_vcard(
    parent: QWidget, book: ContactBook, path: Path | None, lang: str, home_tz: str | None = None
) -> tuple[int, str | None]:
    """Import contacts into ``book``. Without ``path``: ask for a vCard or CSV file and open
    the import preview (it imports in the background); returns ``(0, None)``. With ``path``
    (scripts and tests): import it at once, never replacing a contact: the number of contacts
    imported and what to tell the user."""
    if path is None:
        chosen, _filter = QFileDialog.getOpenFileName(
            parent,
            QCoreApplication.translate("ContactPanel", "Import contacts"),
            "",
            render("import.ui.file_filter", lang),
        )
        if chosen:
            open_preview(parent, book, Path(chosen), lang, home_tz)
        return 0, None
    try:
        plan, done = book.import_file(path, home_tz=_home_tz(home_tz))
    except (OSError, ValueError, ContactBookError, ImportInterrupted) as exc:
        log.warning("vCard import from %s failed: %s", path, exc)
        text = QCoreApplication.translate("ContactPanel", "Could not import {file}: {error}")
        return 0, text.format(file=path.name, error=exc)
    if done.ids:
        _LAST_IMPORT[book] = done  # the panel refreshes itself
    problems = plan.all_problems()
    text = QCoreApplication.translate("ContactPanel", "Imported {count} contacts from {file}.")
    text = text.format(count=len(done.ids), file=path.name)
    if problems:
        skipped = QCoreApplication.translate("ContactPanel", "Skipped: {problems}")
        text += " " + skipped.format(problems="; ".join(problem_line(p, lang) for p in problems))
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
