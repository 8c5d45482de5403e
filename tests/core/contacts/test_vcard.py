"""vCard 3.0 / 4.0 import and export: lossless round trips, phone exports, broken files."""

from __future__ import annotations

import dataclasses
import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from clock_fixtures import fixed_clock
from faqdesk.core.contacts.book import ContactBook
from faqdesk.core.contacts.calltime import channel_status
from faqdesk.core.contacts.model import ChannelKind, Contact, contact_from_mapping
from faqdesk.core.contacts.vcard import (
    contact_to_vcard,
    read_vcards,
    vcards_from_text,
    write_vcards,
)

PHONE_EXPORT = """BEGIN:VCARD
VERSION:3.0
PRODID:-//Apple Inc.//iPhone OS 17.0//EN
N:Petrov;Ivan;;;
FN:Ivan Petrov
ORG:Fast Cargo LLC;
TEL;type=CELL;type=VOICE;type=pref:+7 (913) 555-01-02
TEL;type=WORK;type=VOICE:+7 383 555 0103
item1.EMAIL;type=INTERNET;type=pref:ivan@example.ru
item1.X-ABLabel:_$!<Other>!$_
item2.URL;type=pref:https://fastcargo.example.ru
item2.X-ABLabel:_$!<HomePage>!$_
X-SOCIALPROFILE;type=telegram:https://t.me/ivan_cargo
NOTE:Speaks English\\, answers after 10:00
END:VCARD
BEGIN:VCARD
VERSION:2.1
N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E7=8E=8B;=E8=8A=B3;;;
FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E7=8E=8B=E8=8A=B3
TEL;CELL:13800000000
END:VCARD
BEGIN:VCARD
VERSION:4.0
FN:Warehouse Kazan
TZ:Europe/Moscow
TEL;TYPE=work;VALUE=uri:tel:+7-843-555-0000
EMAIL:kazan@example.ru
IMPP;X-SERVICE-TYPE=VK:https://vk.com/kazanwh
END:VCARD
"""


def full_contact() -> Contact:
    contact, problems = contact_from_mapping(
        {
            "id": "nsk-warehouse",
            "name": {"zh": "新西伯利亚仓库", "en": 'Novosibirsk, warehouse; "A"'},
            "tz": "Asia/Novosibirsk",
            "calendar": "RU",
            "margin_minutes": 20,
            "verified": "2026-11-20",
            "source": "https://example.org/contacts",
            "notes": {"zh": "找安娜", "en": "Ask for Anna;\nshe speaks English, slowly"},
            "hours": {"mon-fri": "09:00-18:00", "sat": "10:00-14:00", "breaks": "13:00-14:00"},
            "channels": [
                {"id": "phone", "kind": "phone", "value": "+7 383 555-00-00"},
                {
                    "id": "night",
                    "kind": "phone",
                    "value": "+7 383 555-00-01",
                    "hours": {"daily": "18:00-09:00"},
                    "label": {"en": "Night shift"},
                },
                {"id": "tg", "kind": "telegram", "value": "@nsk_wh", "reply_within_hours": 2},
                {"id": "vk", "kind": "vk", "value": "nskwh"},
                {"id": "mail", "kind": "email", "value": "nsk@example.ru"},
                {"id": "wa", "kind": "whatsapp", "value": "+7 900 000 00 00"},
                {"id": "site", "kind": "web", "value": "https://example.org"},
                {"id": "empty", "kind": "wechat", "value": ""},
            ],
        },
        "test",
        origin="user",
    )
    assert contact is not None, problems
    assert problems == []
    return contact


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_round_trip_is_lossless(version: str, tmp_path: Path, bundled_content: Path) -> None:
    from faqdesk.core.contacts.model import load_contacts_file

    bundled, _ = load_contacts_file(bundled_content / "contacts.yaml", origin="user")
    originals = [full_contact(), *bundled]
    path = tmp_path / "out.vcf"
    write_vcards(path, originals, version=version)
    text = path.read_text(encoding="utf-8")
    assert text.count(f"VERSION:{version}") == len(originals)
    back, problems = read_vcards(path)
    assert problems == []
    assert back == originals


def test_export_uses_standard_properties_other_programs_understand() -> None:
    text = contact_to_vcard(full_contact(), "4.0")
    assert "FN:新西伯利亚仓库" in text
    assert "TEL;TYPE=voice:+7 383 555-00-00" in text
    assert "EMAIL:nsk@example.ru" in text
    assert "X-SOCIALPROFILE;TYPE=telegram:https://t.me/nsk_wh" in text
    assert "X-SOCIALPROFILE;TYPE=vk:https://vk.com/nskwh" in text
    assert "URL:https://example.org" in text
    assert "TZ:Asia/Novosibirsk" in text
    assert "X-FAQDESK-HOURS:" in text
    assert "X-FAQDESK-CHANNELS:" in text
    assert "TZ;VALUE=text:Asia/Novosibirsk" in contact_to_vcard(full_contact(), "3.0")
    with pytest.raises(ValueError, match="unsupported vCard version"):
        contact_to_vcard(full_contact(), "2.1")


