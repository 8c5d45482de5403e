"""The one clock of the desktop app.

Every widget that shows or depends on the time asks a :class:`Clock` for ``now()`` and listens
to its signals; nothing else in the UI reads the real clock. Tests and screenshot scripts use
:class:`ManualClock`, whose time only moves when told, so no test ever waits for real time.

Signals:

- ``minuteChanged(datetime)``: the wall-clock minute changed (live clocks repaint on it);
- ``tick(datetime)``: a minute boundary passed *or* an instant asked for with :meth:`Clock.wake_at`
  came (a channel's status changes then, so statuses refresh exactly on time).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QObject, Qt, QTimer, Signal

_MINUTE = timedelta(minutes=1)


def _real_now() -> datetime:
    return datetime.now(UTC)


def _minute_of(when: datetime) -> datetime:
    """The start of the minute ``when`` falls in, as an aware UTC datetime."""
    return when.astimezone(UTC).replace(second=0, microsecond=0)


def _aware(when: datetime) -> datetime:
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError("the clock works with aware datetimes only (give a tzinfo)")
    return when


class Clock(QObject):
    """The real clock, or any ``now`` callable, with signals at minute boundaries and wake-ups.

    A single-shot timer is scheduled to the next minute boundary or the earliest pending
    :meth:`wake_at` instant, whichever comes first. Each time it fires the clock asks ``now()``
    again and recomputes the next shot, so a suspended laptop or a drifting timer never leaves
    a stale minute on screen for long.
    """

    minuteChanged = Signal(object)
    tick = Signal(object)

    def __init__(
        self, now: Callable[[], datetime] | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._now_source: Callable[[], datetime] = now if now is not None else _real_now
        self._wakes: list[datetime] = []  # sorted, UTC, no duplicates
        self._timer: QTimer | None = None
        self._last_minute = _minute_of(self.now())
        self._start_timer()

    # -- public API -------------------------------------------------------------------------
    def now(self) -> datetime:
        """The current instant (an aware datetime)."""
        return _aware(self._now_source())

    def wake_at(self, instant: datetime) -> None:
        """Also emit ``tick`` at ``instant`` (when a status changes); past instants: soon."""
        when = _aware(instant).astimezone(UTC)
        index = bisect.bisect_left(self._wakes, when)
        if index < len(self._wakes) and self._wakes[index] == when:
            return
        self._wakes.insert(index, when)
        self._reschedule()

    def pending_wakes(self) -> list[datetime]:
        """The wake-up instants not reached yet, earliest first (for tests and diagnostics)."""
        return list(self._wakes)

    # -- shared machinery -----------------------------------------------------------------------
    def _take_due_wakes(self, current: datetime) -> list[datetime]:
        """Remove and return the pending wake instants at or before ``current``."""
        cut = bisect.bisect_right(self._wakes, current.astimezone(UTC))
        due, self._wakes = self._wakes[:cut], self._wakes[cut:]
        return due

    def _emit_for(self, current: datetime, *, force_tick: bool) -> None:
        """Emit ``minuteChanged`` if the minute moved, and ``tick`` if anything happened."""
        minute = _minute_of(current)
        minute_moved = minute != self._last_minute
        self._last_minute = minute
        if minute_moved:
            self.minuteChanged.emit(current)
        if minute_moved or force_tick:
            self.tick.emit(current)

    # -- the real timer ---------------------------------------------------------------------
    def _start_timer(self) -> None:
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._on_timeout)
        self._reschedule()

    def _reschedule(self) -> None:
        if self._timer is None:
            return
        current = self.now()
        target = _minute_of(current) + _MINUTE
        if self._wakes and self._wakes[0] < target:
            target = self._wakes[0]
        delay_ms = (target - current.astimezone(UTC)) / timedelta(milliseconds=1)
        # Round up so we land on or just after the target, never just before it.
        self._timer.start(max(0, int(delay_ms) + 1))

    def _on_timeout(self) -> None:
        current = self.now()
        due = self._take_due_wakes(current)
        self._emit_for(current, force_tick=bool(due))
        self._reschedule()


class ManualClock(Clock):
    """A clock whose time only moves when told: for tests and screenshots.

    Moving forward walks through every pending :meth:`wake_at` instant on the way, in order:
    ``now()`` returns that instant while ``tick`` is emitted for it (handlers may ask for further
    wake-ups inside the jump; they are honoured too). It then lands on the target time and, when
    the minute differs, emits ``minuteChanged`` and ``tick`` once for the jump. Everything is
    synchronous: when :meth:`advance` returns, every observer has updated.
    """

    def __init__(self, start: datetime, parent: QObject | None = None) -> None:
        self._current = _aware(start)
        super().__init__(now=lambda: self._current, parent=parent)

    def _start_timer(self) -> None:  # no real timer: time moves only when told
        self._timer = None

    def set_now(self, when: datetime) -> None:
        """Jump to ``when`` (forward or backward), emitting the signals for what was crossed."""
        target = _aware(when)
        if target.astimezone(UTC) >= self._current.astimezone(UTC):
            while self._wakes and self._wakes[0] <= target.astimezone(UTC):
                instant = self._wakes.pop(0)
                if instant > self._current.astimezone(UTC):  # a past wake-up fires "now"
                    self._current = instant.astimezone(target.tzinfo)
                self._emit_for(self._current, force_tick=True)
        self._current = target
        self._emit_for(target, force_tick=False)  # emits only when the minute differs

    def advance(self, delta: timedelta) -> None:
        """Move the time forward (or back, with a negative delta) by ``delta``."""
        self.set_now(self._current + delta)
