"""What the contact editor offers when a save found the contact changed elsewhere."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from faqdesk.core.contacts.model import Contact
from faqdesk.ui.common.panel import Panel


class ConflictBox(Panel, QWidget):
    """Reload and Overwrite buttons (objectName ``conflictBox``), hidden until a conflict."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictBox")
        self.reload_button = QPushButton(self)
        self.reload_button.setObjectName("reloadButton")
        self.reload_button.setAutoDefault(False)
        self.overwrite_button = QPushButton(self)
        self.overwrite_button.setObjectName("overwriteButton")
        self.overwrite_button.setAutoDefault(False)
        buttons = QHBoxLayout(self)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.reload_button)
        buttons.addWidget(self.overwrite_button)
        buttons.addStretch(1)
        self.setVisible(False)
        self.retranslate()

    def explain(self, current: Contact | None, *, new: bool) -> str:
        """What happened, for the save-error line: ``current`` is the contact as stored now
        (None: deleted), ``new`` whether the editor was adding a contact."""
        if current is None:
            return self.tr(
                "This contact was deleted elsewhere (another window or the command line). "
                "Overwrite to save it again with what you entered here."
            )
        if new:
            return self.tr(
                "A contact with this id was just created elsewhere (another window or the "
                "command line); choose another id."
            )
        return self.tr(
            "This contact was changed elsewhere (another window or the command line). Reload "
            "it to see the changes (your edits here are dropped), or overwrite them with what "
            "you entered."
        )

    def retranslate(self) -> None:
        self.reload_button.setText(self.tr("Reload"))
        self.overwrite_button.setText(self.tr("Overwrite"))
