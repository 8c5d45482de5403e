"""Contacts ↔ a real Radicale address book: two desks, one truth, nothing lost."""

from __future__ import annotations

import dataclasses

from tests.core.sync.desks import Desk, contact

from faqdesk.core.contacts.model import Contact
from faqdesk.core.sync.dav import DavClient
from faqdesk.core.sync.state import SyncState


def test_a_contact_added_on_one_desk_reaches_the_other(desks: tuple[Desk, Desk]) -> None:
    a, b = desks
    a.add(contact("forwarder", "货代小王", hours={"mon-fri": "09:00-18:00"}))
    sent = a.sync()
    assert sent.error is None and sent.exit_code == 0
    assert sent.collections[0].uploaded == ["货代小王"]
    got = b.sync()
    assert got.exit_code == 0
    assert got.collections[0].downloaded == ["货代小王"]
    assert b.contacts()["forwarder"] == a.contacts()["forwarder"]
    assert b.contacts()["forwarder"].hours is not None


def _renamed(desk: Desk, contact_id: str, name: str) -> None:
    with desk.book() as book:
        book.update(contact_id, lambda c: dataclasses.replace(c, name={"zh": name}))


def _shared(desks: tuple[Desk, Desk], *contacts: Contact) -> None:
    a, b = desks
    a.add(*contacts)
    assert a.sync().exit_code == 0
    assert b.sync().exit_code == 0


def test_a_second_sync_without_changes_moves_nothing(desks: tuple[Desk, Desk]) -> None:
    a, _b = desks
    a.add(contact("forwarder", "货代小王"))
    a.sync()
    again = a.sync()
    assert again.exit_code == 0
    report = again.collections[0]
    assert (report.uploaded, report.downloaded, report.conflicts) == ([], [], [])


def test_bundled_contacts_stay_home_but_an_edit_of_one_travels(desks: tuple[Desk, Desk]) -> None:
    a, b = desks
    with a.book() as book:
        bundled = book.bundled[0]
        book.save(dataclasses.replace(bundled, notes={"zh": "已核实"}))
    sent = a.sync().collections[0]
    assert sent.uploaded == [bundled.display_name("zh")]
    b.sync()
    with b.book() as book:
        got = book.get(bundled.id)
    assert got is not None and got.origin == "edited" and got.notes == {"zh": "已核实"}


def test_edit_here_and_on_the_server_keeps_both(desks: tuple[Desk, Desk]) -> None:
    a, b = desks
    _shared(desks, contact("forwarder", "货代小王"))
    _renamed(a, "forwarder", "货代小王（A）")
    _renamed(b, "forwarder", "货代小王（B）")
    assert a.sync().exit_code == 0
    report = b.sync()
    assert report.exit_code == 1
    (conflict,) = report.collections[0].conflicts
    assert conflict.what == "both_changed" and conflict.copy_id
    mine = b.contacts()
    assert mine["forwarder"].name == {"zh": "货代小王（A）"}  # the server's version
    assert mine[conflict.copy_id].name["zh"].startswith("货代小王（B）")  # ours, kept
    a.sync()
    assert conflict.copy_id in a.contacts()  # the team sees both


def test_b_edits_while_a_deletes_nothing_is_lost(desks: tuple[Desk, Desk]) -> None:
    a, b = desks
    _shared(desks, contact("forwarder", "货代小王"))
    with a.book() as book:
        book.delete("forwarder")
    _renamed(b, "forwarder", "货代小王 新号码")
    assert a.sync().collections[0].deleted_there == ["forwarder"]
    report = b.sync()
    assert report.exit_code == 1
    assert [c.what for c in report.collections[0].conflicts] == ["deleted_there"]
    assert b.contacts()["forwarder"].name == {"zh": "货代小王 新号码"}
    a.sync()
    assert a.contacts()["forwarder"].name == {"zh": "货代小王 新号码"}  # back on A too


