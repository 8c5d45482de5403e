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


GBK_SHEET = "Name,Phone,Notes\n卢伟,+86 138 0013 8000,专业\n史伟,+86 138 0013 8001,师\n"


def test_a_gbk_sheet_that_reads_as_utf8_imports_chinese_names(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    sheet = tmp_path / "gbk.csv"
    sheet.write_bytes(GBK_SHEET.encode("gbk"))
    code, out, err = contacts(capsys, "import", str(sheet))
    assert code == 0, err
    assert "卢伟" in out and "史伟" in out and "¬ΰ" not in out
    assert "reads both as UTF-8 and as Chinese GBK; it was read as GBK" in err


def test_encoding_option_reads_the_file_as_told(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    sheet = tmp_path / "ru.csv"
    sheet.write_bytes("Имя,Телефон\nИван Петров,+7 913 555-01-02\n".encode("cp1251"))
    code, out, err = contacts(capsys, "import", str(sheet), "--encoding", "cp1251")
    assert code == 0, err
    assert "Иван Петров" in out
    with pytest.raises(SystemExit) as stopped:
        contacts(capsys, "import", str(sheet), "--encoding", "koi8-r")
    assert stopped.value.code == 2
    assert "invalid choice: 'koi8-r'" in capsys.readouterr().err