def test_import_of_a_typical_phone_export(tmp_path: Path) -> None:
    path = tmp_path / "phone.vcf"
    path.write_text(PHONE_EXPORT, encoding="utf-8")
    contacts, problems = read_vcards(path, taken_ids={"ivan-petrov"})
    assert problems == []
    ivan, fang, kazan = contacts
    assert ivan.id == "ivan-petrov-2"  # the id was taken
    assert ivan.display_name("en") == "Ivan Petrov"
    assert ivan.tz == "Asia/Novosibirsk"  # no TZ: the +7 383 office number tells it
    assert [(c.kind, c.value) for c in ivan.channels] == [
        (ChannelKind.PHONE, "+7 (913) 555-01-02"),
        (ChannelKind.PHONE, "+7 383 555 0103"),
        (ChannelKind.EMAIL, "ivan@example.ru"),
        (ChannelKind.TELEGRAM, "https://t.me/ivan_cargo"),
        (ChannelKind.WEB, "https://fastcargo.example.ru"),
    ]
    assert ivan.notes["en"] == "Speaks English, answers after 10:00"
    assert fang.display_name("zh") == "王芳"
    assert fang.id == "wang-fang"  # readable, from the pinyin of the name
    assert fang.tz == "Asia/Shanghai"  # a Chinese mobile number
    assert [(c.kind, c.value) for c in kazan.channels] == [
        (ChannelKind.PHONE, "+7-843-555-0000"),
        (ChannelKind.EMAIL, "kazan@example.ru"),
        (ChannelKind.VK, "https://vk.com/kazanwh"),
    ]
    # Imported phones have no hours: unknown, never guessed.
    status = channel_status(ivan, ivan.channels[0], datetime(2026, 11, 25, 8, tzinfo=UTC))
    assert status.status.value == "unknown"


def test_broken_vcards_give_problems_and_the_rest_loads() -> None:
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Good One\nTEL:+7 900\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nthis line has no colon\nFN:Broken line\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Zone\nTZ:Mars/Base\nX-FAQDESK-HOURS:{not json\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nNOTE:nothing else\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Cut off\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:After the cut\nEND:VCARD\n"
    )
    contacts, problems = vcards_from_text(text, "mixed.vcf")
    names = [c.display_name("en") for c in contacts]
    # a card never closed keeps what was read (and says so)
    assert names == ["Good One", "Broken line", "Zone", "Cut off", "After the cut"]
    zone = contacts[2]
    assert zone.tz == "Europe/Moscow"
    assert zone.hours is None
    messages = [str(p) for p in problems]
    assert any(m.startswith("mixed.vcf: card #2") and "unreadable line" in m for m in messages)
    assert any("card #3" in m and "TZ 'Mars/Base'" in m for m in messages)
    assert zone.tz == "Europe/Moscow"  # the zone given (home_tz), not Mars
    assert any("card #3" in m and "X-FAQDESK-HOURS is not valid JSON" in m for m in messages)
    assert any("card #4" in m and "no name" in m for m in messages)
    assert any("card #5" in m and "never closed" in m for m in messages)
    assert any(
        "card #1" in m and "'+7 900' does not look like a valid phone" in m for m in messages
    )
    assert all(m.startswith("mixed.vcf: card #") for m in messages)


@pytest.mark.parametrize(
    "content",
    [b"", b"hello world", b"\x00\xff\xfe" * 100, b"BEGIN:VCALENDAR\nEND:VCALENDAR\n"],
)
def test_files_that_are_not_vcards(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.vcf"
    path.write_bytes(content)
    contacts, problems = read_vcards(path)
    assert contacts == []
    assert problems
    assert "no vCard found" in problems[0].message


def test_missing_file_is_a_problem(tmp_path: Path) -> None:
    contacts, problems = read_vcards(tmp_path / "nope.vcf")
    assert contacts == []
    assert "cannot read" in problems[0].message


def test_contact_book_import_and_export(tmp_path: Path) -> None:
    phone_file = tmp_path / "phone.vcf"
    phone_file.write_text(PHONE_EXPORT, encoding="utf-8")
    with ContactBook.open(tmp_path / "a", clock=fixed_clock) as book:
        plan, done = book.import_file(phone_file)
        assert plan.all_problems() == []
        assert len(done.added) == 3
        again, done_again = book.import_file(phone_file)  # the same file: no duplicates
        assert done_again.ids == ()
        assert [item.outcome.value for item in again.items] == ["present"] * 3
        assert len(book.contacts()) == 1 + 3
        book.save(full_contact())
        out = tmp_path / "all.vcf"
        assert book.export_vcard(out, ids=["nsk-warehouse", "ozon-seller-support"]) == 2
        assert book.export_vcard(tmp_path / "every.vcf", version="3.0") == 5
    with ContactBook.open(tmp_path / "b", clock=fixed_clock) as other:
        plan, done = other.import_file(out, replace=True)
        assert plan.all_problems() == []
        imported = other.get("nsk-warehouse")
        assert imported == dataclasses.replace(full_contact(), origin="user")
        # The unchanged bundled contact is already present: not copied, not turned into an edit.
        outcomes = {item.contact.id: item.outcome.value for item in plan.items if item.contact}
        assert outcomes == {"nsk-warehouse": "add", "ozon-seller-support": "present"}
        assert [c.id for c in other.contacts()] == ["ozon-seller-support", "nsk-warehouse"]
        assert other.contacts()[0].origin == "bundled"


GBK_CARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:张伟\r\nTEL:+86 755 1234 5678\r\n"
    "NOTE:深圳货代，说中文\r\nEND:VCARD\r\n"
)


