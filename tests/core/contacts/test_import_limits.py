"""Hostile files (issue 10.9): a field too long is left out with a clear message and the rest
of the card kept; huge and odd inputs never crash; CSV refuses devices like vCard does."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from faqdesk.core.contacts.sources import read_source
from faqdesk.core.contacts.vcard import read_vcards
from faqdesk.core.contacts.vcard_prep import MAX_FIELD_CHARS


def test_a_field_longer_than_the_cap_is_skipped_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "long.vcf"
    huge = "x" * (MAX_FIELD_CHARS + 1)
    folded = "\r\n ".join(huge[i : i + 74] for i in range(0, len(huge), 74))
    path.write_text(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Kept\r\nNOTE:{folded}\r\nTEL:+7 495 123-45-67\r\n"
        "END:VCARD\r\n",
        encoding="utf-8",
    )
    contacts, problems = read_vcards(path)
    [contact] = contacts
    assert contact.display_name("en") == "Kept" and contact.notes == {}
    assert contact.channels[0].value == "+7 495 123-45-67"
    [problem] = problems
    assert f"NOTE is {MAX_FIELD_CHARS + 1} characters long, more than the 20000" in str(problem)


def test_a_note_of_19_megabytes_on_one_line(tmp_path: Path) -> None:
    path = tmp_path / "big.vcf"
    with path.open("w", encoding="ascii") as out:
        out.write("BEGIN:VCARD\nVERSION:3.0\nFN:Big note\nNOTE:")
        out.write("y" * (19 * 1024 * 1024))
        out.write("\nEND:VCARD\n")
    contacts, problems = read_vcards(path)
    assert [c.display_name("en") for c in contacts] == ["Big note"]
    assert "NOTE is 19922944 characters long" in str(problems[0])


def test_a_csv_cell_longer_than_the_cap(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text(f"Name,Phone,Notes\nAnna,+7 495 123-45-67,{'z' * 200_000}\nBoris,,\n")
    cards, problems = read_source(path, "Europe/Moscow")
    names = [card.mapping["name"] for card in cards]
    assert names == [{"en": "Anna"}, {"en": "Boris"}]
    assert "Notes is 200000 characters long" in str(cards[0].problems[0])
    assert problems == []


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00\x01\x02" * 1000,
        "姓名\n".encode(),
        b"Name,Phone\n",
        b'"unclosed,quote\nAnna,1\n',
        b"Colour,Size\nred,XL\n",
    ],
)
def test_odd_csv_files_give_a_problem_or_nothing(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "odd.csv"
    path.write_bytes(content)
    cards, problems = read_source(path, "Europe/Moscow")
    assert cards == []
    assert problems  # "no column names", "no rows", "no column could be matched"…


def test_a_csv_pipe_is_refused_without_reading_it(tmp_path: Path) -> None:
    fifo = tmp_path / "contacts.csv"
    os.mkfifo(fifo)
    cards, problems = read_source(fifo, "Europe/Moscow")  # would hang if it were opened
    assert cards == []
    assert "not a regular file" in str(problems[0])


def test_html_and_control_characters_stay_text(tmp_path: Path) -> None:
    path = tmp_path / "html.vcf"
    path.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:<img src=file:///etc/passwd>\x1b[31mRed\n"
        "TEL:+7 495 123-45-67\nEND:VCARD\n",
        encoding="utf-8",
    )
    [contact], _ = read_vcards(path)
    assert contact.display_name("en") == "<img src=file:///etc/passwd>[31mRed"  # ESC dropped


def test_a_file_of_too_many_tiny_cards_is_refused_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from faqdesk.core.contacts import importing

    monkeypatch.setattr(importing, "MAX_CARDS", 100)  # the real cap is 50,000
    path = tmp_path / "many.vcf"
    path.write_text("BEGIN:VCARD\nFN:a\nEND:VCARD\n" * 101, encoding="utf-8")
    cards, problems = read_source(path, "Europe/Moscow")
    assert cards == []
    assert "more than 100 contacts; nothing imported" in str(problems[-1])
    csv_path = tmp_path / "many.csv"
    csv_path.write_text("Name\n" + "a\n" * 101, encoding="utf-8")
    cards, problems = read_source(csv_path, "Europe/Moscow")
    assert cards == [] and "more than 100 contacts" in str(problems[-1])
    path.write_text("BEGIN:VCARD\nFN:a\nEND:VCARD\n" * 100, encoding="utf-8")
    assert len(read_source(path, "Europe/Moscow")[0]) == 100
