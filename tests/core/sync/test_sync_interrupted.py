"""A server that stops, refuses or goes away mid-sync: clear message, nothing lost, no doubles."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.core.sync.desks import Desk, DiesAfterWrites, contact

from clock_fixtures import FIXED_NOW_UTC, fixed_clock
from faqdesk.core.contacts.book import ContactBook
from faqdesk.core.sync.contacts import ContactsSide
from faqdesk.core.sync.dav import DavClient
from faqdesk.core.sync.engine import CollectionSync
from faqdesk.core.sync.errors import SyncError
from faqdesk.core.sync.run import status
from faqdesk.core.sync.state import SyncState
from radicale_server import RadicaleServer


def _on_server(desk: Desk) -> list[str]:
    with SyncState(desk.folder) as state:
        account = state.account()
    assert account is not None
    with DavClient(desk.server.url, desk.user, desk.password) as client:
        found = client.propfind(account.addressbook, "<D:getetag/>", 1)
    return sorted(r.href.rsplit("/", 1)[-1] for r in found if not r.href.endswith("/"))


def test_server_killed_mid_sync_next_sync_completes_without_doubles(desk: Desk) -> None:
    names = [f"联系人{n}" for n in range(6)]
    desk.add(*(contact(f"c{n}", name) for n, name in enumerate(names)))
    with SyncState(desk.folder) as state, ContactBook.open(desk.folder, clock=fixed_clock) as book:
        account = state.account()
        assert account is not None
        client = DiesAfterWrites(desk.server, 3, desk.server.url, desk.user, desk.password)
        run = CollectionSync(client, ContactsSide(book), state, account.addressbook, FIXED_NOW_UTC)
        with pytest.raises(SyncError):
            run.run()
        client.close()
    desk.server.start()
    report = desk.sync()
    assert report.exit_code == 0, report.error
    assert report.collections[0].conflicts == []
    assert _on_server(desk) == [f"c{n}.vcf" for n in range(6)]  # each once
    assert desk.sync().collections[0].uploaded == []


def test_changes_made_while_the_server_is_down_go_up_later(
    desk: Desk, radicale: RadicaleServer, tmp_path: Path
) -> None:
    desk.add(contact("forwarder", "货代小王"), contact("owner", "老板"))
    desk.sync()
    radicale.stop()
    try:
        with desk.book() as book:
            book.delete("forwarder")
        desk.add(contact("operator", "客服小李"))
        failed = desk.sync()
        assert failed.exit_code == 2
        assert failed.error is not None and failed.error.code == "sync.error.down"
        waiting = status(desk.folder, fixed_clock)
        assert waiting.pending["contacts"].new == 1
        assert waiting.pending["contacts"].deleted == 1
        assert waiting.last_run["error_code"] == "sync.error.down"
    finally:
        radicale.start()
    assert desk.sync().exit_code == 0
    assert _on_server(desk) == ["operator.vcf", "owner.vcf"]
    other = Desk(tmp_path / "b", radicale, desk.user, desk.password)
    other.set_up()
    other.sync()
    assert set(other.contacts()) == {"operator", "owner"}


def test_a_wrong_password_then_the_right_one(desk: Desk) -> None:
    desk.add(contact("forwarder", "货代小王"))
    refused = desk.sync(password="wrong")
    assert refused.exit_code == 2
    assert refused.error is not None and refused.error.code == "sync.error.unauthorized"
    assert "401" in str(refused.error)
    assert set(desk.contacts()) == {"forwarder"}
    assert status(desk.folder, fixed_clock).pending["contacts"].new == 1
    done = desk.sync()
    assert done.exit_code == 0 and done.collections[0].uploaded == ["货代小王"]


def test_a_forgotten_sync_token_compares_etags_and_infers_no_deletion(
    desk: Desk, tmp_path: Path
) -> None:
    desk.add(contact("forwarder", "货代小王"))
    desk.sync()
    other = Desk(tmp_path / "b", desk.server, desk.user, desk.password)
    other.set_up()
    other.sync()
    with other.book() as book:
        book.delete("forwarder")
    other.sync()
    with SyncState(desk.folder) as state:
        state.set_token("contacts", "http://radicale.org/ns/sync/forgotten")
    report = desk.sync()
    assert report.exit_code == 0
    # absent from the full listing is not "deleted": kept here and sent again
    assert report.collections[0].deleted_here == []
    assert report.collections[0].uploaded == ["货代小王"]
    assert set(desk.contacts()) == {"forwarder"}
