"""The one clock: minute boundaries, wake-ups, and the manual clock tests drive."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pytestqt.qtbot import QtBot

from faqdesk.ui.common.clock import Clock, ManualClock

MSK = ZoneInfo("Europe/Moscow")


def test_manual_clock_emits_nothing_inside_a_minute(qtbot: QtBot) -> None:
    clock = ManualClock(datetime(2026, 11, 26, 16, 45, 5, tzinfo=MSK))
    with qtbot.assertNotEmitted(clock.minuteChanged), qtbot.assertNotEmitted(clock.tick):
        clock.advance(timedelta(seconds=50))
    assert clock.now() == datetime(2026, 11, 26, 16, 45, 55, tzinfo=MSK)


def test_manual_clock_emits_once_when_a_minute_boundary_is_crossed(qtbot: QtBot) -> None:
    clock = ManualClock(datetime(2026, 11, 26, 16, 45, 55, tzinfo=MSK))
    minutes: list[datetime] = []
    ticks: list[datetime] = []
    clock.minuteChanged.connect(minutes.append)
    clock.tick.connect(ticks.append)
    clock.advance(timedelta(seconds=5))
    assert minutes == [datetime(2026, 11, 26, 16, 46, tzinfo=MSK)]
    assert ticks == minutes
    clock.advance(timedelta(hours=3))  # a long jump: one update, not 180
    assert minutes[-1] == datetime(2026, 11, 26, 19, 46, tzinfo=MSK)
    assert len(minutes) == 2


def test_manual_clock_going_back_in_time_still_updates(qtbot: QtBot) -> None:
    clock = ManualClock(datetime(2026, 11, 26, 16, 45, tzinfo=MSK))
    with qtbot.waitSignal(clock.minuteChanged, timeout=0) as blocker:
        clock.set_now(datetime(2026, 11, 26, 9, 0, tzinfo=MSK))
    assert blocker.args == [datetime(2026, 11, 26, 9, 0, tzinfo=MSK)]


def test_wake_at_ticks_at_that_instant_inside_a_jump(qtbot: QtBot) -> None:
    """A status change at 17:30 is seen at 17:30, and a wake-up asked for then is honoured."""
    clock = ManualClock(datetime(2026, 11, 26, 17, 0, tzinfo=MSK))
    seen: list[datetime] = []

    def on_tick(when: datetime) -> None:
        assert clock.now() == when
        seen.append(when)
        if when == datetime(2026, 11, 26, 17, 30, 20, tzinfo=MSK):
            clock.wake_at(datetime(2026, 11, 26, 18, 0, 10, tzinfo=MSK))

    clock.tick.connect(on_tick)
    clock.wake_at(datetime(2026, 11, 26, 17, 30, 20, tzinfo=MSK))
    clock.wake_at(datetime(2026, 11, 26, 17, 30, 20, tzinfo=MSK))  # duplicates collapse
    clock.set_now(datetime(2026, 11, 26, 19, 0, tzinfo=MSK))
    assert seen == [
        datetime(2026, 11, 26, 17, 30, 20, tzinfo=MSK),
        datetime(2026, 11, 26, 18, 0, 10, tzinfo=MSK),
        datetime(2026, 11, 26, 19, 0, tzinfo=MSK),
    ]
    assert clock.pending_wakes() == []


def test_clock_rejects_naive_datetimes(qtbot: QtBot) -> None:
    with pytest.raises(ValueError, match="aware"):
        ManualClock(datetime(2026, 11, 26, 16, 45))
    clock = ManualClock(datetime(2026, 11, 26, 16, 45, tzinfo=UTC))
    with pytest.raises(ValueError, match="aware"):
        clock.wake_at(datetime(2026, 11, 26, 17, 0))


class FakeNow:
    """A ``now`` callable the test moves by hand (the real clock is never read)."""

    def __init__(self, when: datetime) -> None:
        self.when = when
        self.calls = 0

    def __call__(self) -> datetime:
        self.calls += 1
        return self.when


def _timer_interval(clock: Clock) -> int:
    timer = clock._timer
    assert timer is not None and timer.isActive()
    return timer.interval()


def test_real_clock_schedules_its_timer_to_the_next_minute_boundary(qtbot: QtBot) -> None:
    fake = FakeNow(datetime(2026, 11, 26, 13, 44, 59, 950_000, tzinfo=UTC))
    clock = Clock(now=fake)
    assert 50 <= _timer_interval(clock) <= 52
    fake.when = datetime(2026, 11, 26, 13, 45, 0, 1_000, tzinfo=UTC)
    with qtbot.waitSignal(clock.minuteChanged, timeout=2000) as blocker:
        pass
    assert blocker.args == [fake.when]
    # The next shot is computed again from now(): one minute minus what has passed.
    assert 59_998 <= _timer_interval(clock) <= 60_000


def test_real_clock_wakes_early_for_a_status_change(qtbot: QtBot) -> None:
    fake = FakeNow(datetime(2026, 11, 26, 13, 44, 0, tzinfo=UTC))
    clock = Clock(now=fake)
    clock.wake_at(datetime(2026, 11, 26, 13, 44, 0, 30_000, tzinfo=UTC))
    assert _timer_interval(clock) <= 31
    fake.when = datetime(2026, 11, 26, 13, 44, 0, 31_000, tzinfo=UTC)
    with (
        qtbot.assertNotEmitted(clock.minuteChanged, wait=0),
        qtbot.waitSignal(clock.tick, timeout=2000) as blocker,
    ):
        pass
    assert blocker.args == [fake.when]
    assert clock.pending_wakes() == []


def test_real_clock_firing_early_waits_for_the_boundary(qtbot: QtBot) -> None:
    """Timer drift: a shot that comes before the boundary emits nothing and re-arms."""
    fake = FakeNow(datetime(2026, 11, 26, 13, 44, 59, 990_000, tzinfo=UTC))
    clock = Clock(now=fake)
    fake.when = datetime(2026, 11, 26, 13, 44, 59, 995_000, tzinfo=UTC)  # still before 13:45
    minutes: list[datetime] = []
    clock.minuteChanged.connect(minutes.append)
    asked = fake.calls
    qtbot.waitUntil(lambda: fake.calls >= asked + 2, timeout=2000)  # the shot came and re-armed
    assert minutes == []
    fake.when = datetime(2026, 11, 26, 13, 45, 0, tzinfo=UTC)
    with qtbot.waitSignal(clock.minuteChanged, timeout=2000):
        pass


def test_real_clock_after_sleep_shows_the_new_minute_once(qtbot: QtBot) -> None:
    fake = FakeNow(datetime(2026, 11, 26, 13, 44, 59, 980_000, tzinfo=UTC))
    clock = Clock(now=fake)
    minutes: list[datetime] = []
    clock.minuteChanged.connect(minutes.append)
    fake.when = datetime(2026, 11, 26, 15, 2, 7, tzinfo=UTC)  # the laptop slept 77 minutes
    qtbot.waitUntil(lambda: len(minutes) == 1, timeout=2000)
    assert minutes == [fake.when]
    assert 52_990 <= _timer_interval(clock) <= 53_001
