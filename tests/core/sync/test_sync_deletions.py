"""Deletions from the server: only what the server reports as deleted is deleted here, many at
once are held back until the user accepts them, and every contact sync deletes here is kept
as a copy in a file. A card for a bundled contact only edits it."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.core.sync.desks import Desk, contact

from faqdesk.core.contacts.vcard import vcards_from_text
from faqdesk.core.sync.dav import DavClient
from faqdesk.core.sync.state import SyncState


def _addressbook(desk: Desk) -> str:
    with SyncState(desk.folder) as state:
        account = state.account()
    assert account is not None
    return account.addressbook


def _client(desk: Desk) -> DavClient:
    return DavClient(desk.server.url, desk.user, desk.password)


def _share(a: Desk, b: Desk, count: int) -> list[str]:
    ids = [f"forwarder-{n}" for n in range(count)]
    a.add(*(contact(i, f"货代{n}") for n, i in enumerate(ids)))
    assert a.sync().exit_code == 0
    assert b.sync().exit_code == 0
    return ids


def _delete_on(desk: Desk, ids: list[str]) -> None:
    with desk.book() as book:
        for contact_id in ids:
            book.delete(contact_id)
    assert desk.sync().exit_code == 0


@pytest.mark.parametrize("history", ["unknown to the server", "forgotten"])
def test_a_wiped_address_book_deletes_nothing_here_and_gets_everything_back(
    desks: tuple[Desk, Desk], history: str
) -> None:
    a, b = desks
    ids = _share(a, b, 15)
    assert a.sync().exit_code == 0  # A's sync token now names the 15: the server forgets it
    book = _addressbook(a)
    with _client(a) as client:  # the server's address book is wiped and made again, empty
        client.request("DELETE", book, ok=(200, 204))
        client.make_collection(book, "<C:addressbook/>", "FAQDesk")
    if history == "forgotten":  # no sync token: a full listing with no cards in it
        with SyncState(a.folder) as state:
            state.set_token("contacts", "")

    report = a.sync()

    assert report.exit_code == 0
    part = report.collections[0]
    assert part.deleted_here == []
    assert set(a.contacts()) == set(ids)
    assert len(part.uploaded) == 15  # sent back to the server
    with _client(a) as client:
        listed, _token = client.changes(book, "")
    assert len([r for r in listed if r.href.endswith(".vcf")]) == 15


def test_many_deletions_from_the_server_are_held_back_until_accepted(
    desks: tuple[Desk, Desk],
) -> None:
    a, b = desks
    ids = _share(a, b, 15)
    _delete_on(b, ids[:12])  # someone deleted 12 of the 15 on another desk

    held = a.sync()

    assert held.exit_code == 1
    part = held.collections[0]
    assert part.deleted_here == [] and len(part.held) == 12
    assert set(a.contacts()) == set(ids)
    assert "held_deletions" not in str(held.summary())  # the state key is not a report
    assert held.summary()["held"] == 12

    accepted = a.sync(accept_deletions=True)

    assert accepted.exit_code == 0
    part = accepted.collections[0]
    assert len(part.deleted_here) == 12
    assert set(a.contacts()) == set(ids[12:])
    kept, _problems = vcards_from_text(Path(part.trash).read_text(encoding="utf-8"), "trash")
    assert sorted(c.id for c in kept) == sorted(ids[:12])
    assert b.sync().exit_code == 0
    assert set(b.contacts()) == set(ids[12:])  # the server has the deletions again


def test_a_few_deletions_apply_and_a_copy_of_each_is_kept(desks: tuple[Desk, Desk]) -> None:
    a, b = desks
    ids = _share(a, b, 5)
    _delete_on(b, ids[:1])

    report = a.sync()

    assert report.exit_code == 0
    part = report.collections[0]
    assert part.deleted_here == ["货代0"]
    assert set(a.contacts()) == set(ids[1:])
    trash = Path(part.trash)
    assert trash.parent == a.folder / "sync-deleted"
    kept, _problems = vcards_from_text(trash.read_text(encoding="utf-8"), "trash")
    assert [(c.id, c.display_name("zh")) for c in kept] == [("forwarder-0", "货代0")]


def test_a_card_for_a_bundled_contact_only_edits_it(desks: tuple[Desk, Desk]) -> None:
    a, _b = desks
    with a.book() as book:
        shipped = next(c for c in book.bundled if c.id == "ozon-seller-support")
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:other-app-1\r\nFN:<b>Remote</b>\r\n"
        "X-FAQDESK-ID:ozon-seller-support\r\nEND:VCARD\r\n"
    )
    with _client(a) as client:
        client.put(_addressbook(a) + "other-app-1.vcf", card, "text/vcard", etag=None)

    report = a.sync()

    part = report.collections[0]
    assert part.downloaded == [] and part.changed_bundled == ["<b>Remote</b>"]
    with a.book() as book:
        now = book.get("ozon-seller-support")
    assert now is not None and now.origin == "edited"
    assert now.display_name("en") == "<b>Remote</b>"  # the card's name, in its language
    assert now.display_name("zh") == shipped.display_name("zh")  # the others stay
    assert [c.id for c in now.channels] == [c.id for c in shipped.channels]
    assert now.hours == shipped.hours and now.tz == shipped.tz
