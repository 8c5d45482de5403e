"""The contact dock: live clocks, the verdict line, a card per channel, and the day timeline.

The verdict line ("Good time to call now: …", ``objectName`` ``callVerdict``) sits under the
clocks, always in view; it and the cards come from one core answer,
:func:`faqdesk.core.contacts.verdict.assess`, counting the user's calling hours. The panel asks
for the statuses at the one :class:`~faqdesk.ui.common.clock.Clock`'s ``now`` through a
:class:`~faqdesk.ui.contacts.status_cache.StatusCache`, refreshes on each minute boundary and,
through :meth:`Clock.wake_at`, at the exact instant the next status changes.

It scales to thousands of contacts (issue 10, point 10): cards are built only for the first
:data:`PAGE` contacts that match the filter ("Show 20 more" adds the next ones), statuses are
computed only for those, and the filter searches text prepared once per refresh.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QSignalBlocker, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
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

from faqdesk.core import text
from faqdesk.core.contacts.book import ContactBook
from faqdesk.core.contacts.calltime import ChannelStatus
from faqdesk.core.contacts.model import Contact
from faqdesk.core.contacts.verdict import Caller, Verdict, assess
from faqdesk.core.contacts.zones import MOSCOW, zone_display
from faqdesk.core.log import get_logger
from faqdesk.ui.common.background import Background
from faqdesk.ui.common.clock import Clock
from faqdesk.ui.common.labels import plain_label
from faqdesk.ui.common.panel import Panel
from faqdesk.ui.contacts.channel_card import ChannelCard, UrlOpener, set_shown, set_text
from faqdesk.ui.contacts.contact_section import (
    ContactSection,
    SectionPool,
    haystack,
    in_panel_order,
)
from faqdesk.ui.contacts.day_plan import DayPlan
from faqdesk.ui.contacts.header import ContactHeader, LiveClock
from faqdesk.ui.contacts.models import (
    ClockReading,
    card_state,
    clock_reading,
)
from faqdesk.ui.contacts.panel_actions import ContactActions
from faqdesk.ui.contacts.status_cache import StatusCache
from faqdesk.ui.contacts.verdict_line import VerdictLine
from faqdesk.ui.settings.store import Settings

log = get_logger("ui.contacts")

#: How many contacts get cards at first, and how many more "Show more" adds.
PAGE = 12
#: How long the panel waits for the book to be read before it paints without the cards.
WAIT_MS = 300


class ContactPanel(Panel, ContactActions, QDockWidget):
    """The contacts dock (``objectName`` ``contactPanel``).

    ``verdictChanged(sentence)`` is emitted whenever the verdict line's sentence changes.
    """

    verdictChanged = Signal(str)

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
        self._haystacks: list[str] = []
        self._matching: list[Contact] = []
        self._front: list[str] = []
        self._limit = PAGE
        self._sections: dict[str, ContactSection] = {}
        self._pool = SectionPool(self._build_section)
        self._reasons: dict[tuple[str, str], tuple[ChannelStatus, str, str]] = {}
        self._cards: dict[tuple[str, str], ChannelCard] = {}
        self._headers: dict[str, ContactHeader] = {}
        self._cache = StatusCache()
        self._verdict: Verdict | None = None
        self._verdict_text = ""
        self._highlighted: tuple[str, str] | None = None
        self._loading = False
        self._reader = Background(threads=1, parent=self)
        self._last_search: tuple[str, Sequence[int]] = ("", ())
        self._last_book: list[Contact] | None = None
        self._message = ""
        self._revision = -1

        self.setWidget(self._build_body())
        self.setFocusProxy(self.filter_edit)

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

        self.verdict_label = VerdictLine(body)
        self.verdict_label.activated.connect(self.show_verdict_card)

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
        self.more_button = QPushButton(self.cards_widget)
        self.more_button.setObjectName("moreContacts")
        self.more_button.setAutoDefault(False)
        self.more_button.clicked.connect(self.show_more)
        self.more_button.setVisible(False)
        self.cards_layout.insertWidget(1, self.more_button)
        self._pool.attach(self.cards_layout)
        self.cards_scroll = QScrollArea(body)
        self.cards_scroll.setWidgetResizable(True)
        self.cards_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.cards_scroll.setWidget(self.cards_widget)
        self.cards_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.day_plan = DayPlan(body)
        self.timeline_choice = self.day_plan.choice
        self.choice_model = self.day_plan.choice_model
        self.timeline = self.day_plan.timeline

        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(clocks)
        layout.addWidget(self.verdict_label)
        layout.addLayout(tools)
        layout.addWidget(self.message_label)
        layout.addWidget(self.cards_scroll, 1)
        layout.addWidget(self.day_plan)
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

    def refresh(self, then: Callable[[], object] | None = None) -> None:
        """Re-read the contacts from the book and rebuild the cards and the timeline, then call
        ``then``. Reading runs in the background; a small book is read before this returns
        (within :data:`WAIT_MS`), a big one fills the panel when it is read, so the window
        paints at once (issue 10, point 10)."""
        book = self._book

        def read() -> tuple[int, list[Contact], list[str]]:
            revision = book.revision()
            contacts = in_panel_order(book.contacts())
            return revision, contacts, [haystack(contact) for contact in contacts]

        def done(result: tuple[int, list[Contact], list[str]]) -> None:
            if not shiboken6.isValid(self):  # the panel was closed while the book was read
                return
            self._loading = False
            self._revision, self._contacts, self._haystacks = result
            self._cache.clear()
            self._reasons.clear()
            self.day_plan.invalidate()  # new contact objects: ask the core for the bands again
            self._apply_filter(self.filter_edit.text())
            self._update_messages()
            if then is not None:
                then()

        def failed(error: BaseException) -> None:
            if not shiboken6.isValid(self):
                return
            self._loading = False
            log.warning("could not read the contacts: %s", error)
            self._show_message(str(error))

        self._loading = True
        self._reader.run(read, done, failed, key="contacts")
        if self._reader.wait(WAIT_MS):
            # Deliver the result now: the worker is done, its queued call is waiting.
            QCoreApplication.sendPostedEvents(None, QEvent.Type.MetaCall)
        if self._loading:
            self.verdict_label.set_verdict("", text.render("contacts.panel.loading", self._lang()))

    def verdict(self) -> Verdict | None:
        """The verdict the line shows now (None before the first refresh)."""
        return self._verdict

    def shown_contacts(self) -> list[Contact]:
        """The contacts that have cards now, in their order."""
        return self._matching[: self._limit]

    def show_more(self) -> None:
        """Build the cards of the next :data:`PAGE` matching contacts."""
        self._limit += PAGE
        self._rebuild_cards()

    def show_verdict_card(self) -> ChannelCard | None:
        """Scroll to the card the verdict names, frame it and give it the focus (Ctrl+Shift+C,
        or a click on the verdict line). None when the verdict names no card."""
        verdict = self._verdict
        if verdict is None or verdict.best is None:
            return None
        card = self._cards.get(verdict.best)
        if card is None:
            return None
        if not self.isVisible():
            self.show()
        self.raise_()
        self._highlight(verdict.best)
        self.cards_scroll.ensureWidgetVisible(card, 0, 0)
        card.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._select_timeline_channel(*verdict.best)
        return card

    def reveal_contacts(self, ids: list[str]) -> None:
        """Show the contacts ``ids`` first (e.g. just imported), scroll to the first of them and
        frame it. Ids that are not in the book are ignored."""
        if self._book.revision() != self._revision or self._loading:
            self.refresh(then=lambda: self._reveal(ids))
        else:
            self._reveal(ids)

    def _reveal(self, ids: list[str]) -> None:
        known = {contact.id for contact in self._contacts}
        self._front = [contact_id for contact_id in dict.fromkeys(ids) if contact_id in known]
        with QSignalBlocker(self.filter_edit):
            self.filter_edit.clear()
        self._apply_filter("")
        first = self._sections.get(self._front[0]) if self._front else None
        if first is not None:
            self.cards_scroll.ensureWidgetVisible(first, 0, 0)
            self.cards_scroll.verticalScrollBar().setValue(first.y())
            if first.cards:
                self._highlight((first.contact_id, next(iter(first.cards))))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Contacts and call times"))
        self.moscow_clock.caption.setText(self.tr("Moscow time"))
        self.local_clock.caption.setText(
            self.tr("Your time ({zone})").format(
                zone=zone_display(self._settings.home_timezone, self._lang())
            )
        )
        self.filter_edit.setPlaceholderText(self.tr("Filter contacts…"))
        self.add_button.setText(self.tr("Add contact"))
        self.day_plan.retranslate()
        self.empty_label.setText(self.tr("No contacts match the filter."))
        self.verdict_label.setToolTip(text.render("contacts.panel.verdict_tip", self._lang()))
        self._update_clocks()
        self._update_choices()
        self._update_statuses()
        for section in self._sections.values():
            section.retranslate(self._lang(), self.tr("Edit contact"))
        self._update_more()
        self._update_messages()

    # -- building ---------------------------------------------------------------------------
    def _rebuild_cards(self) -> None:
        """Cards for the contacts shown (the first ``_limit`` that match). A contact's section
        is built once and kept (hidden when the filter leaves it out) until the book is read
        again, so typing in the filter mostly shows and hides what exists."""
        shown = self.shown_contacts()
        if self._pool.showing(shown):
            self._update_more()
            return
        self._highlighted = None
        self._sections = self._pool.show(shown, PAGE)
        self._headers = {cid: section.header for cid, section in self._sections.items()}
        self._cards = {
            (cid, channel_id): card
            for cid, section in self._sections.items()
            for channel_id, card in section.cards.items()
        }
        self._update_more()
        self._update_choices()
        self._update_statuses()

    def _build_section(self, contact: Contact) -> ContactSection:
        section = ContactSection(contact, self._open_url, self.cards_widget)
        section.editRequested.connect(self.edit_contact)
        section.copied.connect(
            lambda value: self._show_message(
                self.tr("Copied {value} to the clipboard.").format(value=value)
            )
        )
        section.selected.connect(self._select_timeline_channel)
        section.fillSubmitted.connect(self._fill_in)
        section.retranslate(self._lang(), self.tr("Edit contact"))
        return section

    def _update_more(self) -> None:
        rest = len(self._matching) - len(self._sections)
        set_text(
            self.more_button,
            text.render("contacts.panel.show_more", self._lang(), count=min(PAGE, max(rest, 0))),
        )
        set_shown(self.more_button, rest > 0)

    def _highlight(self, key: tuple[str, str] | None) -> None:
        self._highlighted = key
        for contact_id, section in self._sections.items():
            card = self._cards.get(key) if key is not None and key[0] == contact_id else None
            section.set_highlighted(card)

    def _open_url(self, url: QUrl) -> bool:
        return bool(self._opener(url))

    def _update_choices(self) -> None:
        self.day_plan.set_contacts(self.shown_contacts(), self._lang())

    def _select_timeline_channel(self, contact_id: str, channel_id: str) -> None:
        self.day_plan.select(contact_id, channel_id)

    # -- time ---------------------------------------------------------------------------------
    def _on_minute(self, _now: datetime) -> None:
        self._update_clocks()
        revision = self._book.revision()
        if revision != self._revision and not self._loading:  # changed in another window
            self.refresh()

    def _on_tick(self, _now: datetime) -> None:
        self._update_statuses()

    def _update_clocks(self) -> None:
        now, lang = self._clock.now(), self._lang()
        self.moscow_clock.show_reading(clock_reading(now, MOSCOW, lang))
        self.local_clock.show_reading(clock_reading(now, self._settings.home_timezone, lang))

    def _caller(self) -> Caller:
        return Caller(self._settings.home_timezone, self._settings.calling_hours)

    def _update_statuses(self) -> None:
        """Show every shown channel's status now and the verdict over the shown contacts, both
        from the same answers; wake up when the next one changes."""
        now = self._clock.now()
        lang = self._lang()
        caller = self._caller()
        shown = self.shown_contacts()
        known: dict[tuple[str, str], ChannelStatus] = {}
        earliest: datetime | None = None
        readings: dict[str, ClockReading] = {}  # one per zone, not one per contact
        for contact in shown:
            section = self._sections.get(contact.id)
            if section is not None:
                if contact.tz not in readings:
                    readings[contact.tz] = clock_reading(now, contact.tz, lang)
                section.fill(contact, now, lang, readings[contact.tz])
            for channel in contact.channels:
                key = (contact.id, channel.id)
                status, next_status = self._cache.get(contact, channel, now, caller)
                known[key] = status
                card = self._cards.get(key)
                if card is not None:
                    state, changes_at = card_state(
                        contact, channel, now, lang, caller.tz, status, next_status,
                        reason=self._reason(key, status, lang, caller.tz),
                    )  # fmt: skip
                    card.set_state(state)
                    if changes_at is not None and (earliest is None or changes_at < earliest):
                        earliest = changes_at
        if not self._loading:  # while a big book is read the line says so
            self._show_verdict(assess(shown, now, caller, known=known))
        if earliest is not None:
            self._clock.wake_at(earliest)
        self._update_timeline()

    def _reason(self, key: tuple[str, str], status: ChannelStatus, lang: str, tz: str) -> str:
        """The status's sentence, rendered again only when the status or the language changed."""
        memo = self._reasons.get(key)
        if memo is not None and memo[0] is status and memo[1] == lang + "|" + tz:
            return memo[2]
        sentence = status.reason(lang, tz)
        self._reasons[key] = (status, lang + "|" + tz, sentence)
        return sentence

    def _show_verdict(self, verdict: Verdict) -> None:
        self._verdict = verdict
        sentence = verdict.sentence(self._lang())
        status = verdict.statuses[verdict.best].status.value if verdict.best else ""
        if verdict.kind.value != "call":
            status = ""
        self.verdict_label.set_verdict(verdict.kind.value, sentence, status)
        if sentence != self._verdict_text:
            self._verdict_text = sentence
            self.verdictChanged.emit(sentence)

    def _update_timeline(self) -> None:
        self.day_plan.update_at(
            self._clock.now(),
            self._lang(),
            self._settings.home_timezone,
            self._settings.calling_hours,
        )

    # -- settings, filter, messages --------------------------------------------------------------
    def _on_setting_changed(self, name: str) -> None:
        if name in ("language", "home_timezone", "calling_hours"):
            self.retranslate()

    def _apply_filter(self, typed: str) -> None:
        """Show the contacts matching ``typed`` (names, id, channel values and labels)."""
        needle = typed.strip().casefold()
        if needle:
            self._front = []
            # Typing on narrows the last matches: search only those (the same book).
            last_needle, last_rows = self._last_search
            rows = (
                last_rows
                if last_needle and last_needle in needle and self._last_book is self._contacts
                else range(len(self._contacts))
            )
            found = [row for row in rows if needle in self._haystacks[row]]
            self._last_search, self._last_book = (needle, found), self._contacts
            matching = [self._contacts[row] for row in found]
        else:
            matching = list(self._contacts)
        if self._front:
            order = {contact_id: i for i, contact_id in enumerate(self._front)}
            front = [c for c in matching if c.id in order]  # linear: thousands may be revealed
            front.sort(key=lambda c: order[c.id])
            matching = front + [c for c in matching if c.id not in order]
            self._limit = max(self._limit, min(len(front), PAGE))
        else:
            self._limit = PAGE
        self._matching = matching
        self.empty_label.setVisible(bool(self._contacts) and not matching)
        self._rebuild_cards()
