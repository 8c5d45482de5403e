"""Reminders while the app runs: when a case becomes overdue or a ``call_at`` moment comes, a
system-tray notification (where the desktop has a tray) and the ``reminded`` signal.

What to remind of and when is decided in :mod:`faqdesk.core.cases.reminders` from the one
clock's instants; this object remembers the last check, asks the clock to wake it at the next
moment that matters, and shows the notification.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QSystemTrayIcon

from faqdesk.core import text
from faqdesk.core.cases.model import Case
from faqdesk.core.cases.next_step import NextStep
from faqdesk.core.cases.reminders import Reminder, due_reminders, next_wake
from faqdesk.core.log import get_logger
from faqdesk.ui.cases.case_model import headline
from faqdesk.ui.common.clock import Clock
from faqdesk.ui.common.tray import shared_tray

_log = get_logger("ui.cases")

#: Shows a notification ``(title, body)``; returns False when it could not be shown.
Notifier = Callable[[str, str], bool]


class TrayNotifier:
    """Notifications through a :class:`QSystemTrayIcon`, made on first use; does nothing
    (returns False) where the desktop has no tray, e.g. under the offscreen platform."""

    def __init__(self, icon: QIcon, parent: QObject | None = None) -> None:
        self._icon = icon
        self._parent = parent
        self._tray: QSystemTrayIcon | None = None

    def __call__(self, title: str, body: str) -> bool:
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return False
        if self._tray is None:
            self._tray = shared_tray(self._icon)  # the one icon (also the tray's home)
        if not self._tray.isVisible():
            self._tray.show()
        self._tray.showMessage(title, body, QSystemTrayIcon.MessageIcon.Information, 15_000)
        return True


def reminder_text(reminder: Reminder, lang: str, caller_tz: str | None) -> tuple[str, str]:
    """The notification's title and body."""
    case = reminder.case
    title = text.render(f"cases.reminder.{reminder.kind.value}", lang, case=headline(case))
    body = reminder.step.reason(lang, caller_tz) if reminder.step is not None else ""
    return title, body


class CaseReminders(QObject):
    """Checks the cases at each clock tick; ``reminded(list[Reminder])`` after notifying."""

    reminded = Signal(object)

    def __init__(
        self,
        clock: Clock,
        notifier: Notifier,
        language: Callable[[], tuple[str, str | None]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._notifier = notifier
        self._language = language
        self._since: datetime | None = None
        self._before: Mapping[str, NextStep] = {}
        self.shown: list[tuple[str, str]] = []  # what was notified (also when no tray)

    def check(self, cases: Sequence[Case], steps: Mapping[str, NextStep]) -> list[Reminder]:
        """Remind of what fell due since the last check (nothing on the first one: the pane
        shows it), then ask the clock to wake at the next moment that matters."""
        now = self._clock.now()
        found: list[Reminder] = []
        if self._since is not None and now > self._since:
            found = due_reminders(cases, self._before, self._since, now, steps)
        self._since, self._before = now, steps  # kept as is: a lazy mapping stays lazy
        wake = next_wake(cases, steps, now)
        if wake is not None:
            self._clock.wake_at(wake)
        if found:
            self._notify(found)
        return found

    def _notify(self, found: list[Reminder]) -> None:
        lang, caller_tz = self._language()
        for reminder in found[:5]:
            title, body = reminder_text(reminder, lang, caller_tz)
            self.shown.append((title, body))
            if not self._notifier(title, body):
                _log.info("no system tray; reminder shown in the window only: %s", title)
        if len(found) > 5:
            more = text.render("cases.reminder.more", lang, count=len(found) - 5)
            self.shown.append((more, ""))
            self._notifier(more, "")
        self.reminded.emit(found)
