"""``faqdesk calltime``: text and JSON output, zones, errors (in-process, fixed --at)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from faqdesk.cli import main

CONTACTS = """
contacts:
  - id: moscow-desk
    name: {zh: 莫斯科客服, en: Moscow desk}
    verified: 2026-01-02
    hours: {mon-fri: "09:00-18:00", breaks: "13:00-14:00"}
    channels:
      - {id: phone, kind: phone, value: "+7 495 000-00-00"}
      - {id: ticket, kind: ticket, value: "https://example.org", reply_within_hours: 24}
  - id: nsk
    name: {en: Novosibirsk warehouse}
    tz: Asia/Novosibirsk
    hours: {mon-fri: "09:00-18:00"}
    channels:
      - {id: phone, kind: phone, value: "+7 383 000-00-00"}
      - {id: telegram, kind: telegram, value: ""}
"""


@pytest.fixture
def contacts_file(tmp_path: Path) -> Path:
    path = tmp_path / "contacts.yaml"
    path.write_text(CONTACTS, encoding="utf-8")
    return path


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    assert main(["calltime", "--json", *args]) == 0
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, dict)
    return data


def test_json_has_the_shape_of_the_issue(
    capsys: pytest.CaptureFixture[str], contacts_file: Path
) -> None:
    data = run_json(
        capsys,
        "--contacts", str(contacts_file),
        "--at", "2026-11-25T10:00:00+03:00",
        "--tz", "Asia/Shanghai",
    )  # fmt: skip
    assert data["at"] == "2026-11-25T10:00:00+03:00"
    assert data["moscow_time"] == "2026-11-25T10:00:00+03:00"
    assert data["local_time"] == "2026-11-25T15:00:00+08:00"
    contacts = data["contacts"]
    assert isinstance(contacts, list)
    desk, nsk = contacts
    assert set(desk) == {"id", "name", "tz", "channels"}
    assert desk["id"] == "moscow-desk"
    assert desk["name"] == {"zh": "莫斯科客服", "en": "Moscow desk"}
    assert desk["tz"] == "Europe/Moscow"
    phone, ticket = desk["channels"]
    assert set(phone) == {
        "id", "kind", "value", "status", "reason", "changes_at", "next_good", "best_windows",
    }  # fmt: skip
    assert phone["kind"] == "phone"
    assert phone["value"] == "+7 495 000-00-00"
    assert phone["status"] == "good"
    assert phone["changes_at"] == "2026-11-25T12:30:00+03:00"
    assert phone["next_good"] == "2026-11-25T10:00:00+03:00"
    assert phone["reason"] == "open, a good time to call; closes 13:00 MSK = 18:00 your time"
    # In the contact's time and in the caller's (issue 4).
    assert phone["best_windows"][:2] == [
        {
            "start": "2026-11-25T10:00:00+03:00",
            "end": "2026-11-25T12:30:00+03:00",
            "start_local": "2026-11-25T15:00:00+08:00",
            "end_local": "2026-11-25T17:30:00+08:00",
        },
        {
            "start": "2026-11-25T14:30:00+03:00",
            "end": "2026-11-25T16:00:00+03:00",
            "start_local": "2026-11-25T19:30:00+08:00",
            "end_local": "2026-11-25T21:00:00+08:00",
        },
    ]
    assert ticket["status"] == "anytime"
    assert ticket["changes_at"] is None
    assert ticket["next_good"] is None
    assert ticket["best_windows"] == []
    assert "24 h" in ticket["reason"]
    assert nsk["name"] == {"zh": "Novosibirsk warehouse", "en": "Novosibirsk warehouse"}
    nsk_phone = nsk["channels"][0]
    assert nsk_phone["status"] == "good"  # 10:00 MSK is 14:00 in Novosibirsk
    assert nsk_phone["changes_at"] == "2026-11-25T17:30:00+07:00"
    assert nsk_phone["value"] == "+7 383 000-00-00"
    nsk_telegram = nsk["channels"][1]
    assert nsk_telegram["value"] == ""
    assert nsk_telegram["status"] == "unknown"  # nothing to write to yet: never "anytime"
    assert nsk_telegram["best_windows"] == []


def test_json_for_a_holiday_in_chinese(
    capsys: pytest.CaptureFixture[str], contacts_file: Path
) -> None:
    data = run_json(
        capsys,
        "--contacts", str(contacts_file),
        "--contact", "moscow-desk",
        "--at", "2027-02-23T12:00+03:00",
        "--tz", "Asia/Shanghai",
        "--lang", "zh",
    )  # fmt: skip
    (desk,) = data["contacts"]  # type: ignore[misc]
    phone = desk["channels"][0]
    assert phone["status"] == "closed"
    assert phone["reason"].startswith("公共假日：祖国保卫者日")
    assert phone["next_good"] == "2027-02-24T09:30:00+03:00"


def test_at_without_offset_is_read_in_the_callers_zone(
    capsys: pytest.CaptureFixture[str], contacts_file: Path
) -> None:
    data = run_json(
        capsys, "--contacts", str(contacts_file), "--at", "2026-11-25T15:00", "--tz",
        "Asia/Shanghai",
    )  # fmt: skip
    assert data["moscow_time"] == "2026-11-25T10:00:00+03:00"


def test_default_zone_is_the_system_zone(
    capsys: pytest.CaptureFixture[str], contacts_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    data = run_json(capsys, "--contacts", str(contacts_file), "--at", "2026-07-01T12:00+03:00")
    assert data["local_time"] == "2026-07-01T05:00:00-04:00"


def test_text_output(capsys: pytest.CaptureFixture[str], contacts_file: Path) -> None:
    code = main(
        ["calltime", "--contacts", str(contacts_file), "--at", "2026-11-25T13:15+03:00",
         "--tz", "Asia/Shanghai"]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Moscow time: Wed 2026-11-25 13:15 MSK"
    assert lines[1] == "Your time: Wed 2026-11-25 18:15 CST (Asia/Shanghai)"
    assert "Moscow desk [moscow-desk] (Europe/Moscow)" in out
    assert "! details last verified 2026-01-02; they may be out of date" in out
    assert "phone   CLOSED   +7 495 000-00-00" in out
    assert "lunch break until 14:00 MSK = 19:00 your time; opens 14:30 MSK = 19:30 your time" in out
    assert "Wed 11-25 14:30-16:00 MSK = Wed 19:30-21:00 your time" in out
    assert "ticket  ANYTIME  https://example.org" in out
    assert "(not filled in)" in out


def test_default_contacts_are_the_bundled_ones(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "--at", "2026-11-25T10:00+03:00", "--tz", "Asia/Shanghai")
    contacts = data["contacts"]
    assert isinstance(contacts, list)
    ozon = contacts[0]
    assert ozon["id"] == "ozon-seller-support"
    statuses = {c["id"]: c["status"] for c in ozon["channels"]}
    assert statuses["ticket"] == "anytime"
    assert statuses["phone"] == "unknown"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tz", "Mars/Base"], "unknown time zone 'Mars/Base'"),
        (["--tz", "UTC", "--at", "tomorrow"], "--at: 'tomorrow' is not an ISO 8601 time"),
        (["--tz", "UTC", "--contact", "nobody"], "no contact with id 'nobody'"),
        (["--tz", "UTC", "--caller-hours", "9-21"], "'9-21' is not HH:MM-HH:MM"),
    ],
)
def test_bad_input_exits_2_with_a_clear_message(
    capsys: pytest.CaptureFixture[str], contacts_file: Path, args: list[str], message: str
) -> None:
    assert main(["calltime", "--contacts", str(contacts_file), *args]) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.out == ""


def test_bad_contacts_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("contacts: [\n{{{", encoding="utf-8")
    assert main(["calltime", "--tz", "UTC", "--contacts", str(broken)]) == 1
    assert "broken.yaml: not valid YAML" in capsys.readouterr().err
    assert main(["calltime", "--tz", "UTC", "--contacts", str(tmp_path / "none.yaml")]) == 1
    assert "no such contacts file" in capsys.readouterr().err
    partly = tmp_path / "partly.yaml"
    partly.write_text(CONTACTS + "  - id: bad\n    tz: Nowhere/City\n", encoding="utf-8")
    assert main(["calltime", "--tz", "UTC", "--contacts", str(partly), "--json"]) == 0
    captured = capsys.readouterr()
    assert "contact 'bad'" in captured.err
    assert len(json.loads(captured.out)["contacts"]) == 2


def test_best_windows_in_the_callers_time_across_a_dst_change(
    capsys: pytest.CaptureFixture[str], contacts_file: Path
) -> None:
    """A New York caller on Fri 6 Mar 2026: EST that day, EDT from Sunday on."""
    data = run_json(
        capsys,
        "--contacts", str(contacts_file),
        "--contact", "moscow-desk",
        "--at", "2026-03-06T15:00+03:00",
        "--tz", "America/New_York",
    )  # fmt: skip
    windows = data["contacts"][0]["channels"][0]["best_windows"]  # type: ignore[index]
    assert windows[:2] == [
        {
            "start": "2026-03-06T17:00:00+03:00",
            "end": "2026-03-06T17:30:00+03:00",
            "start_local": "2026-03-06T09:00:00-05:00",
            "end_local": "2026-03-06T09:30:00-05:00",
        },
        {
            "start": "2026-03-10T16:00:00+03:00",
            "end": "2026-03-10T17:30:00+03:00",
            "start_local": "2026-03-10T09:00:00-04:00",
            "end_local": "2026-03-10T10:30:00-04:00",
        },
    ]


def test_a_channel_not_filled_in_has_no_best_windows(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "contacts.yaml"
    path.write_text(
        """
