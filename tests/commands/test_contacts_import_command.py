"""``faqdesk contacts import``: a mistaken option stops the import (exit 2) and names what is
wrong; nothing is imported (the hostile tester's defects 3, 4 and 6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from faqdesk.cli import main

SHEET = "姓名,电话,备注\n张三,+86 138 0013 8000,货代\n"


def contacts(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["contacts", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _listed(capsys: pytest.CaptureFixture[str]) -> str:
    code, out, _ = contacts(capsys, "list")
    assert code == 0
    return out


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        ("Nope=phone", "there is no column 'Nope' in the file (its columns: 备注, 姓名, 电话)"),
        ("姓名=bogus", "'bogus' (for column '姓名') is not a field"),
    ],
)
def test_a_map_mistake_stops_the_import(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, option: str, expected: str
) -> None:
    sheet = tmp_path / "utf8.csv"
    sheet.write_text(SHEET, "utf-8")
    before = _listed(capsys)
    code, out, err = contacts(capsys, "import", str(sheet), "--map", option)
    assert code == 2
    assert expected in err
    assert out == ""
    assert _listed(capsys) == before  # nothing imported
    assert "张三" not in before


def test_a_map_with_a_vcard_file_is_an_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    card = tmp_path / "phone.vcf"
    card.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Ivan\nTEL:+7 913 555-01-02\nEND:VCARD\n")
    before = _listed(capsys)
    code, out, err = contacts(capsys, "import", str(card), "--map", "FN=name")
    assert code == 2
    assert out == ""
    assert "--map: phone.vcf is a vCard file; --map only applies to CSV columns" in err
    assert _listed(capsys) == before


def test_a_good_map_still_imports(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    sheet = tmp_path / "utf8.csv"
    sheet.write_text(SHEET, "utf-8")
    code, out, err = contacts(capsys, "import", str(sheet), "--map", "备注=ignore")
    assert code == 0, err
    assert "张三" in out
