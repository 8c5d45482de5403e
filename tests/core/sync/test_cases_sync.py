"""Cases ↔ a real Radicale task list (VTODO): both desks see every case and every event."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from tests.core.sync.desks import Desk, DiesAfterWrites, add_case, cases, contact, log

from clock_fixtures import FIXED_NOW_UTC, fixed_clock
from faqdesk.core.cases.model import CaseEvent, CaseStatus, EventKind
from faqdesk.core.cases.store import CaseStore
from faqdesk.core.sync.cases import CasesSide
from faqdesk.core.sync.dav import DavClient
from faqdesk.core.sync.engine import CollectionSync
from faqdesk.core.sync.errors import SyncError
from faqdesk.core.sync.state import SyncState
from radicale_server import RadicaleServer


def _task(desk: Desk) -> str:
    with SyncState(desk.folder) as state:
        account = state.account()
    assert account is not None and account.calendar
    with DavClient(desk.server.url, desk.user, desk.password) as client:
        found = client.propfind(account.calendar, "<D:getetag/>", 1)
        (href,) = [r.href for r in found if r.href.endswith(".ics")]
        body, _etag = client.get(href)
    return body


def test_a_contact_and_a_case_added_on_a_reach_b(desks: tuple[Desk, Desk]) -> None:
    a, b = desks
    a.add(contact("forwarder", "货代小王"))
    add_case(a, "包裹延误")
    sent = a.sync()
    assert sent.exit_code == 0
    assert [c.uploaded for c in sent.collections] == [
        ["货代小王"],
        ["C-0001 包裹延误 12345678-0001-1"],
    ]
    todo = _task(a)
    assert "BEGIN:VTODO" in todo and "SUMMARY:包裹延误 12345678-0001-1" in todo
    assert "DUE:20261127T090000Z" in todo and "BEGIN:VALARM" in todo
    assert "STATUS:IN-PROCESS" in todo  # sent when opened: waiting for the reply
    got = b.sync()
    assert got.exit_code == 0, got.collections[1].problems
    assert set(b.contacts()) == {"forwarder"}
    case = cases(b)["包裹延误"]
    assert (case.contact, case.channel, case.posting) == ("forwarder", "phone", "12345678-0001-1")
    assert case.reply_due == FIXED_NOW_UTC + timedelta(hours=24)
    assert b.sync().collections[1].uploaded == []  # no echo back


def test_events_logged_on_both_desks_are_all_kept(desks: tuple[Desk, Desk]) -> None:
    a, b = desks
    a.add(contact("forwarder", "货代小王"))
    case_id = add_case(a, "包裹延误")
    a.sync()
    b.sync()
    (b_id,) = [c.id for c in cases(b).values()]
    log(a, case_id, CaseEvent(EventKind.CALLED, FIXED_NOW_UTC + timedelta(hours=1), "phone",
                              outcome="no answer"))  # fmt: skip
    log(b, b_id, CaseEvent(EventKind.REPLY, FIXED_NOW_UTC + timedelta(hours=2), "phone",
                           text="已找到包裹"))  # fmt: skip
    assert a.sync().exit_code == 0
    report = b.sync()
    assert report.exit_code == 1
    assert [c.what for c in report.collections[1].conflicts] == ["both_changed"]
    a.sync()
    for desk in (a, b):
        kinds = [e.kind for e in cases(desk)["包裹延误"].events]
        assert EventKind.CALLED in kinds and EventKind.REPLY in kinds
        notes = [e.text for e in cases(desk)["包裹延误"].events if e.kind is EventKind.NOTE]
        assert any("both histories are kept" in text for text in notes)


def test_a_closed_case_is_completed_on_the_server(desks: tuple[Desk, Desk]) -> None:
    a, b = desks
    a.add(contact("forwarder", "货代小王"))
    case_id = add_case(a, "包裹延误")
    a.sync()
    b.sync()
    log(a, case_id, CaseEvent(EventKind.STATUS, FIXED_NOW_UTC + timedelta(hours=3),
                              status=CaseStatus.CLOSED))  # fmt: skip
    a.sync()
    assert "STATUS:COMPLETED" in _task(a) and "BEGIN:VALARM" not in _task(a)
    b.sync()
    assert cases(b)["包裹延误"].status is CaseStatus.CLOSED


def test_a_case_whose_contact_b_lacks_waits_on_the_server(desks: tuple[Desk, Desk]) -> None:
    a, b = desks
    with SyncState(a.folder) as state:  # A shares cases only, for now
        full = state.account()
        assert full is not None
        state.set_account(dataclasses.replace(full, addressbook=""))
    a.add(contact("forwarder", "货代小王"))
    add_case(a, "包裹延误")
    a.sync()
    waiting = b.sync()
    (problem,) = waiting.collections[1].problems
    assert "no contact with id 'forwarder'" in str(problem)
    assert cases(b) == {}
    with SyncState(a.folder) as state:
        state.set_account(full)
    a.sync()  # now the contact is on the server too
    assert b.sync().exit_code == 0
    assert set(cases(b)) == {"包裹延误"}


def test_a_task_made_on_a_phone_is_left_alone(desks: tuple[Desk, Desk]) -> None:
    a, _b = desks
    with SyncState(a.folder) as state:
        account = state.account()
    assert account is not None
    todo = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Phone//EN\r\nBEGIN:VTODO\r\n"
        "UID:phone-1\r\nDTSTAMP:20261126T090000Z\r\nSUMMARY:<b>buy tape</b>\r\n"
        "END:VTODO\r\nEND:VCALENDAR\r\n"
    )
    with DavClient(a.server.url, a.user, a.password) as client:
        client.put(account.calendar + "phone-1.ics", todo, "text/calendar", etag=None)
    report = a.sync()
    assert report.exit_code == 0 and cases(a) == {}
    (problem,) = report.collections[1].problems
    assert "not a FAQDesk case; left on the server" in str(problem)


def test_server_killed_mid_sync_leaves_no_double_cases(
    desks: tuple[Desk, Desk], radicale: RadicaleServer
) -> None:
    a, _b = desks
    a.add(contact("forwarder", "货代小王"))
    a.sync()
    for n in range(4):
        add_case(a, f"包裹{n}")
    with (
        SyncState(a.folder) as state,
        CaseStore.open(a.folder, clock=fixed_clock) as store,
        a.book() as book,
    ):
        account = state.account()
        assert account is not None
        side = CasesSide(store, lambda: {c.id: c for c in book.contacts()}, FIXED_NOW_UTC,
                         state.desk_id)  # fmt: skip
        client = DiesAfterWrites(radicale, 2, radicale.url, a.user, a.password)
        with pytest.raises(SyncError):
            CollectionSync(client, side, state, account.calendar, FIXED_NOW_UTC).run()
        client.close()
    radicale.start()
    report = a.sync()
    assert report.exit_code == 0 and report.collections[1].conflicts == []
    with DavClient(a.server.url, a.user, a.password) as client:
        found = client.propfind(account.calendar, "<D:getetag/>", 1)
    assert len([r for r in found if r.href.endswith(".ics")]) == 4
    assert a.sync().collections[1].uploaded == []
