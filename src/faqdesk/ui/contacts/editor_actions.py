"""The contact editor's answers when the contact changed elsewhere, and deleting it.

A mixin of :class:`~faqdesk.ui.contacts.editor.ContactEditor` (put before ``QDialog``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QMessageBox

from faqdesk.core.contacts.book import ContactBook, ContactBookError, contact_stamp
from faqdesk.core.contacts.model import Contact
from faqdesk.core.log import get_logger
from faqdesk.ui.contacts.conflict_box import ConflictBox
from faqdesk.ui.contacts.error_label import ErrorLabel

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog, QLineEdit, QPushButton

    _Base = QDialog
else:
    _Base = object

log = get_logger("ui.contact_editor")


def _tr(source: str) -> str:
    """The editor's own translations (context ``ContactEditor``)."""
    return QCoreApplication.translate("ContactEditor", source)


class EditorActions(_Base):
    """Reload or overwrite after a conflict; delete (or undo the user's edit of) the contact."""

    deleted: Signal
    _book: ContactBook
    _original: Contact | None
    _expected: str
    _conflict_stamp: str | None
    save_error: ErrorLabel
    conflict_box: ConflictBox
    reload_button: QPushButton
    delete_button: QPushButton
    id_edit: QLineEdit
    name_en_edit: QLineEdit

    def validate(self) -> bool:
        raise NotImplementedError

    def retranslate(self) -> None:
        raise NotImplementedError

    def _fill(self, contact: Contact | None) -> None:
        raise NotImplementedError

    # -- changed elsewhere -----------------------------------------------------------------------
    def _show_conflict(self, contact_id: str) -> None:
        current = self._book.get(contact_id)
        self._conflict_stamp = contact_stamp(current)
        log.info("contact %s was changed elsewhere while being edited", contact_id)
        self.save_error.show_error(self.conflict_box.explain(current, new=self._original is None))
        if self._original is None and current is not None:
            self.validate()  # shows "exists" under the id and disables OK
            return
        self.reload_button.setVisible(current is not None)
        self.conflict_box.setVisible(True)

    def overwrite(self) -> None:
        """Save what was entered over the version found by the failed save (not over any
        newer one: a change made after that is reported again)."""
        if self._conflict_stamp is None:
            return
        self._expected = self._conflict_stamp
        self.accept()

    def reload_contact(self) -> None:
        """Show the contact as stored now, dropping what was entered."""
        contact_id = self.id_edit.text().strip()
        current = self._book.get(contact_id) if contact_id else None
        if current is None:
            return
        self._original = current
        self._expected = contact_stamp(current)
        self._conflict_stamp = None
        self._fill(current)
        self.delete_button.setVisible(True)
        self.conflict_box.setVisible(False)
        self.save_error.show_error("")
        self.retranslate()

    def _is_bundled(self) -> bool:
        return self._original is not None and self._book.is_bundled(self._original.id)

    def _ask_delete(self) -> None:
        if self._original is None:
            return
        name = self._original.display_name("en" if self.name_en_edit.text() else "zh")
        if self._is_bundled():
            title = _tr("Undo my changes")
            question = _tr(
                "Forget your changes to {name} and show it as shipped with FAQDesk?"
            ).format(name=name)
        else:
            title = _tr("Delete contact")
            question = _tr("Delete {name} and all its channels?").format(name=name)
        answer = QMessageBox.question(self, title, question)
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_contact()

    def delete_contact(self) -> bool:
        """Delete the edited contact from the book (after the user confirmed)."""
        if self._original is None:
            return False
        try:
            self._book.delete(self._original.id)
        except (ContactBookError, OSError) as exc:  # keep the dialog and what was typed
            log.warning("deleting contact %s failed: %s", self._original.id, exc)
            self.save_error.show_error(
                _tr("Could not delete the contact: {error}").format(error=exc)
            )
            return False
        self.deleted.emit(self._original.id)
        super().accept()
        return True
