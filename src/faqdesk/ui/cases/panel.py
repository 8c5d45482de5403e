"""The Cases dock: the open cases by urgency, each with its badge and next step, and the
buttons for the chosen one (Call / Write, Log reply, Close).

Every next step comes from :mod:`faqdesk.core.cases.next_step` at the one clock's ``now``; the
pane refreshes on each minute, at the instants the reminders ask the clock for, and when
another process changed the cases. The cases are read in the background (the pane says it is
loading until the first read arrives), already in urgency order, and a row's next step and
display text are worked out only when the row is shown, so 10,000 cases paint fast. It also
follows the search box: cases whose number, id or title matches its text are listed in a
"Cases" section at the top.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from datetime import datetime
from operator import attrgetter
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from faqdesk.core import text
from faqdesk.core.cases.model import Case, CaseEvent, EventKind
from faqdesk.core.cases.next_step import StepKind, StepsAt
from faqdesk.core.cases.store import CasesError, CaseStore
from faqdesk.core.contacts.book import ContactBook
from faqdesk.core.contacts.hours import HoursError, parse_intervals
from faqdesk.core.contacts.model import Contact
from faqdesk.core.log import get_logger
from faqdesk.ui.cases.case_model import (
    CASE_ID_ROLE,
    CaseDelegate,
    CaseListModel,
    CaseRow,
    describe,
    headline,
)
from faqdesk.ui.cases.loading import CaseReader, FirstPage
from faqdesk.ui.cases.new_case import NewCaseDialog
from faqdesk.ui.cases.reminders import CaseReminders, Notifier
from faqdesk.ui.common.clock import Clock
from faqdesk.ui.common.labels import plain_label, plain_tooltip
from faqdesk.ui.common.panel import Panel
from faqdesk.ui.settings.store import Settings

_log = get_logger("ui.cases")
SEARCH_LIMIT = 20
_reply_due = attrgetter("reply_due")
_AT_TOP = QListView.ScrollHint.PositionAtTop


class CasesPanel(Panel, QDockWidget):
    """The cases dock (``objectName`` ``casesPanel``).

    Signals: ``composeRequested(template_id, values)`` for "Write" (the composer opens that
    template pre-filled), ``callRequested(contact_id, channel_id)`` for "Call" (the contact
    card), ``casesChanged()`` after the shown cases changed.
    """

    composeRequested = Signal(str, dict)
    callRequested = Signal(str, str)
    casesChanged = Signal()

    def __init__(
        self,
        clock: Clock,
        settings: Settings,
        data_dir: Path | None = None,
        parent: QWidget | None = None,
        *,
        notifier: Notifier | None = None,
        store: CaseStore | None = None,
        book: ContactBook | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("casesPanel")
        self._clock = clock
        self._settings = settings
        self._reader = CaseReader(self)  # first: no read reaches a destroyed pane
        self._reader.pageRead.connect(self._on_page)
        self._reader.allRead.connect(self._on_loaded)
        self._reader.failed.connect(self._on_load_failed)
        if store is None:
            store = CaseStore.open(data_dir, clock=clock.now)
            self.destroyed.connect(lambda *_args, opened=store: opened.close())
        if book is None:
            book = ContactBook.open(data_dir, clock=clock.now)
            self.destroyed.connect(lambda *_args, opened=book: opened.close())
        self._store = self._reader.store = store
        self._book = book
        self._cases: list[Case] = []
        self._loaded = False  # the first read of the cases arrived
        self._select_when_loaded = ""  # a case to choose once the next read arrived
        self._contacts: dict[str, Contact] = {}
        self._revisions = (-1, -1)
        self._raised: list[str] = []  # reminded cases, shown first (latest first)
        self._search_text = ""
        if notifier is None:
            from faqdesk.ui.cases.reminders import TrayNotifier

            notifier = TrayNotifier(self.windowIcon(), self)
        self.reminders = CaseReminders(clock, notifier, self._language, self)
        self.reminders.reminded.connect(self._on_reminded)
        self.setWidget(self._build_body())
        self._reader.watch(self.list_view.viewport(), lambda: bool(self.model.built))
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._search_timer.timeout.connect(self._run_search)
        clock.tick.connect(lambda _now: self.refresh())
        settings.changed.connect(self._on_setting_changed)
        self.retranslate()
        self.refresh()

    def _build_body(self) -> QWidget:
        body = QWidget(self)
        body.setObjectName("casesPanelBody")
        self.summary_label = QLabel(body)
        self.summary_label.setObjectName("casesSummary")
        self.message_label = plain_label(body)
        self.message_label.setObjectName("casesMessages")
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        self.matches_caption = QLabel(body)
        self.matches_caption.setObjectName("caseMatchesCaption")
        self.matches = QListWidget(body)
        self.matches.setObjectName("caseMatches")
        self.matches.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.matches.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.matches.itemActivated.connect(self._on_match_chosen)
        self.matches.itemClicked.connect(self._on_match_chosen)
        self.matches_caption.hide()
        self.matches.hide()
        self.model = CaseListModel(self)
        self.list_view = QListView(body)
        self.list_view.setObjectName("casesList")
        self.list_view.setModel(self.model)
        self.list_view.setItemDelegate(CaseDelegate(self.list_view))
        self.list_view.setUniformItemSizes(True)
        self.list_view.setAlternatingRowColors(True)
        self.list_view.selectionModel().currentChanged.connect(
            lambda _current, _previous: self._update_details()
        )
        self.list_view.activated.connect(lambda _index: self.take_step())
        self.empty_label = QLabel(body)
        self.empty_label.setObjectName("casesEmpty")
        self.empty_label.setWordWrap(True)
        self.details = plain_label(body)
        self.details.setObjectName("caseDetails")
        self.details.setWordWrap(True)
        self.step_button = QPushButton(body)
        self.step_button.setObjectName("caseStepButton")
        self.step_button.clicked.connect(self.take_step)
        self.reply_button = QPushButton(body)
        self.reply_button.setObjectName("caseReplyButton")
        self.reply_button.clicked.connect(self.log_reply)
        self.close_button = QPushButton(body)
        self.close_button.setObjectName("caseCloseButton")
        self.close_button.clicked.connect(self.close_case)
        self.new_button = QPushButton(body)
        self.new_button.setObjectName("newCaseButton")
        self.new_button.clicked.connect(lambda: self.start_case())
        buttons = QHBoxLayout()
        for button in (self.step_button, self.reply_button, self.close_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.new_button)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        for widget in (self.summary_label, self.message_label, self.matches_caption, self.matches):
            layout.addWidget(widget)
        layout.addWidget(self.list_view, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.details)
        layout.addLayout(buttons)
        return body

    # -- public API ------------------------------------------------------------------------
    @property
    def store(self) -> CaseStore:
        return self._store

    @property
    def loading(self) -> bool:
        """True until the cases were first read (in the background)."""
        return not self._loaded

    def rows(self) -> list[CaseRow]:
        """The rows as shown, top first (every row's next step is worked out)."""
        return self.model.rows()

    def current(self) -> CaseRow | None:
        """The chosen case (the first one when none was chosen)."""
        index = self.list_view.currentIndex()
        return self.model.row_at(index.row() if index.isValid() else 0)

    def attention(self) -> str:
        """One sentence for the verdict line and the start page when cases are overdue
        ("2 overdue cases — C-0003  12345678-0001-1: no reply for 26 h — phone now…"), in the
        interface language; empty when none is overdue."""
        now = self._clock.now()
        shown = self.model.cases()
        count = self._overdue_count(now)
        first = next((row for row, case in enumerate(shown) if case.is_overdue(now)), -1)
        found = self.model.row_at(first) if count else None
        if found is None:
            return ""
        lang = self._settings.language
        return text.render(
            "cases.ui.attention",
            lang,
            count=count,
            case=headline(found.case),
            step=found.step.reason(lang, self._caller()[0]),
        )

    def select_case(self, case_id: str) -> bool:
        """Choose ``case_id`` in the list; False when it is not shown."""
        row = self.model.row_of(case_id)
        if row < 0:
            return False
        self.list_view.setCurrentIndex(self.model.index(row))
        return True

    def refresh(self) -> None:
        """Show the cases at the clock's ``now`` and check the reminders; when the cases or
        contacts changed, re-read them in the background first (the list is shown again when
        they arrive)."""
        revisions = (self._store.revision(), self._book.revision())
        if revisions != self._revisions:
            self._revisions = revisions
            self._contacts = {c.id: c for c in self._book.contacts()}
            self._reader.read(self._clock.now(), first_page=not self._loaded)
        elif self._loaded:
            self._show()

    def _on_page(self, page: FirstPage) -> None:
        """The most urgent cases, before the rest: painted at once, the others to come."""
        if self._loaded:
            return
        now, (caller_tz, hours) = self._clock.now(), self._caller()
        steps = StepsAt(page.cases, now, self._contacts, caller_tz=caller_tz, caller_hours=hours)
        self.model.lang, self.model.caller_tz = self._settings.language, caller_tz
        self.model.set_cases(page.cases, steps, total=page.total)
        self.list_view.setCurrentIndex(self.model.index(0))
        counts = {"open": page.total, "overdue": page.overdue}
        self.summary_label.setText(text.render("cases.ui.summary", self._language()[0], **counts))

    def _on_loaded(self, cases: list[Case]) -> None:
        self._cases = cases
        self._loaded = True
        self._show()
        chosen, self._select_when_loaded = self._select_when_loaded, ""
        if chosen:
            self.select_case(chosen)

    def _on_load_failed(self, error: BaseException) -> None:
        """The read failed unexpectedly (the store itself reports a damaged database): say so
        where the cases would be, and keep what was shown."""
        _log.error("the cases could not be read", exc_info=error)
        self._revisions = (-1, -1)  # try again on the next refresh
        if not self._loaded:
            self._on_loaded([])
        self._show_message(
            text.render("cases.ui.load_failed", self._settings.language, error=error)
        )

    def _show(self) -> None:
        """Show the cases read last, already by urgency (the store reads them in
        :func:`~faqdesk.core.cases.next_step.by_urgency` order), the reminded ones on top; their
        next steps are worked out at ``now`` only for the rows shown. Check the reminders."""
        now = self._clock.now()
        caller_tz, hours = self._caller()
        steps = StepsAt(self._cases, now, self._contacts, caller_tz=caller_tz, caller_hours=hours)
        self.reminders.check(self._cases, steps)  # raises what it reminds of
        ordered = list(self._cases)
        if self._raised:
            open_ids = {case.id for case in self._cases}
            self._raised = [case_id for case_id in self._raised if case_id in open_ids]
            raised = {case_id: rank for rank, case_id in enumerate(self._raised)}
            ordered.sort(key=lambda case: raised.get(case.id, len(raised)))
        chosen = self.current()
        self.model.lang, self.model.caller_tz = self._settings.language, caller_tz
        if not self.model.update_steps(ordered, steps):  # the same rows keep their place
            top = self.list_view.indexAt(QPoint(1, 1)).data(CASE_ID_ROLE)
            self.model.set_cases(ordered, steps)
            if chosen is None or not self.select_case(chosen.case.id):
                self.list_view.setCurrentIndex(self.model.index(0))
            if top and (row := self.model.row_of(top)) > 0:  # the top case stays on top
                self.list_view.scrollTo(self.model.index(row), _AT_TOP)
        self._update_summary()
        self._update_details()
        self._update_messages()
        self.casesChanged.emit()

    def take_step(self) -> None:
        """The chosen case's step: Call → ``callRequested``; Write → ``composeRequested``."""
        row = self.current()
        if row is None:
            return
        step = row.step
        if step.kind in (StepKind.CALL, StepKind.CALL_AT):
            self.callRequested.emit(step.contact, step.channel)
        elif step.kind is StepKind.FOLLOW_UP:
            self.composeRequested.emit(step.template, dict(step.values))

    def log_reply(self) -> None:
        """Record that support answered the chosen case (now)."""
        self._log_event(EventKind.REPLY)

    def close_case(self) -> None:
        """Close the chosen case (now)."""
        self._log_event(EventKind.STATUS)

    def record_sent(self, case_id: str, channel: str = "", message: str = "") -> bool:
        """Record a message sent on ``case_id`` (the composer calls this after "Copy"); the
        wait for a reply starts again. False, with the reason shown, when it failed."""
        event = CaseEvent(EventKind.SENT, self._clock.now(), channel=channel, text=message)
        return self._store_event(case_id, event)

    def start_case(self, prefill: Mapping[str, object] | None = None) -> NewCaseDialog:
        """Open the "New case" form (non-blocking), pre-filled from a plain mapping: the
        composer passes the numbers, contact, channel and the ``text`` it sent (recorded as
        the first message); a problem article its ``problem`` and ``title``."""
        fresh = self._contacts and self._book.revision() == self._revisions[1]
        dialog = NewCaseDialog(
            self._store,
            list(self._contacts.values()) if fresh else self._book.contacts(),  # read once
            self._clock,
            self._settings.language,
            prefill,
            self,
        )
        dialog.saved.connect(self._on_case_saved)
        dialog.open()
        self.new_case_dialog = dialog
        return dialog

    def _on_case_saved(self, case: Case) -> None:
        self._select_when_loaded = case.id
        self.refresh()

    def follow_search(self, query: str) -> None:
        """Show the cases matching the search box's text (throttled)."""
        self._search_text = query
        self._search_timer.start()

    # -- changes -----------------------------------------------------------------------------
    def _log_event(self, kind: EventKind) -> None:
        row = self.current()
        if row is None:
            return
        from faqdesk.core.cases.model import CaseStatus

        now = self._clock.now()
        if kind is EventKind.STATUS:
            event = CaseEvent(EventKind.STATUS, now, status=CaseStatus.CLOSED)
        else:
            event = CaseEvent(kind, now)
        self._store_event(row.case.id, event)

    def _store_event(self, case_id: str, event: CaseEvent) -> bool:
        try:
            self._store.log(case_id, event, self._contacts or None)  # the channel is checked too
        except CasesError as error:
            problems = getattr(error, "problems", ())
            lang = self._settings.language
            message = "; ".join(p.render(lang) for p in problems) or error.render(lang)
            self._show_message(message)
            return False
        self.refresh()
        return True

    def _on_reminded(self, found: list[object]) -> None:
        for reminder in found:
            case_id = getattr(getattr(reminder, "case", None), "id", "")
            if case_id in self._raised:
                self._raised.remove(case_id)
            self._raised.insert(0, case_id)

    # -- search ------------------------------------------------------------------------------
    def _run_search(self) -> None:
        query = self._search_text.strip()
        found = self._store.search(query, limit=SEARCH_LIMIT) if query else []
        self.matches.clear()
        lang = self._settings.language
        for case in found:
            status = text.render(f"cases.status.{case.status.value}", lang)
            item = QListWidgetItem(f"{headline(case)}  ({status})", self.matches)
            item.setData(Qt.ItemDataRole.UserRole, case.id)
            item.setToolTip(plain_tooltip(headline(case)))
        shown = min(len(found), 5)
        row_height = self.matches.sizeHintForRow(0) if found else 0
        self.matches.setFixedHeight(shown * row_height + 2 * self.matches.frameWidth() + 2)
        self.matches_caption.setText(text.render("cases.ui.matches", lang, count=len(found)))
        self.matches_caption.setVisible(bool(found))
        self.matches.setVisible(bool(found))

    def _on_match_chosen(self, item: QListWidgetItem) -> None:
        case_id = str(item.data(Qt.ItemDataRole.UserRole))
        self.show()
        self.raise_()
        if not self.select_case(case_id):
            case = self._store.get(case_id)
            if case is not None:
                self._show_message(describe(case, self._settings.language))

    # -- display -----------------------------------------------------------------------------
    def _language(self) -> tuple[str, str | None]:
        return self._settings.language, self._caller()[0]

    def _caller(self) -> tuple[str | None, str | None]:
        tz = self._settings.home_timezone
        hours: str | None = self._settings.calling_hours
        try:
            parse_intervals(hours or "")
        except HoursError:
            hours = None
        return tz, hours

    def _update_summary(self) -> None:
        lang = self._settings.language
        cases = self._cases
        if not self._loaded:
            self.summary_label.setText(text.render("cases.ui.loading", lang))
            self.empty_label.setVisible(False)  # the list stays, empty, where the cases come
            return
        overdue = self._overdue_count(self._clock.now())
        self.summary_label.setText(
            text.render("cases.ui.summary", lang, open=len(cases), overdue=overdue)
        )
        self.empty_label.setText(text.render("cases.ui.empty", lang))
        self.empty_label.setVisible(not cases)
        self.list_view.setVisible(bool(cases))

    def _overdue_count(self, now: datetime) -> int:
        """How many of the cases read last are overdue (they are by ``reply_due``)."""
        return bisect_right(self._cases, now, key=_reply_due)

    def _update_details(self) -> None:
        row = self.current()
        lang = self._settings.language
        if row is None:
            self.details.setText("")
            for button in (self.step_button, self.reply_button, self.close_button):
                button.setVisible(False)
            return
        missing = [a.path for a in row.case.attachments if a.missing]
        lines = [describe(row.case, lang), row.step.reason(lang, self._caller()[0])]
        if missing:
            lines.append(text.render("cases.ui.missing", lang, paths=", ".join(missing)))
        self.details.setText("\n".join(lines))
        kind = row.step.kind
        key = {StepKind.CALL: "call", StepKind.CALL_AT: "call", StepKind.FOLLOW_UP: "write"}
        label = key.get(kind)
        self.step_button.setVisible(label is not None)
        if label is not None:
            self.step_button.setText(text.render(f"cases.ui.button.{label}", lang))
        self.reply_button.setVisible(True)
        self.close_button.setVisible(True)

    def _update_messages(self) -> None:
        lang = self._settings.language
        lines = [notice.render(lang) for notice in self._store.notices]
        self.message_label.setText("\n".join(lines))
        self.message_label.setVisible(bool(lines))

    def _show_message(self, message: str) -> None:
        self.message_label.setText(message)
        self.message_label.setVisible(bool(message))

    def _on_setting_changed(self, name: str) -> None:
        if name in ("language", "home_timezone", "calling_hours"):
            self.retranslate()
            self.refresh()

    def retranslate(self) -> None:
        lang = self._settings.language
        self.setWindowTitle(text.render("cases.ui.title", lang))
        self.reply_button.setText(text.render("cases.ui.button.reply", lang))
        self.close_button.setText(text.render("cases.ui.button.close", lang))
        self.new_button.setText(text.render("cases.ui.button.new", lang))
        self.list_view.setAccessibleName(text.render("cases.ui.title", lang))
        self.model.set_language(lang, self._caller()[0])
        self._update_summary()
        self._update_details()