def test_a_gbk_file_is_read_as_gbk_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "phone.vcf"
    path.write_bytes(GBK_CARD.encode("gbk"))
    contacts, problems = read_vcards(path)
    assert [c.display_name("zh") for c in contacts] == ["张伟"]
    assert contacts[0].notes == {"zh": "深圳货代，说中文"}
    assert [p.where for p in problems] == ["phone.vcf"]
    assert "not UTF-8; it was read as Chinese GBK/GB18030" in problems[0].message


def test_a_charset_hint_is_followed(tmp_path: Path) -> None:
    card = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=GBK:王芳\r\nTEL:+86 10 6552 9988\r\nEND:VCARD\r\n"
    )
    path = tmp_path / "old.vcf"
    path.write_bytes(card.encode("gbk"))
    contacts, problems = read_vcards(path)
    assert [c.display_name("zh") for c in contacts] == ["王芳"]
    assert problems == []
    russian = "BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=windows-1251:Иван\r\nEND:VCARD\r\n"
    path.write_bytes(russian.encode("cp1251"))
    contacts, problems = read_vcards(path)
    assert [c.display_name("en") for c in contacts] == ["Иван"]
    assert problems == []
    path.write_bytes(russian.encode("cp1251").replace(b"windows-1251", b"utf-8"))
    contacts, problems = read_vcards(path)
    assert contacts == []
    assert "not UTF-8 and not in the CHARSET it names (utf-8)" in problems[0].message


def test_utf8_with_bom_and_utf16_are_read_quietly(tmp_path: Path) -> None:
    path = tmp_path / "x.vcf"
    for raw in (b"\xef\xbb\xbf" + GBK_CARD.encode("utf-8"), GBK_CARD.encode("utf-16")):
        path.write_bytes(raw)
        contacts, problems = read_vcards(path)
        assert ([c.display_name("zh") for c in contacts], problems) == (["张伟"], [])


@pytest.mark.parametrize(
    ("text", "encoding"),
    [("Иван Петров, склад", "cp1251"), ("José Müller", "latin-1"), ("Zoë Løvås", "latin-1")],
)
def test_other_8_bit_files_are_refused_not_garbled(
    tmp_path: Path, text: str, encoding: str
) -> None:
    path = tmp_path / "x.vcf"
    path.write_bytes(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{text}\r\nEND:VCARD\r\n".encode(encoding))
    contacts, problems = read_vcards(path)
    assert contacts == []
    assert len(problems) == 1
    assert "neither UTF-8 nor Chinese GBK/GB18030" in problems[0].message
    assert "Save the file as UTF-8" in problems[0].message


def test_export_gets_the_usual_file_permissions(tmp_path: Path) -> None:
    contact = full_contact()
    old = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.vcf"
        write_vcards(fresh, [contact])
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
        os.umask(0o077)
        private = tmp_path / "private.vcf"
        write_vcards(private, [contact])
        assert stat.S_IMODE(private.stat().st_mode) == 0o600
        os.umask(0o002)
        fresh.chmod(0o640)  # replacing a file keeps its permissions, as saving over it does
        write_vcards(fresh, [contact])
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o640
        assert sorted(p.name for p in tmp_path.iterdir()) == ["fresh.vcf", "private.vcf"]
    finally:
        os.umask(old)


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_a_device_a_pipe_or_a_folder_is_refused_without_reading_it(
    tmp_path: Path, kind: str
) -> None:
    """``import /dev/zero`` used to read without end and a FIFO to hang; neither is a file."""
    if kind == "fifo":
        path = tmp_path / "pipe.vcf"
        os.mkfifo(path)  # nobody writes: opening it for reading would block
    elif kind == "device":
        path = Path("/dev/zero")
        if not path.exists():
            pytest.skip("no /dev/zero here")
    else:
        path = tmp_path / "folder.vcf"
        path.mkdir()
    contacts, problems = read_vcards(path)
    assert contacts == []
    assert [p.code for p in problems] == ["vcard.file.not_regular"]
    assert "not a regular file" in problems[0].message
