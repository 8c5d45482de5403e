"""vCards and CSVs in the style of the clients sellers use (issue 18): each sample in
``samples/`` was written from its client's documented format (no real person's data)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from faqdesk.core.contacts.importing import Incoming, ZoneSource
from faqdesk.core.contacts.sources import read_source
from faqdesk.core.contacts.vcard import read_vcards
from faqdesk.core.problems import Problem

SAMPLES = Path(__file__).parent / "samples"


def _read(name: str) -> tuple[list[Incoming], list[Problem]]:
    return read_source(SAMPLES / name, "Europe/Moscow")


def _channels(card: Incoming) -> list[tuple[str, str]]:
    return [(c["kind"], c["value"]) for c in card.mapping["channels"]]


def _name(card: Incoming) -> str:
    names: dict[str, Any] = card.mapping["name"]
    return str(next(iter(names.values())))


def _note(card: Incoming) -> str:
    notes: dict[str, Any] = card.mapping.get("notes", {})
    return str(next(iter(notes.values()), ""))


def test_android_quoted_printable_chinese_with_soft_breaks() -> None:
    cards, problems = _read("android_21_qp_chinese.vcf")
    assert problems == [] and all(card.problems == () for card in cards)
    wang, li = cards
    assert _name(wang) == "王经理（深圳货代仓库负责人）"  # FN spans four soft-broken lines
    assert _note(wang).startswith("深圳货代，周一到周五 9:00-18:00 上班，午休 12:00-13:30。")
    assert "南山区科技园科苑路 15 号 3 栋, 深圳市, 广东省, 518057, 中国" in _note(wang)
    assert _channels(wang) == [
        ("phone", "+86 138 0013 8000"),
        ("phone", "0755-8888 0000"),
        ("email", "wang.forwarder@example.cn"),
    ]
    assert (wang.zone.tz, wang.zone.source) == ("Asia/Shanghai", ZoneSource.PHONE)
    assert _name(li) == "李娜"  # from N, as FN is missing
    assert li.zone.tz == "Asia/Shanghai"  # a Chinese mobile number without +86


def test_outlook_2003_and_2007() -> None:
    [olga], problems = _read("outlook_2003.vcf")
    assert problems == [] and olga.problems == ()
    assert _name(olga) == "Olga Fairweather"
    assert _note(olga) == (
        "Customs questions only.\nCall before 17:00, she prefers e-mail for documents."
        "\n\nLeninsky prospekt 1\nOffice 12, Moscow, 119049, Russia"
    )
    assert [v for _, v in _channels(olga)] == [
        "+7 (495) 555-01-23",
        "+7 916 555 01 24",
        "+7 (495) 555-01-25",
        "olga@northwind.example.com",
        "http://northwind.example.com",
    ]
    assert olga.zone.tz == "Europe/Moscow"
    [pavel], problems = _read("outlook_2007.vcf")
    assert problems == [] and pavel.problems == ()  # the base64 PHOTO and the XML design skipped
    assert _channels(pavel) == [
        ("phone", "+7 383 555 0103"),
        ("email", "pavel@fastcargo.example.ru"),
    ]
    assert pavel.zone.tz == "Asia/Novosibirsk"


def test_iphone_with_groups_labels_and_a_folded_photo() -> None:
    [mei], problems = _read("iphone.vcf")
    assert problems == [] and mei.problems == ()
    assert _name(mei) == "Mei Chen"
    labels = {c["value"]: c.get("label") for c in mei.mapping["channels"]}
    assert labels["+86 21 6555 0101"] == {"en": "Warehouse"}
    assert labels["mei@pacificfreight.example.com"] == {"en": "Other"}
    assert ("telegram", "https://t.me/mei_freight") in _channels(mei)
    assert _note(mei).startswith("Ships to Novosibirsk twice a week, Tuesdays and Fridays.")


def test_lotus_notes_profile_and_photo_do_not_spoil_the_card() -> None:
    [irina], problems = _read("lotus_notes.vcf")
    assert problems == [] and irina.problems == ()
    assert _name(irina) == "Irina Sokolova"
    assert irina.zone.tz == "Asia/Novosibirsk"


def test_gmail_and_a_card_with_only_an_email() -> None:
    desk, returns = _read("gmail.vcf")[0]
    assert ("web", "https://forwarder.example.com") in _channels(desk)
    assert _name(returns) == "returns@shop.example.com"  # not "contact"
    assert returns.zone.source is ZoneSource.HOME


def test_thunderbird_and_evolution() -> None:
    [anna], _ = _read("thunderbird.vcf")
    assert _note(anna) == "Russian <-> Chinese, documents and calls"
    assert _channels(anna) == [
        ("phone", "+7 843 555 0000"),
        ("email", "anna@translate.example.org"),
    ]
    [sergei], problems = _read("evolution.vcf")
    assert problems == [] and sergei.problems == ()
    assert _channels(sergei) == [("phone", "+7 913 555 01 02"), ("email", "sergei@example.ru")]
    # A Russian mobile number may be in any of eleven zones: the user's own is used, and said.
    assert sergei.zone.source is ZoneSource.HOME


def test_rfc_examples() -> None:
    frank, tim = _read("rfc2426.vcf")[0]
    assert _note(frank) == "6544 Battleford Drive, Raleigh, NC, 27613-3502, U.S.A."
    assert frank.zone.tz == "America/New_York"
    assert _name(tim) == "Tim Example"  # the AGENT's embedded card is not a second contact
    [simon], problems = _read("rfc6350.vcf")
    assert problems == [] and simon.problems == ()
    assert _channels(simon)[:2] == [
        ("phone", "+1-418-656-9254 ext. 102"),
        ("phone", "+1-418-262-6501"),
    ]
    assert (simon.zone.tz, simon.zone.source) == ("Etc/GMT+5", ZoneSource.OFFSET)


@pytest.mark.parametrize(
    ("name", "person", "note"),
    [
        ("gbk.vcf", "张伟", "深圳货代，说中文"),
        ("big5.vcf", "陳美玲", "台北倉庫，週一至週五營業，請先打電話確認"),
        ("cp1251_qp.vcf", "Алексей Смирнов", ""),
    ],
)
def test_chinese_and_russian_encodings(name: str, person: str, note: str) -> None:
    [card], _ = _read(name)
    assert _name(card) == person
    assert _note(card) == note


def test_the_csv_exports() -> None:
    mei, returns = _read("google.csv")[0]
    assert _name(mei) == "Mei Chen"
    assert _channels(mei)[:2] == [("phone", "+86 21 6555 0101"), ("phone", "+86 139 1234 5678")]
    assert _note(mei) == "Ships twice a week,\nTuesdays and Fridays"
    assert _name(returns) == "Returns Desk"  # from the organisation
    [olga], _ = _read("outlook.csv")
    assert _name(olga) == "Olga Fairweather"
    assert ("phone", "+7 916 555 01 24") in _channels(olga)
    assert ("email", "olga@northwind.example.com") in _channels(olga)
    wang, nsk, moscow = _read("excel_chinese_gbk.csv")[0]
    assert (wang.zone.tz, wang.zone.source) == ("Asia/Shanghai", ZoneSource.CARD)
    assert wang.mapping["hours"] == {"mon-fri": "09:00-18:00", "breaks": "12:00-13:30"}
    assert nsk.zone.tz == "Asia/Novosibirsk" and nsk.mapping["hours"] == {"daily": "09:00-18:00"}
    assert _name(moscow) == "莫斯科仓库" and moscow.mapping["channels"] == []
    [alexey], _ = _read("excel_semicolon.csv")
    assert _channels(alexey) == [("phone", "+7 343 555 01 01"), ("email", "alex@example.ru")]


def test_every_sample_imports_as_contacts() -> None:
    samples = sorted(SAMPLES.glob("*.vcf"))
    assert len(samples) >= 10  # the clients' samples are there (an empty glob proves nothing)
    for sample in samples:
        contacts, _ = read_vcards(sample)
        assert contacts, sample.name
        assert all(contact.display_name("en") for contact in contacts)
