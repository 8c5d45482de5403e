"""The case store: what is kept, what is refused, and that nothing is lost."""

from __future__ import annotations

import multiprocessing
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from case_fixtures import THURSDAY_NOON_MSK, contacts, lost_parcel
from clock_fixtures import fixed_clock
from faqdesk.core.cases.model import CaseEvent, CaseStatus, EventKind, case_to_mapping
from faqdesk.core.cases.next_step import by_urgency
from faqdesk.core.cases.store import (
    DB_NAME,
    CaseInvalid,
    CaseMissing,
    CasesReadOnly,
    CaseStore,
)


@pytest.fixture
def store(tmp_path: Path) -> CaseStore:
    opened = CaseStore.open(tmp_path, clock=fixed_clock)
    yield opened  # type: ignore[misc]
    opened.close()


def test_new_case_gets_a_readable_id_and_a_reply_due_from_the_channel(store: CaseStore) -> None:
    first = store.add(lost_parcel(), contacts())
    second = store.add(lost_parcel(channel="chat"), contacts())
    third = store.add(lost_parcel(contact="mailbox", channel="mail"), contacts())
    assert [first.id, second.id, third.id] == ["C-0001", "C-0002", "C-0003"]
    assert first.reply_due == THURSDAY_NOON_MSK + timedelta(hours=24)
    assert second.reply_due == THURSDAY_NOON_MSK + timedelta(hours=2)
    assert third.reply_due == THURSDAY_NOON_MSK + timedelta(hours=48)
    assert first.status is CaseStatus.WAITING
    assert [e.kind for e in first.events] == [EventKind.CREATED, EventKind.SENT]
    assert first.tracking == ("RU123456789CN",)


def test_a_case_survives_reopening_with_every_field(tmp_path: Path) -> None:
    with CaseStore.open(tmp_path, clock=fixed_clock) as store:
        made = store.add(lost_parcel(attachments=("/nonexistent/photo.jpg",)), contacts())
    with CaseStore.open(tmp_path, clock=fixed_clock) as store:
        again = store.get("c-1")
    assert again is not None
    assert case_to_mapping(again) == case_to_mapping(made)
    assert case_to_mapping(again)["attachments"] == [
        {"path": "/nonexistent/photo.jpg", "missing": True}
    ]


def test_attachment_shows_missing_once_the_file_is_gone(store: CaseStore, tmp_path: Path) -> None:
    photo = tmp_path / "破损.jpg"
    photo.write_bytes(b"\xff\xd8")
    case = store.add(lost_parcel(attachments=(str(photo),)), contacts())
    assert not case.attachments[0].missing
    photo.unlink()
    again = store.get(case.id)
    assert again is not None and again.attachments[0].missing
    assert not (tmp_path / "attachments").exists()  # referenced, never copied


def test_sent_message_restarts_the_wait_and_reply_answers(store: CaseStore) -> None:
    case = store.add(lost_parcel(), contacts())
    later = THURSDAY_NOON_MSK + timedelta(hours=30)
    sent = store.log(case.id, CaseEvent(EventKind.SENT, later, channel="ticket", text="还没收到"))
    assert sent.reply_due == later + timedelta(hours=24)
    assert sent.last_sent_at == later
    answered = store.log(case.id, CaseEvent(EventKind.REPLY, later + timedelta(hours=1)))
    assert answered.status is CaseStatus.ANSWERED
    closed = store.close_case(case.id, later + timedelta(hours=2))
    assert closed.status is CaseStatus.CLOSED
    assert [e.kind for e in closed.events][-3:] == [
        EventKind.SENT,
        EventKind.REPLY,
        EventKind.STATUS,
    ]
    assert closed.events[2].text == "还没收到"


def test_call_escalates_and_restarts_the_wait(store: CaseStore) -> None:
    case = store.add(lost_parcel(), contacts())
    at = THURSDAY_NOON_MSK + timedelta(hours=26)
    called = store.log(case.id, CaseEvent(EventKind.CALLED, at, outcome="escalated to L2"))
    assert called.status is CaseStatus.ESCALATED
    assert called.reply_due == at + timedelta(hours=24)
    assert called.events[-1].outcome == "escalated to L2"


