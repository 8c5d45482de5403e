"""The search-as-you-type throttle: bursts collapse, the newest arguments win."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from faqdesk.ui.common.throttle import Throttle


def test_first_call_runs_at_once(qtbot: QtBot) -> None:
    calls: list[str] = []
    throttle = Throttle(calls.append, 50)
    throttle("o")
    assert calls == ["o"]


def test_rapid_calls_collapse_into_one_with_the_last_arguments(qtbot: QtBot) -> None:
    calls: list[str] = []
    throttle = Throttle(calls.append, 50)
    throttle("o")
    with qtbot.waitSignal(throttle.fired, timeout=2000):
        for text in ("oz", "ozo", "ozon"):
            throttle(text)
        assert throttle.is_pending()
        assert calls == ["o"]
    assert calls == ["o", "ozon"]
    assert not throttle.is_pending()


def test_cancel_forgets_the_pending_call(qtbot: QtBot) -> None:
    calls: list[str] = []
    throttle = Throttle(calls.append, 30)
    throttle("a")
    throttle("b")
    throttle.cancel()
    assert not throttle.is_pending()
    throttle.flush()  # nothing is left to run, now or when the timer ends
    assert calls == ["a"]


def test_flush_runs_the_pending_call_now(qtbot: QtBot) -> None:
    calls: list[str] = []
    throttle = Throttle(calls.append, 10_000)
    throttle("a")
    throttle("b")
    throttle.flush()
    assert calls == ["a", "b"]
