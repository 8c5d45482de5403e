"""``faqdesk contacts``: list, show, add, edit, remove, import and export (in-process)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clock_fixtures import fixed_clock
from faqdesk.cli import main
from faqdesk.core.contacts.book import ContactBook

PHONE_EXPORT = """BEGIN:VCARD
VERSION:3.0
FN:Ivan Petrov
TEL;TYPE=CELL:+7 913 555-01-02
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Anna Translator
EMAIL:anna@example.org
END:VCARD
"""


def contacts(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["contacts", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_list_shows_bundled_contacts(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = contacts(capsys, "list")
    assert code == 0
    assert out.startswith("ozon-seller-support  [bundled]  Ozon 卖家支持 / Ozon seller support")
    code, out, _ = contacts(capsys, "list", "--json")
    items = json.loads(out)
    assert items[0]["id"] == "ozon-seller-support"
    assert items[0]["origin"] == "bundled"


def test_add_then_calltime_uses_the_new_contact(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = contacts(
        capsys,
        "add", "--id", "nsk-warehouse",
        "--name-zh", "新西伯利亚仓库", "--name-en", "Novosibirsk warehouse",
        "--tz", "Asia/Novosibirsk",
        "--hours", "mon-fri=09:00-18:00", "--hours", "breaks=13:00-14:00",
        "--channel", "phone:+7 383 555-00-00",
        "--channel", "tg:telegram:@nsk_wh", "--reply", "tg:2",
        "--channel", "site:web:https://example.org/a:b",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out == "added nsk-warehouse\n"
    with ContactBook.open(clock=fixed_clock) as book:
        contact = book.get("nsk-warehouse")
    assert contact is not None
    assert contact.tz == "Asia/Novosibirsk"
    assert [(c.id, c.kind.value, c.value) for c in contact.channels] == [
        ("phone", "phone", "+7 383 555-00-00"),
        ("tg", "telegram", "@nsk_wh"),
        ("site", "web", "https://example.org/a:b"),
    ]
    assert contact.channels[1].reply_within_hours == 2
    assert contact.hours is not None
    assert contact.hours.to_mapping() == {"mon-fri": "09:00-18:00", "breaks": "13:00-14:00"}
    # --caller-hours 24h: 03:00 UTC is outside the default calling hours (issue 12)
    assert main(["calltime", "--json", "--contact", "nsk-warehouse", "--tz", "UTC",
                 "--caller-hours", "24h", "--at", "2026-11-25T03:00Z"]) == 0  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert data["contacts"][0]["channels"][0]["status"] == "good"  # 10:00 in Novosibirsk


def test_add_refuses_an_existing_id_and_bad_values(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = contacts(capsys, "add", "--id", "ozon-seller-support")
    assert code == 1
    assert "exists; use: faqdesk contacts edit ozon-seller-support" in err
    code, _, err = contacts(capsys, "add", "--id", "x", "--tz", "Mars/Base")
    assert code == 2  # a bad option value
    assert "contact 'x': field 'tz': unknown time zone 'Mars/Base'" in err
    code, _, err = contacts(capsys, "add", "--id", "x", "--hours", "mon-fri=9-18")
    assert code == 2
    assert "'9-18' is not HH:MM-HH:MM" in err
    code, _, err = contacts(capsys, "add", "--id", "x", "--channel", "pigeon:roof")
    assert code == 2
    assert "expected [ID:]KIND:VALUE" in err
    code, _, err = contacts(capsys, "add", "--id", "x", "--hours", "nonsense")
    assert code == 2
    code, _, err = contacts(capsys, "add", "--id", "x", "--channel", "phone:1", "--reply", "zz:3")
    assert code == 2
    assert "no channel 'zz'" in err
    with ContactBook.open(clock=fixed_clock) as book:
        assert book.get("x") is None


def test_edit_a_bundled_contact_and_revert_it(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = contacts(capsys, "edit", "ozon-seller-support", "--channel",
                            "phone:+7 800 000-00-00", "--channel-hours",
                            "phone:mon-fri=09:00-18:00")  # fmt: skip
    assert code == 0
    assert out == "saved ozon-seller-support (your version of a bundled contact)\n"
    code, out, _ = contacts(capsys, "show", "ozon-seller-support")
    assert out.startswith("# origin: edited\n")
    assert "value: +7 800 000-00-00" in out
    with ContactBook.open(clock=fixed_clock) as book:
        edited = book.get("ozon-seller-support")
    assert edited is not None
    phone = edited.channel("phone")
    assert phone is not None and phone.hours is not None
    assert phone.label["en"].startswith("Phone")  # the rest of the channel is kept
    code, out, _ = contacts(capsys, "remove", "ozon-seller-support")
    assert (code, out) == (0, "reverted ozon-seller-support to the bundled version\n")
    code, _, err = contacts(capsys, "remove", "ozon-seller-support")
    assert code == 1
    assert "bundled contact and cannot be removed" in err


def test_edit_removes_channels_and_hours(capsys: pytest.CaptureFixture[str]) -> None:
    contacts(capsys, "add", "--id", "a", "--name-en", "A", "--hours", "daily=24h",
             "--channel", "phone:1", "--channel", "email:a@b.ru")  # fmt: skip
    code, _, _ = contacts(capsys, "edit", "a", "--remove-channel", "phone", "--clear-hours",
                          "--name-en", "Renamed", "--note-en", "hello")  # fmt: skip
    assert code == 0
    with ContactBook.open(clock=fixed_clock) as book:
        contact = book.get("a")
    assert contact is not None
    assert contact.display_name("en") == "Renamed"
    assert contact.notes == {"en": "hello"}
    assert contact.hours is None
    assert [c.id for c in contact.channels] == ["email"]
    code, _, err = contacts(capsys, "edit", "a", "--remove-channel", "nope")
    assert code == 1
    assert "no channel 'nope'" in err
    code, _, err = contacts(capsys, "edit", "nobody", "--name-en", "X")
    assert code == 1
    assert "no contact with id 'nobody'" in err


def test_remove_a_users_contact(capsys: pytest.CaptureFixture[str]) -> None:
    contacts(capsys, "add", "--id", "gone", "--name-en", "Gone")
    assert contacts(capsys, "remove", "gone")[:2] == (0, "removed gone\n")
    code, _, err = contacts(capsys, "remove", "gone")
    assert code == 1
    assert "no contact with id 'gone'" in err


def test_import_export_round_trip(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    phone = tmp_path / "phone.vcf"
    phone.write_text(PHONE_EXPORT, encoding="utf-8")
    code, out, err = contacts(capsys, "import", str(phone))
    assert code == 0
    assert "imported ivan-petrov  Ivan Petrov" in out
    assert "2 contact(s) imported, 0 problem(s)" in err
    code, out, _ = contacts(capsys, "list", "--search", "anna")
    assert out.splitlines()[0].startswith("anna-translator  [user]  Anna Translator")
    exported = tmp_path / "out.vcf"
    code, out, _ = contacts(capsys, "export", str(exported), "--version", "3.0",
                            "--id", "ivan-petrov", "--id", "anna-translator")  # fmt: skip
    assert code == 0
    assert out == f"exported 2 contact(s) to {exported} (vCard 3.0)\n"
    assert exported.read_text(encoding="utf-8").count("BEGIN:VCARD") == 2
    code, _, err = contacts(capsys, "export", str(exported), "--id", "nobody")
    assert code == 1
    code, _, err = contacts(capsys, "export", str(tmp_path / "no-dir" / "x.vcf"))
    assert code == 1
    assert "cannot write" in err


def test_import_of_a_broken_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    broken = tmp_path / "broken.vcf"
    broken.write_bytes(b"\x00\x01 not a vcard")
    code, _, err = contacts(capsys, "import", str(broken))
    assert code == 1
    assert "broken.vcf: no vCard found" in err


def test_read_only_data_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("FAQDESK_DATA_DIR", str(blocker / "data"))
    code, out, err = contacts(capsys, "list")
    assert code == 0
    assert "contacts are read-only" in err
    assert "ozon-seller-support" in out
    code, _, err = contacts(capsys, "add", "--id", "x", "--name-en", "X")
    assert code == 1
    assert "cannot change contacts" in err


def test_parallel_edits_of_one_contact_lose_no_channel(tmp_path: Path) -> None:
    """N processes each add their own channel to the same contact at once: all N survive."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "FAQDESK_DATA_DIR": str(tmp_path / "data")}
    base = [sys.executable, "-m", "faqdesk", "contacts"]
    subprocess.run([*base, "add", "--id", "race", "--name-en", "Race"], env=env, check=True)
    count = 8
    processes = [
        subprocess.Popen(
            [*base, "edit", "race", "--channel", f"c{n}:email:c{n}@example.org"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for n in range(count)
    ]
    results = [(p.wait(timeout=120), p.communicate()) for p in processes]
    assert [code for code, _ in results] == [0] * count, results
    with ContactBook.open(tmp_path / "data", clock=fixed_clock) as book:
        contact = book.get("race")
    assert contact is not None
    assert sorted(c.id for c in contact.channels) == sorted(f"c{n}" for n in range(count))


def test_duplicate_channel_ids_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = contacts(capsys, "add", "--id", "p", "--name-en", "P",
                              "--channel", "p:phone:+70",
                              "--channel", "p:email:a@b.ru")  # fmt: skip
    assert (code, out) == (2, "")
    assert "channel id 'p' is already used by --channel 'p:phone:+70'" in err
    with ContactBook.open(clock=fixed_clock) as book:
        assert book.get("p") is None
    contacts(capsys, "add", "--id", "q", "--name-en", "Q", "--channel", "phone:1")
    code, _, err = contacts(capsys, "edit", "q", "--channel", "phone:2", "--channel", "phone:3")
    assert code == 2
    assert "channel id 'phone' is already used" in err
    with ContactBook.open(clock=fixed_clock) as book:
        q = book.get("q")
    assert q is not None and [(c.id, c.value) for c in q.channels] == [("phone", "1")]


def test_a_margin_out_of_range_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = contacts(capsys, "add", "--id", "m", "--name-en", "M", "--margin", "99999")
    assert (code, out) == (2, "")
    assert err == (
        "faqdesk contacts: error: --margin 99999: use a whole number of minutes from 0 to 240\n"
    )
    code, _, err = contacts(capsys, "add", "--id", "m", "--name-en", "M", "--margin", "-1")
    assert code == 2 and "from 0 to 240" in err
    with ContactBook.open(clock=fixed_clock) as book:
        assert book.get("m") is None
    assert contacts(capsys, "add", "--id", "m", "--name-en", "M", "--margin", "240")[0] == 0
    code, _, err = contacts(capsys, "edit", "m", "--margin", "241")
    assert code == 2 and "using" not in err
    with ContactBook.open(clock=fixed_clock) as book:
        m = book.get("m")
    assert m is not None and m.margin_minutes == 240


def test_bad_values_do_not_claim_a_fallback(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = contacts(capsys, "add", "--id", "h", "--name-en", "H",
                            "--hours", "mon-fri=9-18", "--hours", "sat=25:00-26:00")  # fmt: skip
    assert code == 2
    assert "treated as unknown" not in err and "using" not in err
    assert "'9-18' is not HH:MM-HH:MM" in err
    assert "sat: '25:00' is not a valid time" in err


def test_import_of_a_gbk_file_reads_the_names(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "android.vcf"
    path.write_bytes(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:李娜\r\nTEL:+86 20 1\r\nEND:VCARD\r\n".encode("gbk")
    )
    code, out, err = contacts(capsys, "import", str(path))
    assert code == 0
    assert "imported contact-" in out and "李娜" in out
    assert "android.vcf: the file is not UTF-8; it was read as Chinese GBK/GB18030" in err


def test_channel_id_and_reply_time_follow_the_contact_rules(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = contacts(
        capsys, "add", "--id", "x", "--channel", "Office:phone:1",
        "--channel", "t:ticket:https://x.example", "--reply", "t:0",
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "faqdesk contacts: error: contact 'x': channel 'Office', field 'id': use lowercase "
        "letters, digits and '-' (e.g. phone-2)",
        "faqdesk contacts: error: contact 'x': channel 't', field 'reply_within_hours': 0.0 is "
        "not a positive number",
    ]
    with ContactBook.open(clock=fixed_clock) as book:
        assert book.get("x") is None


def test_control_characters_in_a_vcard_never_reach_the_terminal(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    card = tmp_path / "evil.vcf"
    card.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Evil\x1b[2J\x1b]0;owned\x07 Name\r\n"
        b"TEL:+7 000\x00 111\r\nNOTE:one\x1b[31m\r\nEND:VCARD\r\n"
    )
    code, out, err = contacts(capsys, "import", str(card))
    assert code == 0, err
    for action in (["list"], ["show", "evil-2j-0-owned-name"], ["list", "--json"]):
        code, out, err = contacts(capsys, *action)
        printed = out + err
        assert "\x1b" not in printed and "\x00" not in printed and "\x07" not in printed
    assert "Evil[2J]0;owned Name" in contacts(capsys, "list")[1]


def test_export_never_replaces_a_file_unasked_and_dash_is_standard_output(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    mine = tmp_path / "mine.vcf"
    mine.write_text("my own notes\n", encoding="utf-8")
    code, out, err = contacts(capsys, "export", str(mine))
    assert (code, out) == (1, "")
    assert f"{mine} already exists; nothing written (add --force to replace it)" in err
    assert mine.read_text(encoding="utf-8") == "my own notes\n"
    code, out, _ = contacts(capsys, "export", str(mine), "--force")
    assert code == 0 and "BEGIN:VCARD" in mine.read_text(encoding="utf-8")
    code, out, _ = contacts(capsys, "export", "-", "--version", "3.0")
    assert code == 0
    assert out.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n")
    assert not (Path.cwd() / "-").exists()
