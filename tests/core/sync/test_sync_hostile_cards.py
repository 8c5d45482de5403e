"""Cards another client put on the (real) server with hostile content."""

from __future__ import annotations

from tests.core.sync.desks import Desk

from clock_fixtures import FIXED_NOW_UTC
from faqdesk.core.sync.contacts import ContactsSide
from faqdesk.core.sync.dav import DavClient
from faqdesk.core.sync.engine import CollectionSync
from faqdesk.core.sync.state import SyncState


def _card(uid: str, name: str, note: str, extra: str = "") -> str:
    return (
        f"BEGIN:VCARD\r\nVERSION:4.0\r\nUID:{uid}\r\nFN:{name}\r\n{extra}"
        f"NOTE:{note}\r\nEND:VCARD\r\n"
    )


def _put(desk: Desk, name: str, body: str) -> None:
    with SyncState(desk.folder) as state:
        account = state.account()
    assert account is not None
    with DavClient(desk.server.url, desk.user, desk.password) as client:
        client.put(account.addressbook + name, body, "text/vcard", etag=None)


def test_html_and_control_characters_arrive_as_plain_text(desk: Desk) -> None:
    _put(
        desk,
        "evil.vcf",
        _card("evil", "<b>Boss</b><script>alert(1)</script>", "call\\nme\x07\x1b[31m now"),
    )
    report = desk.sync()
    assert report.exit_code == 0
    (evil,) = desk.contacts().values()
    assert evil.display_name() == "<b>Boss</b><script>alert(1)</script>"  # text, shown as text
    assert not any(ord(ch) < 32 and ch != "\n" for ch in evil.notes["en"])


def test_a_huge_note_stays_on_the_server_and_the_rest_arrives(desk: Desk) -> None:
    _put(desk, "huge.vcf", _card("huge", "Huge", "x" * 1_200_000))
    _put(desk, "fine.vcf", _card("fine", "Fine", "ok"))
    report = desk.sync()
    assert report.exit_code == 0
    assert [c.display_name() for c in desk.contacts().values()] == ["Fine"]
    (problem,) = report.collections[0].problems
    assert problem.where == "huge.vcf" and "left on the server" in str(problem)


def test_a_card_claiming_a_hostile_id_gets_a_safe_one(desk: Desk) -> None:
    _put(desk, "x.vcf", _card("x", "Path", "n", "X-FAQDESK-ID:../../etc/passwd\r\n"))
    desk.sync()
    (got,) = desk.contacts()
    assert "/" not in got and "." not in got


def test_a_broken_card_is_reported_and_the_others_still_arrive(desk: Desk) -> None:
    _put(desk, "fine.vcf", _card("fine", "Fine", "ok"))
    _put(desk, "empty.vcf", "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:empty\r\nFN:\r\nEND:VCARD\r\n")
    report = desk.sync()
    assert report.exit_code == 0
    assert [c.display_name() for c in desk.contacts().values()] == ["Fine"]
    assert any(p.where.startswith("empty.vcf") for p in report.collections[0].problems)


def test_a_ten_megabyte_card_is_refused_before_it_is_parsed(desk: Desk) -> None:
    # Radicale itself refuses items over 10,000,000 bytes, so this one is handed to the sync
    # as if a server had sent it.
    with (
        SyncState(desk.folder) as state,
        desk.book() as book,
        DavClient(desk.server.url, desk.user, desk.password) as client,
    ):
        run = CollectionSync(client, ContactsSide(book), state, "/x/book/", FIXED_NOW_UTC)
        run._load()
        run.remote_changed("/x/book/big.vcf", '"e1"', _card("big", "Big", "x" * 10 * 2**20))
        assert [p.where for p in run.report.problems] == ["big.vcf"]
        assert book.contacts() == book.bundled
