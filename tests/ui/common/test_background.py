"""Background work: results come back on the UI thread; stale results are dropped."""

from __future__ import annotations

import threading

import pytest
from pytestqt.qtbot import QtBot

from faqdesk.ui.common.background import Background


def test_success_callback_runs_on_the_ui_thread(qtbot: QtBot) -> None:
    background = Background()
    seen: list[tuple[int, bool]] = []

    def work() -> int:
        assert threading.current_thread() is not threading.main_thread()
        return 42

    background.run(
        work, lambda r: seen.append((r, threading.current_thread() is threading.main_thread()))
    )
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [(42, True)]
    qtbot.waitUntil(lambda: not background.busy())


def test_failure_goes_to_the_failure_callback(qtbot: QtBot) -> None:
    background = Background()
    errors: list[BaseException] = []

    def work() -> int:
        raise ValueError("broken index")

    background.run(work, lambda r: pytest.fail("no result expected"), errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], ValueError)
    assert str(errors[0]) == "broken index"


def test_a_newer_job_with_the_same_key_drops_the_older_result(qtbot: QtBot) -> None:
    background = Background(threads=1)
    gate = threading.Event()
    results: list[str] = []

    def slow() -> str:
        gate.wait(5)
        return "ozo"

    background.run(slow, results.append, key="search")
    background.run(lambda: "ozon", results.append, key="search")
    gate.set()
    qtbot.waitUntil(lambda: not background.busy())
    assert results == ["ozon"]


def test_jobs_with_other_keys_are_kept(qtbot: QtBot) -> None:
    background = Background(threads=2)
    results: list[str] = []
    background.run(lambda: "a", results.append, key="one")
    background.run(lambda: "b", results.append, key="two")
    qtbot.waitUntil(lambda: not background.busy())
    assert sorted(results) == ["a", "b"]


def test_a_result_for_an_owner_that_was_deleted_is_dropped(qtbot: QtBot) -> None:
    from threading import Event

    from PySide6.QtCore import QObject
    from shiboken6 import delete, isValid

    owner = QObject()
    jobs = Background(parent=owner)
    release, delivered = Event(), []
    jobs.run(lambda: release.wait(5) and "late", delivered.append)
    relay = next(iter(jobs._relays))
    delete(owner)  # the window closed while the work ran
    with qtbot.waitSignal(relay.done):  # delivery was connected first: it has run by now
        release.set()
    assert not isValid(relay) or relay.outcome[2]  # the outcome was taken and dropped
    assert delivered == []