def test_an_older_message_logged_late_does_not_move_the_due_time_back(store: CaseStore) -> None:
    case = store.add(lost_parcel(), contacts())
    store.log(case.id, CaseEvent(EventKind.SENT, THURSDAY_NOON_MSK + timedelta(hours=10)))
    again = store.log(case.id, CaseEvent(EventKind.SENT, THURSDAY_NOON_MSK + timedelta(hours=5)))
    assert again.reply_due == THURSDAY_NOON_MSK + timedelta(hours=34)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"contact": "nobody"}, "contact"),
        ({"channel": "fax"}, "channel"),
        ({"posting": "12345<script>"}, "posting"),
        ({"order": "１２３＊"}, "order"),
        ({"tracking": ("ok1", "bad number")}, "tracking[1]"),
        ({"tracking": ("X" * 65,)}, "tracking[0]"),
        ({"title": "a\x1b[31mred"}, "title"),
        ({"title": "x" * 5000}, "title"),
        ({"problem": "Drop Table"}, "problem"),
        ({"posting": "", "order": "", "tracking": (), "title": "  "}, "posting"),
        ({"opened_at": datetime(2026, 1, 1)}, "at"),
        ({"escalation_contact": "ghost"}, "escalation_contact"),
        ({"attachments": ("a\x00b",)}, "attachments[0]"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_stored(
    store: CaseStore, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(CaseInvalid) as caught:
        store.add(lost_parcel(**changes), contacts())
    assert field in [problem.field for problem in caught.value.problems]
    assert f"'{field}'" in str(caught.value)
    assert store.cases() == []


def test_an_event_before_the_opening_is_refused(store: CaseStore) -> None:
    case = store.add(lost_parcel(), contacts())
    earlier = THURSDAY_NOON_MSK - timedelta(minutes=1)
    with pytest.raises(CaseInvalid) as caught:
        store.log(case.id, CaseEvent(EventKind.REPLY, earlier))
    assert [p.field for p in caught.value.problems] == ["at"]
    stored = store.get(case.id)
    assert stored is not None and stored.status is CaseStatus.WAITING
    assert len(stored.events) == 2


def test_unknown_case_is_named(store: CaseStore) -> None:
    with pytest.raises(CaseMissing, match="C-0404"):
        store.log("C-0404", CaseEvent(EventKind.NOTE, THURSDAY_NOON_MSK, text="x"))


def test_search_finds_by_number_prefix_title_ticket_and_id(store: CaseStore) -> None:
    store.add(lost_parcel(), contacts())
    store.add(
        lost_parcel(posting="87654321-0002-1", order="", tracking=("LP00998877",), title="破损"),
        contacts(),
    )
    found = {case.id for case in store.search("12345678")}
    assert found == {"C-0001"}
    assert [c.id for c in store.search("lp0099")] == ["C-0002"]
    assert [c.id for c in store.search("ru123456789cn")] == ["C-0001"]
    assert [c.id for c in store.search("破损")] == ["C-0002"]
    assert [c.id for c in store.search("lost parcel")] == ["C-0001"]
    assert [c.id for c in store.search("C-0002")] == ["C-0002"]
    assert store.search("99999999") == []
    assert store.search("%") == []
    assert store.search("") == []


def _add_notes(folder: str, case_id: str, count: int, tag: str) -> None:
    with CaseStore.open(folder, clock=fixed_clock) as store:
        for index in range(count):
            at = THURSDAY_NOON_MSK + timedelta(minutes=index)
            store.log(case_id, CaseEvent(EventKind.NOTE, at, text=f"{tag}-{index}"))


def test_two_processes_adding_events_to_one_case_lose_none(tmp_path: Path) -> None:
    with CaseStore.open(tmp_path, clock=fixed_clock) as store:
        case = store.add(lost_parcel(), contacts())
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=_add_notes, args=(str(tmp_path), case.id, 40, tag))
        for tag in ("a", "b")
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    with CaseStore.open(tmp_path, clock=fixed_clock) as store:
        stored = store.get(case.id)
    assert stored is not None
    notes = {e.text for e in stored.events if e.kind is EventKind.NOTE}
    assert notes == {f"{tag}-{i}" for tag in ("a", "b") for i in range(40)}


def test_damaged_file_is_kept_aside_and_a_fresh_store_starts(tmp_path: Path) -> None:
    garbage = b"this is not a database\x00" * 100
    (tmp_path / DB_NAME).write_bytes(garbage)
    with CaseStore.open(tmp_path, clock=fixed_clock) as store:
        assert not store.read_only
        assert store.cases() == []
        assert any("damaged" in message for message in store.messages)
        store.add(lost_parcel(), contacts())
    kept = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == garbage


def test_cases_readable_in_a_damaged_file_are_salvaged(tmp_path: Path) -> None:
    with CaseStore.open(tmp_path, clock=fixed_clock) as store:
        for _ in range(3):
            store.add(lost_parcel(), contacts())
    path = tmp_path / DB_NAME
    with sqlite3.connect(path) as connection:  # a newer table layout the app cannot read
        connection.execute("ALTER TABLE case_attachments RENAME TO attachments_old")
    connection.close()
    with CaseStore.open(tmp_path, clock=fixed_clock) as store:
        assert [case.id for case in store.cases()] == ["C-0001", "C-0002", "C-0003"]
        assert any("3 case(s) were recovered" in message for message in store.messages)
        assert store.cases()[0].posting == "12345678-0001-1"


def test_data_folder_that_is_a_file_gives_a_read_only_store(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("mine", encoding="utf-8")
    with CaseStore.open(blocker, clock=fixed_clock) as store:
        assert store.read_only
        assert store.cases() == []
        with pytest.raises(CasesReadOnly):
            store.add(lost_parcel(), contacts())
    assert blocker.read_text(encoding="utf-8") == "mine"


def test_times_are_kept_in_utc_whole_seconds(store: CaseStore) -> None:
    shanghai = datetime(2026, 11, 26, 17, 0, 0, 123456, tzinfo=UTC) + timedelta(0)
    case = store.add(lost_parcel(opened_at=shanghai), contacts())
    assert case.opened_at == datetime(2026, 11, 26, 17, 0, tzinfo=UTC)


def test_a_version_1_database_is_migrated_with_its_tracking_numbers(tmp_path: Path) -> None:
    from faqdesk.core.cases.database import MIGRATIONS

    connection = sqlite3.connect(tmp_path / DB_NAME, isolation_level=None)
    for statement in MIGRATIONS[0][1]:
        connection.execute(statement)
    connection.execute("PRAGMA user_version = 1")
    at = "2026-11-26T09:00:00+00:00"
    connection.execute(
        "INSERT INTO cases VALUES (?, 1, 'lost', '', '123-1', '', 'desk', 'ticket', '', '', "
        "?, 24, ?, ?, 'waiting', ?)",
        ("C-0001", at, "2026-11-27T09:00:00+00:00", at, at),
    )
    for position, number in enumerate(("RU1", "LP2")):
        connection.execute(
            "INSERT INTO case_numbers VALUES ('C-0001', 'tracking', ?, ?, ?)",
            (position, number, number),
        )
    connection.close()
    with CaseStore.open(tmp_path, clock=fixed_clock) as store:
        case = store.get("C-0001")
        assert store.messages == []
    assert case is not None and case.tracking == ("RU1", "LP2")
    assert case.posting == "123-1"


def test_a_folder_in_place_of_the_database_is_left_alone_and_cases_are_read_only(
    tmp_path: Path,
) -> None:
    (tmp_path / DB_NAME).mkdir()
    (tmp_path / DB_NAME / "mine.txt").write_text("keep", encoding="utf-8")
    with CaseStore.open(tmp_path, clock=fixed_clock) as store:
        assert store.read_only
        assert store.cases() == []
        assert any("read-only" in message for message in store.messages)
        with pytest.raises(CasesReadOnly):
            store.add(lost_parcel(), contacts())
    assert (tmp_path / DB_NAME / "mine.txt").read_text(encoding="utf-8") == "keep"


def test_search_with_huge_or_binary_text_finds_nothing_and_does_not_fail(
    store: CaseStore,
) -> None:
    store.add(lost_parcel(), contacts())
    assert store.search("x" * 1_000_000) == []
    assert store.search("\x00\xff\ud800") == []
    assert [case.id for case in store.search("  12345678-0001  ")] == ["C-0001"]


def test_open_cases_come_by_urgency_from_the_store(store: CaseStore) -> None:
    moscow = timezone(timedelta(hours=3))
    made = [
        store.add(lost_parcel(), contacts()),  # due Fri 09:00 UTC
        store.add(lost_parcel(channel="chat"), contacts()),  # due Thu 11:00 UTC
        store.add(lost_parcel(contact="mailbox", channel="mail"), contacts()),  # Sat 09:00
        # opened in Moscow time, 23 h later: due Fri 08:00 UTC = 11:00 Moscow
        store.add(lost_parcel(opened_at=datetime(2026, 11, 26, 11, 0, tzinfo=moscow)), contacts()),
        store.add(lost_parcel(), contacts()),  # the same due time as C-0001
        store.add(lost_parcel(channel="chat"), contacts()),  # answered: not listed
    ]
    store.log(made[-1].id, CaseEvent(EventKind.REPLY, THURSDAY_NOON_MSK + timedelta(hours=1)))
    listed = store.open_by_urgency()
    assert [case.id for case in listed] == ["C-0002", "C-0004", "C-0001", "C-0005", "C-0003"]
    now = THURSDAY_NOON_MSK + timedelta(hours=25)
    assert listed == by_urgency(store.cases(open_only=True, with_events=False), now)
    assert all(case.events == () for case in listed)


def test_the_most_urgent_page_and_the_counts_match_the_whole_list(store: CaseStore) -> None:
    for channel in ("ticket", "chat", "ticket", "chat", "ticket"):
        store.add(lost_parcel(channel=channel), contacts())
    store.close_case("C-0002")
    listed = store.open_by_urgency()
    assert store.open_by_urgency(limit=2) == listed[:2]
    assert store.open_by_urgency(limit=0) == []
    after_chat = THURSDAY_NOON_MSK + timedelta(hours=2)  # the chat's reply was due then
    assert store.open_count(after_chat - timedelta(seconds=1)) == (4, 0)
    assert store.open_count(after_chat) == (4, 1)
    assert store.open_count(after_chat.replace(microsecond=999)) == (4, 1)
    assert store.open_count(THURSDAY_NOON_MSK + timedelta(days=1)) == (4, 4)
