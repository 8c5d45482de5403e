"""Sync in the window: "Sync now", automatic sync every N minutes, the state in the status bar.

Every sync, connection test, setup and status read runs through the one background helper
(:class:`~faqdesk.ui.common.background.Background`, one job at a time): the window never waits
for the network. Time comes from the window's one :class:`~faqdesk.ui.common.clock.Clock`; the
automatic sync is checked each minute, so tests move a ManualClock instead of waiting.

A password typed in Settings → Sync is kept in the system keyring; where there is none it is
remembered in memory only (:attr:`SyncController.session_password`) until the app closes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton, QWidget

from faqdesk.core.sync import SYNC_DEADLINE
from faqdesk.core.text import render
from faqdesk.ui.common.background import Background
from faqdesk.ui.common.clock import Clock
from faqdesk.ui.common.labels import plain_tooltip
from faqdesk.ui.common.panel import Panel

if TYPE_CHECKING:  # the sync itself (its WebDAV client, engine, stores) is imported when used
    from faqdesk.core.sync.run import Status, SyncReport

T = TypeVar("T")


class SyncController(QObject):
    """Runs syncs in the background and knows the state to show."""

    #: The state to show changed (running, finished, status read).
    stateChanged = Signal()
    #: A sync finished (with its :class:`SyncReport`); the contacts may have changed.
    finished = Signal(object)

    def __init__(
        self,
        clock: Clock,
        data_dir: Path | None,
        language: Callable[[], str],
        zone: Callable[[], str],
        parent: QObject | None = None,
        *,
        read_status: bool = True,
    ) -> None:
        """``read_status`` False: the status is read on the first :meth:`refresh` (the window
        calls it once painted), not at once."""
        super().__init__(parent)
        self.clock = clock
        self.data_dir = data_dir
        self.language = language
        self.zone = zone
        self.session_password: str | None = None
        #: The longest a sync may take (seconds): the sync job always ends.
        self.deadline = SYNC_DEADLINE
        self.running = False
        self.status: Status | None = None
        self.last_report: SyncReport | None = None
        #: Why the sync state could not be read ("" when it could).
        self.status_error = ""
        self.jobs = Background(threads=1, parent=self)
        #: Reading the status and testing a connection: never queued behind a long sync.
        self.quick_jobs = Background(threads=1, parent=self)
        clock.minuteChanged.connect(self._on_minute)
        if read_status:
            self.refresh()

    # --- work -------------------------------------------------------------------------------

    def run(
        self,
        work: Callable[[], T],
        on_success: Callable[[T], None],
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run ``work`` on the sync's background thread (one job at a time)."""
        self.jobs.run(work, on_success, on_failure)

    def run_quick(
        self,
        work: Callable[[], T],
        on_success: Callable[[T], None],
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run ``work`` beside the sync (reading, or a connection test): a long sync never
        holds it up."""
        self.quick_jobs.run(work, on_success, on_failure)

    def refresh(self) -> None:
        """Read the status again (in the background, beside a running sync)."""
        data_dir, clock = self.data_dir, self.clock.now

        def read() -> Status:
            # imported here, on the background thread: at start-up the UI thread would wait
            # for the modules the content and search threads are importing meanwhile
            from faqdesk.core.sync.run import status

            return status(data_dir, clock)

        self.run_quick(read, self._on_status, self._on_status_failed)

    def sync_now(self) -> bool:
        """Start a sync unless one is running; False when it was not started."""
        return self._start(accept_deletions=False)

    def accept_deletions_now(self) -> bool:
        """Start a sync that applies the deletions from the server held back before."""
        return self._start(accept_deletions=True)

    @property
    def held(self) -> int:
        """Deletions from the server the last sync held back (0: none)."""
        found = self.status
        return 0 if found is None else int(found.last_run.get("held") or 0)

    def _start(self, *, accept_deletions: bool) -> bool:
        if self.running:
            return False
        from faqdesk.core.sync.run import sync_now

        self.running = True
        self.stateChanged.emit()
        data_dir, now, password = self.data_dir, self.clock.now(), self.session_password
        clock, deadline, accept = self.clock.now, self.deadline, accept_deletions
        self.run(
            lambda: sync_now(
                data_dir,
                now,
                password=password,
                clock=clock,
                deadline=deadline,
                accept_deletions=accept,
            ),
            self._on_synced,
            self._on_sync_crashed,
        )
        return True

    def wait(self, msecs: int = 30_000) -> bool:
        return self.jobs.wait(msecs) and self.quick_jobs.wait(msecs)

    def _on_status(self, found: Status) -> None:
        self.status = found
        self.status_error = ""
        self.stateChanged.emit()

    def _on_status_failed(self, error: BaseException) -> None:
        self.status = None
        self.status_error = str(error) or type(error).__name__
        self.stateChanged.emit()

    def _on_synced(self, report: SyncReport) -> None:
        self.running = False
        self.last_report = report
        self.finished.emit(report)
        self.refresh()

    def _on_sync_crashed(self, error: BaseException) -> None:
        self.running = False
        self.refresh()
        from faqdesk.ui.common.background import report_unexpected

        report_unexpected(error)

    def _on_minute(self, now: datetime) -> None:
        found = self.status
        if found is None or found.account is None or not found.interval_minutes:
            return
        last = found.last_at
        if last is None or now - last >= timedelta(minutes=found.interval_minutes):
            self.sync_now()

    # --- what to show -----------------------------------------------------------------------

    def _time(self, when: datetime) -> str:
        try:
            zone = ZoneInfo(self.zone())
        except (ValueError, KeyError, OSError):
            zone = ZoneInfo("UTC")
        return when.astimezone(zone).strftime("%H:%M")

    def state_text(self) -> str:
        """One line for the status bar."""
        lang = self.language()
        if self.running:
            return render("sync.ui.state.running", lang)
        found = self.status
        if self.status_error:
            return render("sync.ui.state.broken", lang)
        if found is not None and found.notice is not None:
            return render("sync.ui.state.recovered", lang)
        if found is None or found.account is None:
            return render("sync.ui.state.off", lang)
        last, error = found.last_at, found.last_error
        if last is None:
            return render("sync.ui.state.never", lang, pending=found.pending_total)
        if error is not None:
            return render("sync.ui.state.failed", lang, time=self._time(last))
        conflicts = int(found.last_run.get("conflicts") or 0)
        if conflicts:
            return render("sync.ui.state.conflicts", lang, time=self._time(last), count=conflicts)
        if self.held:
            return render("sync.ui.state.held", lang, count=self.held)
        return render("sync.ui.state.ok", lang, time=self._time(last), pending=found.pending_total)

    def tooltip(self) -> str:
        found = self.status
        if self.status_error:
            return render("sync.error.state", self.language(), error=self.status_error)
        if found is not None and found.notice is not None:
            return found.notice.render(self.language())
        if found is None or found.account is None or found.last_at is None:
            return ""
        if self.held and found.last_error is None:
            return render("sync.ui.held", self.language(), count=self.held)
        if found.last_error is not None:
            return found.last_error.render(self.language())
        counts: dict[str, Any] = {"sent": 0, "received": 0}
        for part in (found.last_run.get("collections") or {}).values():
            counts["sent"] += len(part.get("uploaded") or [])
            counts["received"] += len(part.get("downloaded") or [])
        return render(
            "sync.ui.state.tooltip",
            self.language(),
            at=self._time(found.last_at),
            conflicts=found.last_run.get("conflicts") or 0,
            pending=found.pending_total,
            **counts,
        )


class SyncStatusButton(Panel, QPushButton):
    """The sync state in the status bar; a click syncs now."""

    #: Emitted after the texts were set again (the language changed, or the state).
    retranslated = Signal()

    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncState")
        self.setFlat(True)
        self.controller = controller
        controller.stateChanged.connect(self.retranslate)
        self.clicked.connect(controller.sync_now)
        self.retranslate()

    def retranslate(self) -> None:
        self.setText(self.controller.state_text())
        self.setToolTip(plain_tooltip(self.controller.tooltip()))  # server text: never HTML
        self.setEnabled(not self.controller.running)
        self.retranslated.emit()


def sync_now_action(button: SyncStatusButton, parent: QWidget) -> QAction:
    """Tools → Sync now (F9), following the button's language and state."""
    from faqdesk.ui.common.actions import make_action

    controller = button.controller
    action = make_action(parent, controller.sync_now, ["F9"])
    action.setObjectName("syncNowAction")

    def update() -> None:
        action.setText(render("sync.ui.action", controller.language()))
        action.setEnabled(not controller.running)

    button.retranslated.connect(update)
    update()
    return action


def accept_deletions_action(button: SyncStatusButton, parent: QWidget) -> QAction:
    """Tools → Apply deletions from the server: shown when the last sync held some back."""
    from faqdesk.ui.common.actions import make_action

    controller = button.controller
    action = make_action(parent, controller.accept_deletions_now)
    action.setObjectName("syncAcceptDeletionsAction")

    def update() -> None:
        action.setText(render("sync.ui.accept_action", controller.language()))
        action.setVisible(controller.held > 0)
        action.setEnabled(not controller.running)

    button.retranslated.connect(update)
    update()
    return action
