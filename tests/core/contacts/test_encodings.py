"""Which encoding a contacts file is read in, when its bytes read both as UTF-8 and as GBK
(682 common Chinese characters in GBK are valid UTF-8 pairs: ``卢伟`` → ``¬ΰ``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from clock_fixtures import fixed_clock
from faqdesk.core.contacts.book import ContactBook
from faqdesk.core.contacts.encodings import decode, decode_table

SHEET = "Name,Phone,Notes\n卢伟,+86 138 0013 8000,专业\n史伟,+86 138 0013 8001,师\n"


def test_a_gbk_sheet_that_is_also_valid_utf8_reads_as_chinese() -> None:
    raw = SHEET.encode("gbk")
    assert raw.decode("utf-8").splitlines()[1].startswith("¬ΰ")  # the trap
    text, problems = decode_table(raw, "gbk.csv")
    assert text == SHEET
    assert [p.code for p in problems] == ["encoding.guessed_gbk"]
    assert "choose the encoding UTF-8" in problems[0].line("en")


def test_a_gbk_vcard_that_is_also_valid_utf8_reads_as_chinese() -> None:
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:卢伟\r\nNOTE:专业\r\nEND:VCARD\r\n"
    text, problems = decode(card.encode("gbk"), "phone.vcf")
    assert text == card
    assert [p.code for p in problems] == ["encoding.guessed_gbk"]


@pytest.mark.parametrize(
    "text",
    [
        "Name,Phone\n王经理,+86 138 0013 8000\n",
        "Name,Phone\nИван Петров,+7 913 555-01-02\n",
        "Name,Phone\nJosé Müller,+49 30 1234567\n",
        "Name,Phone\nAnna «Логист»,+7 913 555-01-02\n",
        "Name,Phone\nplain ascii,+7 913 555-01-02\n",
    ],
)
def test_utf8_text_in_the_users_languages_stays_utf8_without_a_warning(text: str) -> None:
    assert decode_table(text.encode("utf-8"), "a.csv") == (text, [])


def test_a_file_that_still_could_be_either_says_so() -> None:
    raw = "Name\n小\n".encode("gbk")  # 小 in GBK is "С" (Cyrillic) in UTF-8
    text, problems = decode_table(raw, "a.csv")
    assert text == "Name\nС\n"
    assert [p.code for p in problems] == ["encoding.unsure"]
    assert "which would give “小”" in problems[0].line("en")
    assert "--encoding gbk" in problems[0].line("en")
    assert "您" in problems[0].line("zh")


def test_the_user_can_name_the_encoding() -> None:
    raw = SHEET.encode("gbk")
    assert decode_table(raw, "a.csv", "gbk") == (SHEET, [])
    garbled, problems = decode_table(raw, "a.csv", "utf-8")
    assert garbled is not None and "¬ΰ" in garbled and problems == []
    russian = "Имя\nИван\n"
    assert decode_table(russian.encode("cp1251"), "a.csv", "cp1251") == (russian, [])
    text, problems = decode_table(b"\xff\xfe\xfa", "a.csv", "utf-8")
    assert text is None and [p.code for p in problems] == ["encoding.not_in_choice"]
    text, problems = decode(b"x", "a.vcf", "koi8-r")
    assert text is None and "choose one of utf-8, gbk, utf-16, cp1251" in problems[0].line("en")


def test_the_import_plan_reads_the_names_in_chinese(tmp_path: Path) -> None:
    sheet = tmp_path / "gbk.csv"
    sheet.write_bytes(SHEET.encode("gbk"))
    with ContactBook.open(tmp_path / "data", clock=fixed_clock) as book:
        plan = book.plan_import(sheet, home_tz="Asia/Shanghai")
        names = [item.contact.display_name("zh") for item in plan.items if item.contact]
        assert names == ["卢伟", "史伟"]
        assert any(p.code == "encoding.guessed_gbk" for p in plan.all_problems())
        chosen = book.plan_import(sheet, home_tz="Asia/Shanghai", encoding="utf-8")
        garbled = [item.contact.display_name("en") for item in chosen.items if item.contact]
        assert garbled == ["¬ΰ", "ʷΰ"]  # what the user asked for


def test_a_vcard_naming_gbk_is_read_as_gbk_even_when_unsure() -> None:
    card = "BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=GBK:小\r\nEND:VCARD\r\n"
    assert decode(card.encode("gbk"), "phone.vcf") == (card, [])
    utf8 = card.replace("GBK", "UTF-8")
    assert decode(utf8.encode("utf-8"), "phone.vcf") == (utf8, [])
