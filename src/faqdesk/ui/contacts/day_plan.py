"""The day plan under the cards: a chooser of the shown channels that have hours, and their
timeline (today and the next days, with the user's calling hours drawn below)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QSignalBlocker, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from faqdesk.core.contacts.model import Contact
from faqdesk.core.contacts.zones import local_date
from faqdesk.ui.contacts.models import (
    ChannelChoice,
    ChannelChoiceModel,
    channel_title,
    timeline_data,
)
from faqdesk.ui.contacts.timeline import TimelineData, TimelineView


def _tr(source: str) -> str:
    return QCoreApplication.translate("ContactPanel", source)


class DayPlan(QWidget):
    """The chooser (``timelineChannel``) and the timeline of the chosen channel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = QLabel(self)
        self.choice = QComboBox(self)
        self.choice.setObjectName("timelineChannel")
        self.choice_model = ChannelChoiceModel(self)
        self.choice.setModel(self.choice_model)
        self.timeline = TimelineView(self)
        self._contacts: dict[str, Contact] = {}
        self._key: tuple[object, ...] | None = None
        self._cache = TimelineData()
        self._last: tuple[datetime, str, str, str] | None = None
        self.choice.currentIndexChanged.connect(lambda _index: self._redraw())
        chooser = QHBoxLayout()
        chooser.addWidget(self.caption)
        chooser.addWidget(self.choice, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(chooser)
        layout.addWidget(self.timeline)

    def retranslate(self) -> None:
        self.caption.setText(_tr("Day plan for:"))

    def invalidate(self) -> None:
        """The contacts were read again: ask the core for the bands again."""
        self._key = None

    def set_contacts(self, contacts: list[Contact], lang: str) -> None:
        """Offer the channels with hours of ``contacts``; keep the choice when it is still there."""
        current = self.choice.currentData(Qt.ItemDataRole.UserRole)
        self._contacts = {contact.id: contact for contact in contacts}
        choices: list[ChannelChoice] = []
        for contact in contacts:
            for channel in contact.channels:
                if contact.hours_for(channel) is None:
                    continue
                text = _tr("{contact} — {channel}").format(
                    contact=contact.display_name(lang), channel=channel_title(channel, lang)
                )
                choices.append(ChannelChoice(contact.id, channel.id, text, channel.kind.value))
        with QSignalBlocker(self.choice):
            self.choice_model.set_choices(choices)
            row = -1
            if isinstance(current, tuple):
                row = self.choice_model.row_of(*current)
            if row < 0 and choices:
                row = next((i for i, c in enumerate(choices) if c.kind == "phone"), 0)
            self.choice.setCurrentIndex(row)
        self._redraw()

    def select(self, contact_id: str, channel_id: str) -> None:
        row = self.choice_model.row_of(contact_id, channel_id)
        if row >= 0:
            self.choice.setCurrentIndex(row)

    def update_at(self, now: datetime, lang: str, caller_tz: str, caller_hours: str) -> None:
        """Show the chosen channel's days at ``now``."""
        self._last = (now, lang, caller_tz, caller_hours)
        self._redraw()

    def _redraw(self) -> None:
        if self._last is None:
            return
        now, lang, caller_tz, caller_hours = self._last
        data = self.choice.currentData(Qt.ItemDataRole.UserRole)
        contact = channel = None
        if isinstance(data, tuple):
            contact = self._contacts.get(data[0])
            channel = contact.channel(data[1]) if contact is not None else None
        if contact is None or channel is None:
            self.timeline.set_data(TimelineData(now=now))
            return
        # The bands of a day do not change as the minutes pass: ask the core again only when
        # the day, the channel or a setting changed, and otherwise just move the now marker.
        key = (contact.id, channel.id, local_date(now, contact.tz), lang, caller_tz, caller_hours)
        if self._key != key:
            self._cache = timeline_data(contact, channel, now, lang, caller_tz, caller_hours)
            self._key = key
        self.timeline.set_data(replace(self._cache, now=now))
