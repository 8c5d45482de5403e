"""``faqdesk calltime``: text and JSON output, zones, errors (in-process, fixed --at)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from faqdesk.cli import COMMANDS, main

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


def test_registered() -> None:
    assert "calltime" in COMMANDS


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
    assert phone["best_windows"][:2] == [
        {"start": "2026-11-25T10:00:00+03:00", "end": "2026-11-25T12:30:00+03:00"},
        {"start": "2026-11-25T14:30:00+03:00", "end": "2026-11-25T16:00:00+03:00"},
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
