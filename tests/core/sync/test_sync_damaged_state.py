"""A damaged ``sync.sqlite3`` does not block sync: it is kept aside (never deleted), a fresh
state is started (keeping the account when it can still be read), the user is told, and the
next sync compares with the server: no duplicates, nothing deleted."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.core.sync.desks import Desk, contact

from clock_fixtures import fixed_clock
from faqdesk.core.sync.dav import DavClient
from faqdesk.core.sync.run import status
from faqdesk.core.sync.state import STATE_NAME, SyncState
from radicale_server import RadicaleServer


@pytest.fixture
def desk(radicale: RadicaleServer, tmp_path: Path) -> Desk:
    user, password = radicale.new_user()
    made = Desk(tmp_path / "a", radicale, user, password)
    made.set_up()
    made.add(contact("forwarder", "货代小王"), contact("warehouse", "仓库"))
    assert made.sync().exit_code == 0
    return made


def _damage_items(folder: Path) -> bytes:
    """Overwrite every page after the config table's (items, tokens…) with garbage."""
    path = folder / STATE_NAME
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[3 * page :] = b"\xff" * (len(data) - 3 * page)
    path.write_bytes(bytes(data))
    return bytes(data)


def _on_server(desk: Desk) -> list[str]:
    with SyncState(desk.folder) as state:
        account = state.account()
    assert account is not None
    with DavClient(desk.server.url, desk.user, desk.password) as client:
        listed, _token = client.changes(account.addressbook, "")
    return sorted(r.href for r in listed if r.href.endswith(".vcf"))


def test_a_damaged_state_is_kept_aside_and_the_next_sync_duplicates_nothing(desk: Desk) -> None:
    before = _on_server(desk)
    damaged = _damage_items(desk.folder)

    report = desk.sync()

    assert report.error is None and report.exit_code == 0
    assert report.notice is not None
    text = str(report.notice)
    assert "damaged" in text and "nothing is duplicated and nothing is deleted" in text
    kept = [
        p
        for p in desk.folder.iterdir()
        if p.name.startswith(f"{STATE_NAME}.corrupt-") and not p.name.endswith(("-wal", "-shm"))
    ]
    assert [p.read_bytes() for p in kept] == [damaged]
    assert str(kept[0]) in text
    part = report.collections[0]
    assert (part.uploaded, part.deleted_here, part.deleted_there, part.conflicts) == (
        [], [], [], [],
    )  # fmt: skip
    assert set(desk.contacts()) == {"forwarder", "warehouse"}
    assert _on_server(desk) == before
    assert desk.sync().notice is None  # said once; the fresh state is complete


def test_a_state_file_that_is_not_a_database_asks_for_setup_again(
    desk: Desk,
) -> None:
    path = desk.folder / STATE_NAME
    path.write_bytes(b"this is not SQLite at all" * 100)

    shown = status(desk.folder, fixed_clock)
    assert shown.notice is not None and "set up sync again" in str(shown.notice)
    report = desk.sync()
    assert report.error is not None and report.error.code == "sync.error.not_set_up"
    kept = [
        p
        for p in desk.folder.iterdir()
        if p.name.startswith(f"{STATE_NAME}.corrupt-") and not p.name.endswith(("-wal", "-shm"))
    ]
    assert [p.read_bytes() for p in kept] == [b"this is not SQLite at all" * 100]
    assert set(desk.contacts()) == {"forwarder", "warehouse"}


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("2026-11-26T09:00:00+00:00", "2026-11-26 09:00:00+00:00"),
        ("2026-11-26T09:00:00", None),  # no zone (edited by hand): not a time to compare with
        ("yesterday", None),
    ],
)
def test_the_last_sync_time_is_aware_or_none(stored: str, shown: str | None) -> None:
    from faqdesk.core.sync.run import Status

    status = Status(account=None, last_run={"at": stored}, pending={}, interval_minutes=0)
    assert (str(status.last_at) if status.last_at else None) == shown
