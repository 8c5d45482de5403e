"""``faqdesk cases``: add, list by urgency, show, log, close, export and reminders."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from case_fixtures import contacts, desk, lost_parcel, mailbox
from clock_fixtures import fixed_clock
from faqdesk.cli import main
from faqdesk.core import paths
from faqdesk.core.cases.store import CaseStore
from faqdesk.core.contacts.book import ContactBook

# Thursday 2026-11-26 12:00 Moscow (the fixed clock of the tests).
OPENED = "2026-11-26T12:00+03:00"


@pytest.fixture(autouse=True)
def my_contacts() -> None:
    with ContactBook.open(clock=fixed_clock) as book:
        book.save(desk())
        book.save(mailbox())


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["cases", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    code, out, err = run(capsys, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def add(capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, Any]:
    data = run_json(
        capsys,
        "add", "--problem", "lost", "--posting", "12345678-0001-1", "--order", "12345678-0001",
        "--tracking", "RU123456789CN", "--contact", "desk", "--channel", "ticket",
        "--ticket", "T-77", "--title", "丢件", "--at", OPENED, "--tz", "Asia/Shanghai", *extra,
    )  # fmt: skip
    assert isinstance(data, dict)
    return data


def test_add_prints_the_case_with_every_field_and_its_next_step(
    capsys: pytest.CaptureFixture[str],
) -> None:
    case = add(capsys)
    assert case["id"] == "C-0001"
    assert case["status"] == "waiting"
    assert case["opened_at"] == "2026-11-26T09:00:00+00:00"
    assert case["reply_due"] == "2026-11-27T09:00:00+00:00"
    assert case["tracking"] == ["RU123456789CN"]
    assert (case["contact"], case["channel"], case["ticket"]) == ("desk", "ticket", "T-77")
    assert [event["kind"] for event in case["events"]] == ["created", "sent"]
    assert case["next_step"]["kind"] == "wait"
    assert case["next_step"]["at"] == "2026-11-27T09:00:00+00:00"
    assert case["next_step"]["reason"] == "reply expected by Fri 17:00 your time"


def test_list_sorts_by_urgency_and_says_the_next_step(capsys: pytest.CaptureFixture[str]) -> None:
    add(capsys)  # due Fri 09:00 UTC
    add(capsys, "--channel", "chat")  # due Thu 11:00 UTC
    add(capsys, "--contact", "mailbox", "--channel", "mail")  # due Sat 09:00 UTC
    # Friday 14:00 Moscow: C-0001 and C-0002 overdue (phone open), C-0003 waits.
    at = ("--at", "2026-11-27T14:00+03:00", "--tz", "Asia/Shanghai")
    listed = run_json(capsys, "list", *at)
    assert [c["id"] for c in listed] == ["C-0002", "C-0001", "C-0003"]
    assert [c["badge"] for c in listed] == ["call_now", "call_now", "waiting"]
    assert listed[1]["next_step"] == {
        "kind": "call",
        "at": "2026-11-27T11:00:00+00:00",
        "channel": "phone",
        "contact": "desk",
        "reason": "no reply for 26 h — phone now, open until 18:00 MSK = 23:00 your time",
        "template": None,
        "values": {},
    }
    overdue = run_json(capsys, "list", "--overdue", *at)
    assert [c["id"] for c in overdue] == ["C-0002", "C-0001"]
    code, out, _ = run(capsys, "list", *at, "--lang", "zh")
    assert code == 0
    assert "C-0002  [现在打电话]" in out
    assert "请您现在打电话" in out


def test_log_sent_restarts_the_wait_and_reply_then_close_end_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    add(capsys)
    sent = run_json(
        capsys, "log", "C-0001", "--sent", "--text", "请尽快处理", "--at", "2026-11-27T15:00+03:00"
    )
    assert sent["reply_due"] == "2026-11-28T12:00:00+00:00"
    assert sent["events"][-1] == {
        "kind": "sent",
        "at": "2026-11-27T12:00:00+00:00",
        "text": "请尽快处理",
    }
    called = run_json(
        capsys, "log", "c-1", "--called", "escalated", "--at", "2026-11-28T16:00+03:00"
    )
    assert called["status"] == "escalated"
    answered = run_json(capsys, "log", "1", "--reply", "--at", "2026-11-29T10:00+03:00")
    assert answered["status"] == "answered"
    assert answered["next_step"]["kind"] == "none"
    closed = run_json(capsys, "close", "C-0001", "--at", "2026-11-29T11:00+03:00")
    assert closed["status"] == "closed"
    assert run_json(capsys, "list", "--open") == []
    code, out, _ = run(capsys, "show", "C-0001", "--tz", "Europe/Moscow")
    assert code == 0
    assert "2026-11-28 16:00  called  escalated" in out


def test_follow_up_names_the_template_and_its_values(capsys: pytest.CaptureFixture[str]) -> None:
    add(capsys, "--contact", "mailbox", "--channel", "mail")
    listed = run_json(capsys, "list", "--at", "2026-11-28T13:00+03:00")
    step = listed[0]["next_step"]
    assert step["kind"] == "follow_up"
    assert step["template"] == "follow-up-no-reply"
    assert step["values"] == {
        "ticket": "T-77",
        "posting": "12345678-0001-1",
        "order": "12345678-0001",
        "since": "2026-11-26",
    }


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("--contact", "nobody"), "--contact: "),
        (("--channel", "fax"), "--channel: "),
        (("--posting", "1234; DROP TABLE"), "--posting: "),
        (("--tracking", "\x1b[2J"), "--tracking[1]: "),
        (("--problem", "我的问题"), "--problem: "),
        (("--title", "bad \udcff bytes"), "--title: "),
        (("--title", "x" * 100_000), "--title: "),
        (("--at", "yesterday"), "--at"),
        (("--at", "0001-01-01T00:00+00:00"), "--at"),
        (("--tz", "Mars/Olympus"), "Mars/Olympus"),
    ],
)
def test_bad_input_exits_2_naming_it_and_stores_nothing(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], named: str
) -> None:
    code, out, err = run(
        capsys,
        "add", "--problem", "lost", "--posting", "12345678-0001-1", "--contact", "desk",
        "--channel", "ticket", "--tracking", "RU1", "--at", OPENED, *args,
    )  # fmt: skip
    assert code == 2
    assert named in err
    assert out == ""
    assert run_json(capsys, "list") == []


def test_an_event_before_the_opening_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    add(capsys)
    code, _, err = run(capsys, "log", "C-0001", "--reply", "--at", "2026-11-25T10:00+03:00")
    assert code == 2
    assert "--at: " in err and "before the case was opened (2026-11-26 09:00 UTC)" in err
    assert run_json(capsys, "show", "C-0001")["status"] == "waiting"


def test_unknown_case_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "close", "C-0042")
    assert code == 2
    assert "C-0042" in err


def test_export_writes_csv_with_bom_that_keeps_chinese(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    add(capsys, "--title", "=HYPERLINK(破损)")
    target = tmp_path / "cases.csv"
    code, out, _ = run(capsys, "export", str(target), "--tz", "Asia/Shanghai")
    assert code == 0 and "1 case(s)" in out
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0]["id"] == "C-0001"
    assert rows[0]["title"] == "'=HYPERLINK(破损)"  # a formula is shown as text
    assert rows[0]["reply_due"] == "2026-11-27 17:00"


def test_export_never_replaces_a_file_unasked_nor_writes_through_odd_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    add(capsys)
    mine = tmp_path / "mine.csv"
    mine.write_text("keep", encoding="utf-8")
    assert run(capsys, "export", str(mine))[0] == 2
    assert mine.read_text(encoding="utf-8") == "keep"
    assert run(capsys, "export", str(mine), "--force")[0] == 0
    assert mine.read_bytes().startswith(b"\xef\xbb\xbf")
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    code, _, err = run(capsys, "export", str(fifo), "--force")
    assert code == 2 and "not a regular file" in err
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "elsewhere.csv")
    assert run(capsys, "export", str(link), "--force")[0] == 2
    assert not (tmp_path / "elsewhere.csv").exists()
    assert run(capsys, "export", str(tmp_path))[0] == 2
    code, _, err = run(capsys, "export", str(tmp_path / "no" / "such" / "x.csv"))
    assert code == 1 and "cannot write" in err


def test_reminders_give_one_todo_with_an_alarm_per_open_case(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from icalendar import Calendar

    add(capsys)
    add(capsys, "--channel", "chat")
    add(capsys)
    run(capsys, "close", "C-0003")
    target = tmp_path / "cases.ics"
    code, out, _ = run(capsys, "reminders", str(target))
    assert code == 0 and "2 reminder(s)" in out
    calendar = Calendar.from_ical(target.read_bytes())
    todos = calendar.walk("VTODO")
    assert [str(todo["uid"]) for todo in todos] == ["faqdesk-case-C-0002", "faqdesk-case-C-0001"]
    due = {str(todo["uid"]): todo.decoded("due").isoformat() for todo in todos}
    assert due["faqdesk-case-C-0001"] == "2026-11-27T09:00:00+00:00"
    alarms = [todo.walk("VALARM")[0] for todo in todos]
    assert [alarm.decoded("trigger").isoformat() for alarm in alarms] == [
        "2026-11-26T11:00:00+00:00",
        "2026-11-27T09:00:00+00:00",
    ]


def test_search_option_finds_by_number(capsys: pytest.CaptureFixture[str]) -> None:
    add(capsys)
    add(capsys, "--posting", "99999999-0001-1", "--order", "99999999-0001", "--tracking", "X1")
    found = run_json(capsys, "list", "--search", "99999999")
    assert [case["id"] for case in found] == ["C-0002"]


def test_a_case_opened_far_ahead_is_refused_in_the_users_language(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(
        capsys,
        "add", "--problem", "lost", "--posting", "12345678-0001-1", "--contact", "desk",
        "--channel", "ticket", "--at", "2099-01-01T00:00+00:00", "--lang", "zh",
    )  # fmt: skip
    assert code == 2 and out == ""
    assert "--at: 2099-01-01 00:00 UTC 比现在（2026-11-26 09:00 UTC）晚了一天以上" in err
    assert "field" not in err and "000000" not in err
    assert run_json(capsys, "list") == []
    # within a day (clocks differ) is still fine
    assert add(capsys, "--at", "2026-11-27T08:00+00:00")["id"] == "C-0001"


def test_a_stored_case_opened_in_the_future_can_still_be_logged_and_closed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with CaseStore.open(clock=fixed_clock) as store:
        store.add(lost_parcel(), contacts())
    with sqlite3.connect(paths.user_data_dir() / "cases.sqlite3") as connection:
        # the mistyped opening an older FAQDesk accepted
        connection.execute("UPDATE cases SET opened_at = '2099-01-01T00:00:00+00:00'")
    connection.close()
    code, _, err = run(capsys, "log", "C-0001", "--note", "typo in the date")
    assert code == 0, err
    assert run_json(capsys, "close", "C-0001")["status"] == "closed"


def test_a_due_date_in_another_year_shows_the_year(capsys: pytest.CaptureFixture[str]) -> None:
    add(capsys, "--at", "2026-11-27T08:00+00:00", "--channel", "ticket")
    shown = run_json(capsys, "show", "C-0001", "--at", "2026-11-20T08:00+00:00")
    assert "2026" not in shown["next_step"]["reason"]
    code, out, _ = run(capsys, "show", "C-0001", "--at", "2025-12-30T08:00+00:00", "--lang", "zh")
    assert code == 0
    assert "2026年11月28日" in out


def test_unknown_problems_and_log_channels_are_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(
        capsys,
        "add", "--problem", "weird", "--posting", "12345678-0001-1", "--contact", "desk",
        "--channel", "ticket", "--at", OPENED, "--lang", "zh",
    )  # fmt: skip
    assert code == 2
    assert "--problem: 未知问题类型“weird”" in err and "包裹丢失 (lost)" in err
    assert run_json(capsys, "list") == []
    add(capsys)
    code, _, err = run(capsys, "log", "C-0001", "--sent", "--channel", "nochan")
    assert code == 2 and "--channel:" in err and "nochan" in err
    assert len(run_json(capsys, "show", "C-0001")["events"]) == 2
    assert run(capsys, "log", "C-0001", "--sent", "--channel", "chat")[0] == 0


def test_a_composer_template_id_is_a_problem_too(capsys: pytest.CaptureFixture[str]) -> None:
    from faqdesk.core.compose.templates import load_templates

    template = load_templates().ids()[0]
    assert add(capsys, "--problem", template)["problem"] == template


def test_export_and_reminders_to_dash_write_standard_output(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add(capsys)
    monkeypatch.chdir(tmp_path)
    buffer = io.BytesIO()

    monkeypatch.setattr("sys.stdout", io.TextIOWrapper(buffer, encoding="utf-8"))
    assert main(["cases", "export", "-"]) == 0
    assert main(["cases", "reminders", "-"]) == 0
    written = buffer.getvalue()
    assert written.startswith(b"\xef\xbb\xbfid,status")
    assert b"BEGIN:VCALENDAR" in written
    assert list(tmp_path.iterdir()) == []  # no file named "-"


def test_export_to_an_empty_name_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    add(capsys)
    code, out, err = run(capsys, "export", "", "--lang", "zh")
    assert code == 2 and out == ""
    assert "文件名为空" in err


def test_list_in_chinese_names_problems_contacts_and_channels(
    capsys: pytest.CaptureFixture[str],
) -> None:
    add(capsys)
    code, out, _ = run(capsys, "list", "--lang", "zh")
    assert code == 0
    first = out.splitlines()[0]
    assert "包裹丢失" in first and "卖家支持 / 工单" in first
    assert " lost " not in first and "desk/ticket" not in first
    code, _, err = run(capsys, "close", "C-0042", "--lang", "zh")
    assert code == 2 and "C-0042" in err and "no case" not in err


def test_a_damaged_case_row_is_shown_as_damaged_never_dropped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    add(capsys)
    add(capsys, "--posting", "99999999-0001-1")
    with sqlite3.connect(paths.user_data_dir() / "cases.sqlite3") as connection:
        connection.execute("UPDATE cases SET opened_at = 'garbage' WHERE id = 'C-0001'")
    connection.close()
    code, out, _ = run(capsys, "show", "C-0001")
    assert code == 1
    assert "C-0001  [damaged]" in out and "opened_at" in out and "12345678-0001-1" in out
    code, out, _ = run(capsys, "list")
    assert "C-0002" in out and "C-0001  [damaged]" in out
    code, out, _ = run(capsys, "list", "--search", "1234567800011")
    assert out.startswith("C-0001  [damaged]") and "C-0002" not in out
    target = tmp_path / "all.csv"
    assert run(capsys, "export", str(target))[0] == 0
    rows = list(csv.DictReader(io.StringIO(target.read_bytes().decode("utf-8-sig"))))
    assert [(row["id"], row["status"]) for row in rows] == [
        ("C-0002", "waiting"),
        ("C-0001", "damaged"),
    ]
    assert rows[1]["opened_at"] == "garbage" and rows[1]["posting"] == "12345678-0001-1"


def test_a_bad_at_is_refused_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "list", "--at", "yesterday", "--lang", "zh")
    assert code == 2
    assert err.startswith("faqdesk cases：错误：--at：“yesterday”不是像 2027-02-20T10:00+03:00")


def test_export_to_a_closed_standard_output_says_so(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    add(capsys)
    monkeypatch.setattr("sys.stdout", None)
    assert main(["cases", "export", "-"]) == 1
    assert "standard output is closed" in capsys.readouterr().err