contacts:
  - id: desk
    name: {en: Desk}
    channels:
      - {id: phone, kind: phone, value: "", hours: {daily: 24h}}
""",
        encoding="utf-8",
    )
    args = ["--contacts", str(path), "--at", "2026-11-25T10:00+03:00", "--tz", "UTC"]
    (desk,) = run_json(capsys, *args)["contacts"]  # type: ignore[misc]
    (phone,) = desk["channels"]
    assert phone["status"] == "unknown"
    assert phone["best_windows"] == []
    assert main(["calltime", *args]) == 0
    out = capsys.readouterr().out
    assert "UNKNOWN  (not filled in)" in out
    assert "best windows" not in out
    assert "no good window" not in out


@pytest.mark.parametrize(
    ("at", "tz", "local_time", "moscow_time", "your_time"),
    [
        # Spring forward: 02:30 never happens; zoneinfo reads it as 03:30 summer time.
        ("2026-03-29T02:30", "Europe/Berlin", "2026-03-29T03:30:00+02:00",
         "2026-03-29T04:30:00+03:00", "Sun 2026-03-29 03:30 CEST"),
        ("2026-03-08T02:30", "America/New_York", "2026-03-08T03:30:00-04:00",
         "2026-03-08T10:30:00+03:00", "Sun 2026-03-08 03:30 EDT"),
        # Autumn: the repeated hour means its first occurrence (summer time) …
        ("2026-10-25T02:30", "Europe/Berlin", "2026-10-25T02:30:00+02:00",
         "2026-10-25T03:30:00+03:00", "Sun 2026-10-25 02:30 CEST"),
        ("2026-11-01T01:30", "America/New_York", "2026-11-01T01:30:00-04:00",
         "2026-11-01T08:30:00+03:00", "Sun 2026-11-01 01:30 EDT"),
        # … and an offset picks the second one.
        ("2026-10-25T02:30+01:00", "Europe/Berlin", "2026-10-25T02:30:00+01:00",
         "2026-10-25T04:30:00+03:00", "Sun 2026-10-25 02:30 CET"),
        ("2026-11-01T01:30-05:00", "America/New_York", "2026-11-01T01:30:00-05:00",
         "2026-11-01T09:30:00+03:00", "Sun 2026-11-01 01:30 EST"),
    ],
)  # fmt: skip
def test_at_on_a_dst_change_day_is_a_time_that_exists(
    capsys: pytest.CaptureFixture[str],
    contacts_file: Path,
    at: str,
    tz: str,
    local_time: str,
    moscow_time: str,
    your_time: str,
) -> None:
    args = ["--contacts", str(contacts_file), "--at", at, "--tz", tz]
    data = run_json(capsys, *args)
    assert data["local_time"] == local_time
    assert data["moscow_time"] == moscow_time
    if "+" not in at[10:] and "-" not in at[10:]:
        assert data["at"] == local_time  # a naive --at is echoed as the time it stands for
    assert main(["calltime", *args]) == 0
    assert f"Your time: {your_time} ({tz})" in capsys.readouterr().out


def test_help_says_how_at_is_read(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["calltime", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "without an offset it is read in your time zone (--tz)" in text
    assert "1900" in text and "9000" in text


@pytest.mark.parametrize(
    ("at", "tz"),
    [
        ("9999-12-31T23:59:59+00:00", "UTC"),
        ("9999-12-25T10:00+03:00", "Asia/Shanghai"),
        ("0001-01-01T01:00+03:00", "UTC"),
        ("0001-01-01T00:30", "Asia/Shanghai"),
        ("9999-12-31T23:59", "America/New_York"),
        ("1899-12-31T23:59+00:00", "UTC"),
        ("9001-01-01T00:00+00:00", "UTC"),
    ],
)
@pytest.mark.parametrize("json_flag", [[], ["--json"]])
def test_at_outside_the_supported_years_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], contacts_file: Path, at: str, tz: str, json_flag: list[str]
) -> None:
    code = main(["calltime", *json_flag, "--contacts", str(contacts_file), "--at", at, "--tz", tz])
    captured = capsys.readouterr()
    assert code == 2
    assert "--at must be between years 1900 and 9000" in captured.err
    assert "Traceback" not in captured.err
    assert captured.out == ""


@pytest.mark.parametrize(
    ("at", "tz"),
    [
        ("1900-01-01T00:00+00:00", "America/New_York"),
        ("9000-12-31T23:59:59+00:00", "Pacific/Kiritimati"),
        ("9000-12-31T23:00", "UTC"),
    ],
)
def test_at_at_the_ends_of_the_supported_years_works(
    capsys: pytest.CaptureFixture[str], contacts_file: Path, at: str, tz: str
) -> None:
    data = run_json(capsys, "--contacts", str(contacts_file), "--at", at, "--tz", tz)
    assert len(data["contacts"]) == 2  # type: ignore[arg-type]
    assert main(["calltime", "--contacts", str(contacts_file), "--at", at, "--tz", tz]) == 0


def test_text_output_in_chinese(capsys: pytest.CaptureFixture[str], contacts_file: Path) -> None:
    code = main(
        ["calltime", "--contacts", str(contacts_file), "--at", "2026-11-25T13:15+03:00",
         "--tz", "Asia/Shanghai", "--lang", "zh"]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    lines = out.splitlines()
    # "Moscow time" once, and statuses in Chinese too (issue 10).
    assert lines[0] == "莫斯科时间: 周三 2026-11-25 13:15 MSK"
    assert lines[1] == "您的时间: 周三 2026-11-25 18:15 CST (Asia/Shanghai)"
    assert "! 信息最后核实于 2026-01-02，可能已过时" in out
    assert (
        "午休至 14:00 莫斯科时间 = 您的时间 19:00；14:30 莫斯科时间 = 您的时间 19:30 开始适合拨打"
        in out
    )
    assert "最佳拨打时段:" in out
    assert "周三 11-25 14:30-16:00 莫斯科时间 = 您的时间 周三 19:30-21:00" in out
    assert "书面渠道：随时可以留言，通常 24 小时内回复" in out
    assert "telegram  未知     （尚未填写）" in out
    assert not any(word in out for word in ("GOOD", "FAIR", "CLOSED", "ANYTIME", "UNKNOWN"))


def test_caller_hours_make_a_good_moscow_time_fair_and_the_verdict_agrees(
    capsys: pytest.CaptureFixture[str], contacts_file: Path
) -> None:
    """16:45 in Moscow is 21:45 in Shanghai: outside the default 09:00-21:00 (issue 12)."""
    at = ["--contacts", str(contacts_file), "--contact", "moscow-desk",
          "--at", "2026-11-26T16:45+03:00", "--tz", "Asia/Shanghai"]  # fmt: skip
    data = run_json(capsys, *at)
    phone = data["contacts"][0]["channels"][0]  # type: ignore[index]
    assert phone["status"] == "fair"
    assert phone["reason"].startswith("outside your calling hours (21:45 your time)")
    assert data["verdict"] == (
        "You can call now, though not at the best time: Moscow desk — Phone "
        "(outside your calling hours (21:45 your time))"
    )
    later = run_json(capsys, *at, "--caller-hours", "09:00-23:00")
    phone = later["contacts"][0]["channels"][0]  # type: ignore[index]
    assert phone["status"] == "good"
    assert later["verdict"] == "Good time to call now: Moscow desk — Phone, 45 min left"
    assert main(["calltime", *at, "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "phone   一般     +7 495 000-00-00" in out
    assert "不在您的拨打时段内（您的时间 21:45）" in out