def test_a_deletes_after_b_edited_gets_the_edit_back(desks: tuple[Desk, Desk]) -> None:
    a, b = desks
    _shared(desks, contact("forwarder", "货代小王"))
    _renamed(b, "forwarder", "货代小王 新号码")
    b.sync()
    with a.book() as book:
        book.delete("forwarder")
    report = a.sync()
    assert [c.what for c in report.collections[0].conflicts] == ["deleted_here"]
    assert a.contacts()["forwarder"].name == {"zh": "货代小王 新号码"}


def test_a_deletion_reaches_the_other_desk(desks: tuple[Desk, Desk]) -> None:
    a, b = desks
    _shared(desks, contact("forwarder", "货代小王"), contact("owner", "老板"))
    with a.book() as book:
        book.delete("forwarder")
    a.sync()
    report = b.sync()
    assert report.collections[0].deleted_here == ["货代小王"]
    assert set(b.contacts()) == {"owner"}


def test_the_same_new_id_on_two_desks_is_a_conflict_not_an_overwrite(
    desks: tuple[Desk, Desk],
) -> None:
    a, b = desks
    a.add(contact("ozon", "Ozon 客服", notes={"zh": "A 的笔记"}))
    b.add(contact("ozon", "Ozon 客服", notes={"zh": "B 的笔记"}))
    a.sync()
    report = b.sync()
    assert report.exit_code == 1
    (conflict,) = report.collections[0].conflicts
    kept = b.contacts()
    assert kept["ozon"].notes == {"zh": "A 的笔记"}
    assert kept[conflict.copy_id].notes == {"zh": "B 的笔记"}


def test_the_same_contact_added_on_two_desks_is_no_conflict(desks: tuple[Desk, Desk]) -> None:
    a, b = desks
    a.add(contact("ozon", "Ozon 客服"))
    b.add(contact("ozon", "Ozon 客服"))
    a.sync()
    report = b.sync()
    assert report.exit_code == 0 and report.collections[0].conflicts == []
    assert set(b.contacts()) == {"ozon"}


THUNDERBIRD_CARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Thunderbird//EN\r\nUID:tb-5f3c9a\r\n"
    "FN:Ivan Petrov\r\nN:Petrov;Ivan;;;\r\nTEL;TYPE=work:+7 812 555-01-02\r\n"
    "EMAIL:ivan@example.ru\r\nNOTE:Склад в Шушарах\r\nEND:VCARD\r\n"
)


def test_a_card_from_another_program_becomes_a_contact_without_hours(
    desks: tuple[Desk, Desk],
) -> None:
    a, _b = desks
    with SyncState(a.folder) as state:
        account = state.account()
    assert account is not None
    with DavClient(a.server.url, a.user, a.password) as client:
        client.put(account.addressbook + "tb-5f3c9a.vcf", THUNDERBIRD_CARD, "text/vcard", etag=None)
        report = a.sync()
        assert report.exit_code == 0
        (ivan,) = a.contacts().values()
        assert ivan.display_name() == "Ivan Petrov" and ivan.hours is None
        assert [ch.value for ch in ivan.channels] == ["+7 812 555-01-02", "ivan@example.ru"]
        _renamed(a, ivan.id, "Иван Петров")
        assert a.sync().collections[0].uploaded == ["Иван Петров"]
        body, _etag = client.get(account.addressbook + "tb-5f3c9a.vcf")
    assert "UID:tb-5f3c9a" in body  # the other program still knows its card
    assert "Иван Петров" in body and "X-FAQDESK-ID" in body


def test_two_cards_claiming_one_id_both_arrive(desks: tuple[Desk, Desk]) -> None:
    a, _b = desks
    a.add(contact("forwarder", "货代小王"))
    a.sync()
    with SyncState(a.folder) as state:
        account = state.account()
    assert account is not None
    with DavClient(a.server.url, a.user, a.password) as client:  # another program copied it
        body, _etag = client.get(account.addressbook + "forwarder.vcf")
        copy = body.replace("UID:faqdesk-forwarder", "UID:copied")
        client.put(account.addressbook + "copied.vcf", copy, "text/vcard", etag=None)
    report = a.sync()
    assert report.exit_code == 0
    mine = a.contacts()
    assert len(mine) == 2 and "forwarder" in mine  # the copy got an id of its own
    assert [c.display_name() for c in mine.values()] == ["货代小王", "货代小王"]
