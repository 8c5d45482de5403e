"""One contact in the dock: its header, its cards in a useful order, the empty ones folded.

Order (issue 12): filled-in channels one can call first, then written channels, then the
channels not filled in yet, folded into one line ("3 channels not filled in yet — fill in")
that opens them, each with an inline field to fill it in. Notes fold to two lines with "More".
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from faqdesk.core import text
from faqdesk.core.contacts.calltime import is_stale
from faqdesk.core.contacts.model import Channel, Contact, pick_text
from faqdesk.core.contacts.zones import local_date, zone_display
from faqdesk.ui.contacts.channel_card import (
    ChannelCard,
    ChannelCardState,
    UrlOpener,
    set_shown,
    set_text,
)
from faqdesk.ui.contacts.fill_in import FillIn
from faqdesk.ui.contacts.header import ContactHeader
from faqdesk.ui.contacts.models import clock_reading

#: Notes longer than this (or with a line break) fold to two lines.
_FOLD_AFTER = 90


def ordered_channels(contact: Contact) -> tuple[list[Channel], list[Channel]]:
    """(the filled-in channels, calls before written ones; the channels not filled in)."""
    filled = [channel for channel in contact.channels if channel.value.strip()]
    missing = [channel for channel in contact.channels if not channel.value.strip()]
    filled.sort(key=lambda channel: channel.kind.is_written)  # stable: file order otherwise
    return filled, missing


def _has_phone(contact: Contact) -> bool:
    """True when the contact has a filled-in channel one can call."""
    return any(ch.value.strip() and not ch.kind.is_written for ch in contact.channels)


def in_panel_order(contacts: list[Contact]) -> list[Contact]:
    """Contacts one can call first (in the book's order), then the others (issue 12)."""
    return sorted(contacts, key=lambda contact: not _has_phone(contact))


def haystack(contact: Contact) -> str:
    """What the panel's filter searches in: names, id, channel values and labels, folded."""
    parts = [contact.id, *contact.name.values()]
    for channel in contact.channels:
        parts.extend([channel.value, *channel.label.values()])
    return "\n".join(parts).casefold()


def _tr(source: str) -> str:
    return QCoreApplication.translate("ContactPanel", source)


def _blank_state(contact: Contact, channel: Channel) -> ChannelCardState:
    return ChannelCardState(
        contact_id=contact.id,
        channel_id=channel.id,
        kind=channel.kind.value,
        title="",
        value=channel.value,
        status="unknown",
    )


class ContactSection(QFrame):
    """``objectName`` ``contactSection-<id>``."""

    editRequested = Signal(str)  # contact id
    copied = Signal(str)
    selected = Signal(str, str)  # contact id, channel id
    fillSubmitted = Signal(str, str, str, str)  # contact id, channel id, value, source

    def __init__(self, contact: Contact, opener: UrlOpener, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.contact_id = contact.id
        self.setObjectName(f"contactSection-{contact.id}")
        self.header = ContactHeader(contact.id, self)
        self.header.edit_button.clicked.connect(lambda: self.editRequested.emit(self.contact_id))
        self.notes_toggle = QPushButton(self)
        self.notes_toggle.setObjectName("notesMore")
        self.notes_toggle.setFlat(True)
        self.notes_toggle.setCheckable(True)
        self.notes_toggle.toggled.connect(lambda _on: self._fold_notes())
        notes_row = QHBoxLayout()
        notes_row.setContentsMargins(0, 0, 0, 0)
        notes_row.addStretch(1)
        notes_row.addWidget(self.notes_toggle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.header)
        layout.addLayout(notes_row)
        self.cards: dict[str, ChannelCard] = {}
        self.fill_ins: dict[str, FillIn] = {}
        filled, missing = ordered_channels(contact)
        for channel in filled:
            layout.addWidget(self._card(contact, channel, opener))
        self.missing_toggle = QPushButton(self)
        self.missing_toggle.setObjectName("missingToggle")
        self.missing_toggle.setFlat(True)
        self.missing_toggle.setCheckable(True)
        self.missing_toggle.setVisible(bool(missing))
        self.missing_box = QWidget(self)
        self.missing_box.setObjectName("missingChannels")
        self.missing_box.setVisible(False)
        missing_layout = QVBoxLayout(self.missing_box)
        missing_layout.setContentsMargins(0, 0, 0, 0)
        missing_layout.setSpacing(4)
        for channel in missing:
            missing_layout.addWidget(self._card(contact, channel, opener))
            fill = FillIn(channel.id, channel.kind, self.missing_box)
            fill.submitted.connect(
                lambda channel_id, value, source: self.fillSubmitted.emit(
                    self.contact_id, channel_id, value, source
                )
            )
            self.fill_ins[channel.id] = fill
            missing_layout.addWidget(fill)
        self.missing_toggle.toggled.connect(self.show_missing)
        layout.addWidget(self.missing_toggle)
        layout.addWidget(self.missing_box)
        self._lang = "en"

    def _card(self, contact: Contact, channel: Channel, opener: UrlOpener) -> ChannelCard:
        card = ChannelCard(_blank_state(contact, channel), opener=opener, parent=self)
        card.editRequested.connect(self.editRequested)
        card.copied.connect(self.copied)
        card.selected.connect(self.selected)
        self.cards[channel.id] = card
        return card

    def show_missing(self, shown: bool = True) -> None:
        """Open (or fold) the channels not filled in yet."""
        if self.missing_toggle.isChecked() != shown:
            self.missing_toggle.setChecked(shown)
            return
        self.missing_box.setVisible(shown)
        if shown and self.fill_ins:
            next(iter(self.fill_ins.values())).value_edit.setFocus()

    def retranslate(self, lang: str, edit_text: str) -> None:
        self._lang = lang
        set_text(self.header.edit_button, edit_text)
        count = len(self.fill_ins)
        set_text(self.missing_toggle, text.render("contacts.panel.missing", lang, count=count))
        for fill in self.fill_ins.values():
            fill.retranslate(lang)
        self._fold_notes()

    def fill(self, contact: Contact, now: datetime, lang: str) -> None:
        """Show the contact's name, zone and local time, notes and a stale-details warning."""
        header = self.header
        set_text(header.name_label, contact.display_name(lang))
        reading = clock_reading(now, contact.tz, lang)
        set_text(
            header.zone_label,
            _tr("{zone} ({abbr}), local time {time}").format(
                zone=zone_display(contact.tz, lang), abbr=reading.zone_text, time=reading.time_text
            ),
        )
        notes = pick_text(contact.notes, lang)
        if header.notes_label.text() != notes:
            header.notes_label.setText(notes)
            self._fold_notes()
        set_shown(header.notes_label, bool(notes))
        stale = is_stale(contact, local_date(now, contact.tz))
        if stale and contact.verified is not None:
            warning = _tr(
                "Details last checked on {date}, more than 180 days ago; they may be out of date."
            ).format(date=contact.verified.isoformat())
            set_text(header.stale_label, "⚠ " + warning)
        set_shown(header.stale_label, stale)

    def refold(self) -> None:
        """Fold the notes again after their text changed."""
        self._fold_notes()

    def _fold_notes(self) -> None:
        notes = self.header.notes_label
        long = len(notes.text()) > _FOLD_AFTER or "\n" in notes.text()
        set_shown(self.notes_toggle, long and bool(notes.text()))
        unfolded = self.notes_toggle.isChecked() or not long
        key = "contacts.panel.less" if self.notes_toggle.isChecked() else "contacts.panel.more"
        set_text(self.notes_toggle, text.render(key, self._lang))
        notes.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        lines = notes.fontMetrics().lineSpacing() * 2 + 1
        notes.setMaximumHeight(16_777_215 if unfolded else lines)

    def set_highlighted(self, card: ChannelCard | None) -> None:
        """Frame ``card`` (the verdict's) and no other card of this contact."""
        for each in self.cards.values():
            wanted = f"QFrame#{each.objectName()} {{ border: 2px solid palette(highlight); }}"
            sheet = wanted if each is card else ""
            if each.styleSheet() != sheet:
                each.setStyleSheet(sheet)
