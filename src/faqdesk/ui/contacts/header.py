"""The parts of the contact dock above the cards: a live clock face and a contact's header."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from faqdesk.ui.common.labels import plain_label
from faqdesk.ui.contacts.channel_card import set_text
from faqdesk.ui.contacts.models import ClockReading


class LiveClock(QFrame):
    """One clock face: a caption ("Moscow time"), ``16:45`` large, and the day below."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.caption = QLabel(self)
        self.time_label = QLabel(self)
        self.time_label.setObjectName(f"{object_name}Time")
        font = self.time_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.time_label.setFont(font)
        self.day_label = QLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(0)
        layout.addWidget(self.caption)
        layout.addWidget(self.time_label)
        layout.addWidget(self.day_label)

    def show_reading(self, reading: ClockReading) -> None:
        """Show ``16:45`` and ``Thu 26 Nov, MSK``."""
        set_text(self.time_label, reading.time_text)
        day = QCoreApplication.translate("ContactPanel", "{day}, {zone}")
        set_text(self.day_label, day.format(day=reading.day_text, zone=reading.zone_text))


class ContactHeader(QFrame):
    """A contact's name, zone, a stale-details warning and an Edit button."""

    def __init__(self, contact_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"contactHeader-{contact_id}")
        self.name_label = plain_label(self)
        font = self.name_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.name_label.setFont(font)
        self.name_label.setWordWrap(True)
        self.zone_label = plain_label(self)
        self.stale_label = plain_label(self)
        self.stale_label.setObjectName("staleWarning")
        self.stale_label.setWordWrap(True)
        stale_font = self.stale_label.font()
        stale_font.setBold(True)
        self.stale_label.setFont(stale_font)
        self.notes_label = plain_label(self)
        self.notes_label.setWordWrap(True)
        self.edit_button = QPushButton(self)
        self.edit_button.setObjectName("editContactButton")
        self.edit_button.setAutoDefault(False)
        top = QHBoxLayout()
        top.addWidget(self.name_label, 1)
        top.addWidget(self.edit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 8, 2, 2)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.zone_label)
        layout.addWidget(self.notes_label)
        layout.addWidget(self.stale_label)
