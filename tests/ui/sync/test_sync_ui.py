"""Settings → Sync, the status-bar state and Tools → Sync now, against a real Radicale."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from faqdesk.core.contacts.book import ContactBook
from faqdesk.core.contacts.model import contact_from_mapping
from faqdesk.core.sync.account import Account
from faqdesk.core.sync.state import SyncState
from faqdesk.ui.common.clock import ManualClock
from faqdesk.ui.main_window import MainWindow
from faqdesk.ui.settings.store import Settings
from faqdesk.ui.sync.controller import SyncController
from radicale_server import RadicaleServer, free_port, radicale_fixture

from ..conftest import fresh_window

radicale = radicale_fixture()


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("FAQDESK_SYNC_PASSWORD", raising=False)
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


def _add_contact(folder: Path, contact_id: str, name: str) -> None:
    made, _ = contact_from_mapping(
        {"id": contact_id, "name": {"zh": name}, "channels": []}, "t", origin="user"
    )
    assert made is not None
    with ContactBook.open(folder, clock=lambda: datetime(2026, 11, 26, tzinfo=UTC)) as book:
        book.save(made)


def test_the_sync_status_is_read_once_the_window_has_painted(
    qtbot: QtBot, tmp_path: Path, bundled_content: Path, settings: Settings
) -> None:
    window = fresh_window(qtbot, tmp_path, bundled_content, settings)
    # not while the window is being built (with sync set up, it opens the contacts and cases)
    assert window.sync.status is None
    assert not window.sync.quick_jobs.busy()
    window.show()
    qtbot.waitUntil(lambda: window.sync.status is not None)
    assert window.sync_button.text() == "Sync: not set up"
    window.shutdown()


def test_set_up_in_settings_then_sync_now_from_the_tools_menu(
    qtbot: QtBot,
    open_window: Callable[..., MainWindow],
    settings: Settings,
    radicale: RadicaleServer,
    tmp_path: Path,
) -> None:
    window = open_window(settings)
    qtbot.waitUntil(lambda: window.sync.status is not None)
    assert window.sync_button.text() == "Sync: not set up"
    window.show_settings()
    page = window.sync_page
    user, password = radicale.new_user()
    page.url_edit.setText(radicale.url)
    page.user_edit.setText(user)
    page.password_edit.setText("wrong")
    page.test_button.click()
    qtbot.waitUntil(lambda: "(401)" in page.message.text(), timeout=10_000)
    page.password_edit.setText(password)
    page.test_button.click()
    qtbot.waitUntil(lambda: page.message.text() == "Connected: the login works.", timeout=10_000)
    page.setup_button.click()
    qtbot.waitUntil(lambda: "Sync is set up" in page.message.text(), timeout=10_000)
    assert "remembered only until FAQDesk closes" in page.message.text()  # no keyring here
    assert page.password_edit.text() == ""
    page.interval_spin.setValue(30)  # kept at once, in the sync state (not a file of Qt's)
    qtbot.waitUntil(
        lambda: window.sync.status is not None and window.sync.status.interval_minutes == 30
    )
    page.grab().save("/tmp/sync-settings-page.png")
    qtbot.waitUntil(lambda: window.sync_button.text() == "Sync: not yet; 0 waiting")

    _add_contact(tmp_path / "data", "forwarder", "货代小王")
    window.sync.refresh()
    qtbot.waitUntil(lambda: window.sync_button.text() == "Sync: not yet; 1 waiting")
    assert window.sync_action.text() == "Sync now"
    with qtbot.waitSignal(window.sync.finished, timeout=10_000) as done:
        window.sync_action.trigger()
    assert done.args[0].exit_code == 0
    qtbot.waitUntil(lambda: window.sync_button.text() == "Sync: 14:30; 0 waiting")
    assert "Sent 1" in window.sync_button.toolTip()

    other = tmp_path / "other"  # another desk gets it
    from faqdesk.core.sync.run import setup, sync_now

    with SyncState(other) as state:
        setup(state, Account(radicale.url, user), password)
    assert sync_now(other, datetime(2026, 11, 26, tzinfo=UTC), password=password).exit_code == 0
    with ContactBook.open(other, clock=lambda: datetime(2026, 11, 26, tzinfo=UTC)) as book:
        assert book.get("forwarder") is not None


def test_the_address_is_checked_before_anything_is_sent(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings)
    window.show_settings()
    page = window.sync_page
    page.url_edit.setText("http://dav.example.com/")
    page.user_edit.setText("me")
    page.password_edit.setText("pw")
    page.test_button.click()
    assert "unencrypted" in page.message.text()
    assert page.test_button.isEnabled()  # nothing started
    page.url_edit.setText("https://me:pw@dav.example.com/")
    page.test_button.click()
    assert "do not put the user name or password in the address" in page.message.text()


def test_a_server_that_is_down_shows_in_the_status_bar(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings, tmp_path: Path
) -> None:
    url = f"http://127.0.0.1:{free_port()}/"
    with SyncState(tmp_path / "data") as state:
        state.set_account(Account(url, "me", addressbook="/me/book/"))
    window = open_window(settings)
    window.sync.session_password = "pw"
    window.show_settings()
    window.sync_page.url_edit.setText(url)
    window.sync_page.user_edit.setText("me")
    window.sync_page.test_button.click()  # the page uses the remembered password
    qtbot.waitUntil(lambda: "cannot reach" in window.sync_page.message.text(), timeout=10_000)
    with qtbot.waitSignal(window.sync.finished, timeout=10_000):
        window.sync_button.click()
    qtbot.waitUntil(lambda: window.sync_button.text().startswith("Sync failed at 14:30"))
    assert "cannot reach the server" in window.sync_button.toolTip()
    assert "cannot reach the server" in window.statusBar().currentMessage()
    settings.language = "zh"
    qtbot.waitUntil(lambda: window.sync_button.text().startswith("同步失败"))
    assert window.sync_action.text() == "立即同步"
    window.statusBar().grab().save("/tmp/sync-status-bar.png")


def test_automatic_sync_follows_the_clock(qtbot: QtBot, tmp_path: Path) -> None:
    start = datetime(2026, 11, 26, 6, 0, tzinfo=UTC)
    clock = ManualClock(start)
    with SyncState(tmp_path) as state:
        state.set_account(Account(f"http://127.0.0.1:{free_port()}/", "me", addressbook="/b/"))
        state.interval_minutes = 15
    controller = SyncController(clock, tmp_path, lambda: "en", lambda: "UTC")
    qtbot.waitUntil(lambda: controller.status is not None)
    controller.session_password = "pw"
    with qtbot.waitSignal(controller.finished, timeout=10_000):
        clock.advance(timedelta(minutes=1))  # never synced: the first minute starts one
    qtbot.waitUntil(
        lambda: (
            controller.status is not None
            and controller.status.last_at == start + timedelta(minutes=1)
        )
    )
    with qtbot.assertNotEmitted(controller.finished, wait=0):
        clock.advance(timedelta(minutes=14))  # 14 min after the last: not yet
    assert not controller.running
    with qtbot.waitSignal(controller.finished, timeout=10_000):
        clock.advance(timedelta(minutes=1))
    controller.wait()


def test_a_case_synced_from_another_desk_shows_in_the_cases_pane(
    qtbot: QtBot,
    open_window: Callable[..., MainWindow],
    settings: Settings,
    radicale: RadicaleServer,
    tmp_path: Path,
) -> None:
    from case_fixtures import contacts, desk, lost_parcel
    from faqdesk.core.cases.store import CaseStore
    from faqdesk.core.sync.run import setup, sync_now

    user, password = radicale.new_user()
    other, here = tmp_path / "other", tmp_path / "data"
    when = datetime(2026, 11, 26, tzinfo=UTC)
    for folder in (other, here):
        with SyncState(folder) as state:
            setup(state, Account(radicale.url, user), password)
    with ContactBook.open(other, clock=lambda: when) as book:
        book.save(desk())
    with CaseStore.open(other, clock=lambda: when) as store:
        store.add(lost_parcel(), contacts())
    assert sync_now(other, when, password=password).exit_code == 0

    monkey_password = pytest.MonkeyPatch()
    monkey_password.setenv("FAQDESK_SYNC_PASSWORD", password)
    try:
        window = open_window(settings)
        cases = window.cases_panel
        assert cases is not None
        qtbot.waitUntil(lambda: not cases.loading)
        assert cases.rows() == []
        qtbot.waitUntil(lambda: window.sync.status is not None)
        with qtbot.waitSignal(window.sync.finished, timeout=20_000) as done:
            window.sync_action.trigger()
        assert done.args[0].exit_code == 0, done.args[0]
        posted = ["12345678-0001-1"]
        qtbot.waitUntil(lambda: [r.case.posting for r in cases.rows()] == posted, timeout=20_000)
    finally:
        monkey_password.undo()


def _status_button(qtbot: QtBot, folder: Path) -> tuple[SyncController, QPushButton]:
    from faqdesk.ui.sync.controller import SyncStatusButton

    clock = ManualClock(datetime(2026, 11, 26, 6, 0, tzinfo=UTC))
    controller = SyncController(clock, folder, lambda: "en", lambda: "UTC")
    button = SyncStatusButton(controller)
    qtbot.addWidget(button)
    qtbot.waitUntil(lambda: controller.status is not None or bool(controller.status_error))
    return controller, button


def test_a_damaged_state_file_is_said_in_the_status_bar(qtbot: QtBot, tmp_path: Path) -> None:
    with SyncState(tmp_path) as state:
        state.set_account(Account("http://127.0.0.1:1/", "me", addressbook="/me/book/"))
    (tmp_path / "sync.sqlite3").write_bytes(b"\x00garbage" * 512)
    _controller, button = _status_button(qtbot, tmp_path)
    assert button.text() == "Sync: its state file was damaged and replaced; point here"
    assert "sync.sqlite3.corrupt-" in button.toolTip()
    assert "set up sync again" in button.toolTip()


def test_a_state_file_that_cannot_be_opened_is_said_too(qtbot: QtBot, tmp_path: Path) -> None:
    (tmp_path / "sync.sqlite3").mkdir()  # a folder where the file should be
    _controller, button = _status_button(qtbot, tmp_path)
    assert button.text() == "Sync: its state file cannot be used; point here"
    assert "sync.sqlite3" in button.toolTip()


def test_deletions_held_back_are_said_in_the_status_bar(qtbot: QtBot, tmp_path: Path) -> None:
    with SyncState(tmp_path) as state:
        state.set_account(Account("http://127.0.0.1:1/", "me", addressbook="/me/book/"))
        state.set_last_run(
            {"at": "2026-11-26T06:00:00+00:00", "ok": True, "conflicts": 0, "held": 12}
        )
    _controller, button = _status_button(qtbot, tmp_path)
    assert button.text() == "Sync: 12 deletions held back; point here"
    assert "faqdesk sync --accept-deletions" in button.toolTip()


def test_a_server_too_slow_never_holds_the_window(qtbot: QtBot, tmp_path: Path) -> None:
    from tests.core.sync.bad_server import BadServer

    server = BadServer()
    server.mode = "drip"  # answers a byte at a time, for ever
    try:
        with SyncState(tmp_path) as state:
            state.set_account(Account(server.url, "me", addressbook="/me/book/"))
        controller, button = _status_button(qtbot, tmp_path)
        controller.session_password = "pw"
        controller.deadline = 1.0
        _add_contact(tmp_path, "forwarder", "货代小王")
        with qtbot.waitSignal(controller.finished, timeout=20_000) as done:
            assert controller.sync_now()
            assert button.text() == "Sync: running…"
            controller.refresh()  # the status is read while the sync still runs
            qtbot.waitUntil(
                lambda: (
                    controller.running
                    and controller.status is not None
                    and controller.status.pending_total == 1
                )
            )
        report = done.args[0]
        assert report.error is not None and "took too long" in str(report.error)
        qtbot.waitUntil(lambda: button.text().startswith("Sync failed at"))
        assert button.isEnabled()
        assert "took too long" in button.toolTip()
    finally:
        server.close()


def test_deletions_held_back_can_be_applied_from_the_tools_menu(
    qtbot: QtBot, radicale: RadicaleServer, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QWidget
    from tests.core.sync.desks import Desk, contact

    from faqdesk.ui.sync.controller import accept_deletions_action

    user, password = radicale.new_user()
    here = Desk(tmp_path / "a", radicale, user, password)
    other = Desk(tmp_path / "b", radicale, user, password)
    here.set_up()
    other.set_up()
    ids = [f"forwarder-{n}" for n in range(12)]
    here.add(*(contact(i, f"货代{n}") for n, i in enumerate(ids)))
    assert here.sync().exit_code == 0 and other.sync().exit_code == 0
    with other.book() as book:
        for contact_id in ids:
            book.delete(contact_id)
    assert other.sync().exit_code == 0

    controller, button = _status_button(qtbot, here.folder)
    parent = QWidget()
    qtbot.addWidget(parent)
    action = accept_deletions_action(button, parent)
    assert not action.isVisible()
    controller.session_password = password
    with qtbot.waitSignal(controller.finished, timeout=20_000) as held:
        controller.sync_now()
    assert held.args[0].held == 12 and set(here.contacts()) == set(ids)
    qtbot.waitUntil(lambda: button.text() == "Sync: 12 deletions held back; point here")
    assert action.isVisible() and action.text() == "Apply deletions from the server"
    with qtbot.waitSignal(controller.finished, timeout=20_000) as applied:
        action.trigger()
    assert len(applied.args[0].collections[0].deleted_here) == 12
    assert here.contacts() == {}
    qtbot.waitUntil(lambda: not action.isVisible())
