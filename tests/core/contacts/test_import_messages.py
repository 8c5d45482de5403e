"""What an import says about a bad file: the right place and size, never a copy of megabytes
of the input, and places said in the user's language (the hostile tester's defects 6, 7)."""

from __future__ import annotations

from pathlib import Path

from clock_fixtures import fixed_clock
from faqdesk.core.contacts.book import ContactBook
from faqdesk.core.contacts.csv_import import MAX_COLUMNS, incoming_from_csv, mapping_problems
from faqdesk.core.contacts.importing import problem_line, where_text
from faqdesk.core.problems import Problem


def _read(text: str) -> tuple[list[str], list[Problem]]:
    problems: list[Problem] = []
    names = [
        str(incoming.mapping["name"])
        for incoming in incoming_from_csv(text, "s.csv", "Europe/Moscow", problems)
        if incoming.mapping
    ]
    return names, problems


def test_an_unclosed_quote_is_said_at_the_row_that_opens_it() -> None:
    text = 'Name,Phone\nAnna,+7 495 123 45 67\n"Ivan,+7 495 123 45 68\n' + "x,1\n" * 500_000
    names, problems = _read(text)
    assert len(names) == 1  # Anna; Ivan's row swallowed the rest of the file
    [problem] = [p for p in problems if p.code == "csv.unclosed_quote"]
    assert "opened in the row at line 3 is never closed" in problem.line("en")
    assert not any("500002" in p.line("en") or "characters long" in p.line("en") for p in problems)


def test_a_quoted_cell_over_several_lines_is_fine() -> None:
    names, problems = _read('Name,Notes\nAnna,"two\nlines"\nIvan,"5"" screen"\n')
    assert len(names) == 2 and problems == []


def test_a_stray_quote_inside_a_cell_is_not_an_unclosed_quote() -> None:
    names, problems = _read('Name,Notes\nAnna,5" screen\nIvan,ok\n')
    assert len(names) == 2
    assert not any(p.code == "csv.unclosed_quote" for p in problems)


def test_a_sheet_of_200000_columns_makes_a_short_message() -> None:
    header = ",".join(f"c{i}" for i in range(200_000))
    names, problems = _read(header + "\n" + "1," * 10 + "\n")
    assert names == []
    lines = [p.line("en") for p in problems]
    assert all(len(line) < 600 for line in lines), [len(line) for line in lines]
    assert any(f"names 200000 columns; only the first {MAX_COLUMNS} are read" in x for x in lines)
    assert any("(columns: c0, c1," in line and "c19, …)" in line for line in lines)


def test_a_huge_column_name_is_cut_in_messages() -> None:
    huge = "N" * 100_000
    problems = mapping_problems(["Name", huge], {huge + "x": "phone", huge: "bogus"}, "s.csv")
    assert [p.code for p in problems] == ["csv.map.unknown_column", "csv.map.unknown_field"]
    assert all(len(problem.line("en")) < 600 for problem in problems)


def test_places_are_said_in_chinese_and_no_probe_id_leaks(tmp_path: Path) -> None:
    card = tmp_path / "hostile.vcf"
    card.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:王经理\nTEL:+86 138 0013 8000\nX-FAQDESK-CALENDAR:XX\n"
        "END:VCARD\nBEGIN:VCARD\nVERSION:3.0\nNOTE:nothing\nEND:VCARD\n",
        encoding="utf-8",
    )
    with ContactBook.open(tmp_path / "data", clock=fixed_clock) as book:
        plan = book.plan_import(card, home_tz="Asia/Shanghai")
    unusable = plan.items[1]
    assert where_text(unusable.where, "zh") == "hostile.vcf：第 2 张名片（第 7 行）"
    assert str(unusable.where) == "hostile.vcf: card #2 (line 7)"  # the command line's
    every = [p for item in plan.items for p in item.problems] + list(plan.problems)
    assert every
    for problem in every:
        assert "probe" not in problem.line("en")
        assert "card #" not in problem_line(problem, "zh")


def test_a_csv_row_is_said_in_chinese(tmp_path: Path) -> None:
    sheet = tmp_path / "s.csv"
    sheet.write_text("Name,Phone\n王经理,12\n", encoding="utf-8")
    with ContactBook.open(tmp_path / "data", clock=fixed_clock) as book:
        plan = book.plan_import(sheet, home_tz="Asia/Shanghai")
    [problem] = plan.items[0].problems
    assert problem_line(problem, "zh").startswith("s.csv：第 2 行：")
    assert str(problem).startswith("s.csv: row 2: ")
