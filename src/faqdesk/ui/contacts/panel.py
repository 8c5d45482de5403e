"""The contact dock: live clocks, a card per channel with its call status, and the day timeline.

The panel asks :mod:`faqdesk.core.contacts.calltime` (through :mod:`faqdesk.ui.contacts.models`)
for every status at the one :class:`~faqdesk.ui.common.clock.Clock`'s ``now``. It refreshes on
each minute boundary and, through :meth:`Clock.wake_at`, at the exact instant the
next status changes.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QSignalBlocker, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from faqdesk.core.contacts.book import ContactBook
from faqdesk.core.contacts.calltime import is_stale
from faqdesk.core.contacts.model import Contact, pick_text
from faqdesk.core.contacts.zones import MOSCOW, local_date
from faqdesk.core.log import get_logger
from faqdesk.ui.common.clock import Clock
from faqdesk.ui.common.labels import plain_label
from faqdesk.ui.common.panel import Panel
from faqdesk.ui.contacts import vcard_transfer
from faqdesk.ui.contacts.channel_card import ChannelCard, UrlOpener, set_shown, set_text
from faqdesk.ui.contacts.editor import ContactEditor
from faqdesk.ui.contacts.header import ContactHeader, LiveClock
from faqdesk.ui.contacts.models import (
    ChannelChoice,
    ChannelChoiceModel,
    card_state,
    channel_title,
    clock_reading,
    timeline_data,
)
from faqdesk.ui.contacts.timeline import TimelineData, TimelineView
from faqdesk.ui.settings.store import Settings

log = get_logger("ui.contacts")


class ContactPanel(Panel, QDockWidget):
    """The contacts dock (``objectName`` ``contactPanel``)."""

    def __init__(
        self,
        clock: Clock,
        settings: Settings,
        data_dir: Path | None = None,
        parent: QWidget | None = None,
        *,
        opener: UrlOpener | None = None,
        book: ContactBook | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("contactPanel")
        self.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self._clock = clock
        self._settings = settings
        self._opener: UrlOpener = opener if opener is not None else QDesktopServices.openUrl
        if book is None:
            book = ContactBook.open(data_dir, clock=clock.now)
            self.destroyed.connect(lambda *_args, opened=book: opened.close())
        self._book = book
        self._contacts: list[Contact] = []
        self._cards: dict[tuple[str, str], ChannelCard] = {}
        self._headers: dict[str, ContactHeader] = {}
        self._message = ""
        self._revision = -1
        self._timeline_key: tuple[object, ...] | None = None
        self._timeline_cache = TimelineData()

        self.setWidget(self._build_body())

        clock.minuteChanged.connect(self._on_minute)
        clock.tick.connect(self._on_tick)
        settings.changed.connect(self._on_setting_changed)
        self.retranslate()
        self.refresh()

    def _build_body(self) -> QWidget:
        """The clocks, the filter, the cards and the timeline."""
        body = QWidget(self)
        body.setObjectName("contactPanelBody")
        self.moscow_clock = LiveClock("moscowClock", body)
        self.local_clock = LiveClock("localClock", body)
        clocks = QHBoxLayout()
        clocks.addWidget(self.moscow_clock)
        clocks.addWidget(self.local_clock)
        clocks.addStretch(1)

        self.filter_edit = QLineEdit(body)
        self.filter_edit.setObjectName("contactFilter")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._apply_filter)
        self.add_button = QPushButton(body)
        self.add_button.setObjectName("addContactButton")
        self.add_button.clicked.connect(self.add_contact)
        tools = QHBoxLayout()
        tools.addWidget(self.filter_edit, 1)
        tools.addWidget(self.add_button)

        self.message_label = plain_label(body)
        self.message_label.setObjectName("contactMessages")
        self.message_label.setWordWrap(True)
        self.message_label.setVisible(False)

        self.cards_widget = QWidget()
        self.cards_widget.setObjectName("contactCards")
        self.cards_layout = QVBoxLayout(self.cards_widget)
        self.cards_layout.setContentsMargins(0, 0, 0, 0)
        self.cards_layout.setSpacing(4)
        self.cards_layout.addStretch(1)
        self.empty_label = QLabel(self.cards_widget)
        self.empty_label.setWordWrap(True)
        self.empty_label.setVisible(False)
        self.cards_layout.insertWidget(0, self.empty_label)
        self.cards_scroll = QScrollArea(body)
        self.cards_scroll.setWidgetResizable(True)
        self.cards_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.cards_scroll.setWidget(self.cards_widget)
        self.cards_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.timeline_caption = QLabel(body)
        self.timeline_choice = QComboBox(body)
        self.timeline_choice.setObjectName("timelineChannel")
        self.choice_model = ChannelChoiceModel(self)
        self.timeline_choice.setModel(self.choice_model)
        self.timeline_choice.currentIndexChanged.connect(lambda _index: self._update_timeline())
        self.timeline = TimelineView(body)
        chooser = QHBoxLayout()
        chooser.addWidget(self.timeline_caption)
        chooser.addWidget(self.timeline_choice, 1)

        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(clocks)
        layout.addLayout(tools)
        layout.addWidget(self.message_label)
        layout.addWidget(self.cards_scroll, 1)
        layout.addLayout(chooser)
        layout.addWidget(self.timeline)
        return body

    # -- public API -------------------------------------------------------------------------
    @property
    def book(self) -> ContactBook:
        return self._book

    def card(self, contact_id: str, channel_id: str) -> ChannelCard | None:
        """The card of a channel, or None."""
        return self._cards.get((contact_id, channel_id))

    def cards(self) -> list[ChannelCard]:
        return list(self._cards.values())

    def refresh(self) -> None:
        """Re-read the contacts from the book and rebuild the cards and the timeline."""
        self._revision = self._book.revision()
        self._contacts = list(self._book.contacts())
        self._timeline_key = None  # new contact objects: ask the core for the bands again
        self._rebuild_cards()
        self._update_choices()
        self._update_statuses()
        self._update_messages()

    def add_contact(self) -> ContactEditor:
        """Open the editor for a new contact (non-blocking); the panel refreshes when saved."""
        return self._open_editor(None)

    def edit_contact(self, contact_id: str) -> ContactEditor | None:
        """Open the editor on an existing contact; None when there is no such contact."""
        contact = self._book.get(contact_id)
        if contact is None:
            self._show_message(
                self.tr("The contact {contact} no longer exists.").format(contact=contact_id)
            )
            return None
        return self._open_editor(contact)

    def import_vcard(self, path: Path | None = None) -> int:
        """Import contacts from a vCard file (asks for it when no path is given)."""
        if self._book.read_only:  # nothing could be imported: say so before asking for a file
            self._show_message(self._read_only_text())
            return 0
        imported, message = vcard_transfer.import_vcard(self, self._book, path, self._lang())
        if imported:
            self.refresh()
        if message is not None:
            self._show_message(message)
        return imported

    def export_vcard(self, path: Path | None = None) -> bool:
        """Export every contact to a vCard file (asks for it when no path is given)."""
        written, message = vcard_transfer.export_vcard(self, self._book, path)
        if message is not None:
            self._show_message(message)
        return written

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Contacts and call times"))
        self.moscow_clock.caption.setText(self.tr("Moscow time"))
        self.local_clock.caption.setText(
            self.tr("Your time ({zone})").format(zone=self._settings.home_timezone)
        )
        self.filter_edit.setPlaceholderText(self.tr("Filter contacts…"))
        self.add_button.setText(self.tr("Add contact"))
        self.timeline_caption.setText(self.tr("Day plan for:"))
        self.empty_label.setText(self.tr("No contacts match the filter."))
        self._update_clocks()
        self._update_choices()
        self._update_statuses()
        for header in self._headers.values():
            header.edit_button.setText(self.tr("Edit contact"))
        self._update_messages()

    # -- building ---------------------------------------------------------------------------
    def _lang(self) -> str:
        return self._settings.language

    def _rebuild_cards(self) -> None:
        wanted = [(contact, channel) for contact in self._contacts for channel in contact.channels]
        keys = [(contact.id, channel.id) for contact, channel in wanted]
        headers = [contact.id for contact in self._contacts]
        if keys == list(self._cards.keys()) and headers == list(self._headers.keys()):
            return
        for widget in [*self._cards.values(), *self._headers.values()]:
            self.cards_layout.removeWidget(widget)
            widget.deleteLater()
        self._cards.clear()
        self._headers.clear()
        now = self._clock.now()
        position = 1  # after the empty-state label
        for contact in self._contacts:
            header = ContactHeader(contact.id, self.cards_widget)
            header.edit_button.setText(self.tr("Edit contact"))
            header.edit_button.clicked.connect(
                lambda _checked=False, cid=contact.id: self.edit_contact(cid)
            )
            self._headers[contact.id] = header
            self.cards_layout.insertWidget(position, header)
            position += 1
            for channel in contact.channels:
                state, _changes = card_state(
                    contact, channel, now, self._lang(), self._settings.home_timezone
                )
                card = ChannelCard(state, opener=self._open_url, parent=self.cards_widget)
                card.editRequested.connect(self.edit_contact)
                card.copied.connect(
                    lambda value: self._show_message(
                        self.tr("Copied {value} to the clipboard.").format(value=value)
                    )
                )
                card.selected.connect(self._select_timeline_channel)
                self._cards[(contact.id, channel.id)] = card
                self.cards_layout.insertWidget(position, card)
                position += 1
        self._apply_filter(self.filter_edit.text())

    def _open_url(self, url: QUrl) -> bool:
        return bool(self._opener(url))

    def _update_choices(self) -> None:
        current = self.timeline_choice.currentData(Qt.ItemDataRole.UserRole)
        choices: list[ChannelChoice] = []
        for contact in self._contacts:
            for channel in contact.channels:
                if contact.hours_for(channel) is None:
                    continue
                label = channel_title(channel, self._lang())
                choices.append(
                    ChannelChoice(
                        contact.id,
                        channel.id,
                        self.tr("{contact} — {channel}").format(
                            contact=contact.display_name(self._lang()), channel=label
                        ),
                        channel.kind.value,
                    )
                )
        with QSignalBlocker(self.timeline_choice):
            self.choice_model.set_choices(choices)
            row = -1
            if isinstance(current, tuple):
                row = self.choice_model.row_of(*current)
            if row < 0 and choices:
                row = next((i for i, c in enumerate(choices) if c.kind == "phone"), 0)
            self.timeline_choice.setCurrentIndex(row)
        self._update_timeline()

    def _select_timeline_channel(self, contact_id: str, channel_id: str) -> None:
        row = self.choice_model.row_of(contact_id, channel_id)
        if row >= 0:
            self.timeline_choice.setCurrentIndex(row)

    # -- time ---------------------------------------------------------------------------------
    def _on_minute(self, _now: datetime) -> None:
        self._update_clocks()
        revision = self._book.revision()
        if revision != self._revision:  # another window or process changed the contacts
            self.refresh()

    def _on_tick(self, _now: datetime) -> None:
        self._update_statuses()

    def _update_clocks(self) -> None:
        now = self._clock.now()
        lang = self._lang()
        for face, zone in (
            (self.moscow_clock, MOSCOW),
            (self.local_clock, self._settings.home_timezone),
        ):
            reading = clock_reading(now, zone, lang)
            set_text(face.time_label, reading.time_text)
            set_text(
                face.day_label,
                self.tr("{day}, {zone}").format(day=reading.day_text, zone=reading.zone_text),
            )

    def _update_statuses(self) -> None:
        """Ask the core for every channel's status now; wake up when the next one changes."""
        now = self._clock.now()
        lang = self._lang()
        caller_tz = self._settings.home_timezone
        earliest: datetime | None = None
        for contact in self._contacts:
            header = self._headers.get(contact.id)
            if header is not None:
                self._fill_header(header, contact, now)
            for channel in contact.channels:
                card = self._cards.get((contact.id, channel.id))
                if card is None:
                    continue
                state, changes_at = card_state(contact, channel, now, lang, caller_tz)
                card.set_state(state)
                if changes_at is not None and (earliest is None or changes_at < earliest):
                    earliest = changes_at
        if earliest is not None:
            self._clock.wake_at(earliest)
        self._update_timeline()

    def _fill_header(self, header: ContactHeader, contact: Contact, now: datetime) -> None:
        lang = self._lang()
        set_text(header.name_label, contact.display_name(lang))
        reading = clock_reading(now, contact.tz, lang)
        set_text(
            header.zone_label,
            self.tr("{zone} ({abbr}), local time {time}").format(
                zone=contact.tz, abbr=reading.zone_text, time=reading.time_text
            ),
        )
        notes = pick_text(contact.notes, lang)
        set_text(header.notes_label, notes)
        set_shown(header.notes_label, bool(notes))
        stale = is_stale(contact, local_date(now, contact.tz))
        if stale and contact.verified is not None:
            set_text(
                header.stale_label,
                "⚠ "
                + self.tr(
                    "Details last checked on {date}, more than 180 days ago; "
                    "they may be out of date."
                ).format(date=contact.verified.isoformat()),
            )
        set_shown(header.stale_label, stale)

    def _update_timeline(self) -> None:
        data = self.timeline_choice.currentData(Qt.ItemDataRole.UserRole)
        contact = channel = None
        if isinstance(data, tuple):
            contact = next((c for c in self._contacts if c.id == data[0]), None)
            channel = contact.channel(data[1]) if contact is not None else None
        if contact is None or channel is None:
            self.timeline.set_data(TimelineData(now=self._clock.now()))
            return
        now = self._clock.now()
        lang, caller_tz, caller_hours = (
            self._lang(),
            self._settings.home_timezone,
            self._settings.calling_hours,
        )
        # The bands of a day do not change as the minutes pass: ask the core again only when
        # the day, the channel or a setting changed, and otherwise just move the now marker.
        key = (
            contact.id,
            channel.id,
            local_date(now, contact.tz),
            lang,
            caller_tz,
            caller_hours,
        )
        if self._timeline_key != key:
            self._timeline_cache = timeline_data(
                contact, channel, now, lang, caller_tz, caller_hours
            )
            self._timeline_key = key
        self.timeline.set_data(replace(self._timeline_cache, now=now))

    # -- settings, filter, messages --------------------------------------------------------------
    def _on_setting_changed(self, name: str) -> None:
        if name in ("language", "home_timezone", "calling_hours"):
            self.retranslate()

    def _apply_filter(self, text: str) -> None:
        needle = text.strip()
        if needle:
            matching = {contact.id for contact in self._book.search(needle)}
        else:
            matching = {contact.id for contact in self._contacts}
        for (contact_id, _channel_id), card in self._cards.items():
            card.setVisible(contact_id in matching)
        for contact_id, header in self._headers.items():
            header.setVisible(contact_id in matching)
        self.empty_label.setVisible(bool(self._contacts) and not matching)

    def _read_only_text(self) -> str:
        return self.tr(
            "Your contacts folder cannot be written to, so contacts are read-only for now."
        )

    def _show_message(self, text: str) -> None:
        self._message = text
        self._update_messages()

    def _update_messages(self) -> None:
        lines = [notice.render(self._lang()) for notice in self._book.notices]
        if self._book.read_only:
            lines.insert(0, self._read_only_text())
        if self._message:
            lines.append(self._message)
        self.message_label.setText("\n".join(lines))
        self.message_label.setVisible(bool(lines))
        self.add_button.setEnabled(not self._book.read_only)

    # -- editor ---------------------------------------------------------------------------------
    def _open_editor(self, contact: Contact | None) -> ContactEditor:
        today = local_date(self._clock.now(), self._settings.home_timezone)
        editor = ContactEditor(self._book, contact, parent=self, today=today)
        editor.saved.connect(self._on_saved)
        editor.deleted.connect(self._on_saved)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.open()
        return editor

    def _on_saved(self, contact_id: str) -> None:
        self._message = ""
        self.refresh()
        header = self._headers.get(contact_id)
        if header is not None:
            self.cards_scroll.ensureWidgetVisible(header)
