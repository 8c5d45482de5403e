"""The import window reads a GBK sheet that is also valid UTF-8 as Chinese, says it could be
either, and lets the user choose the encoding (the hostile tester's defect 3)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from faqdesk.core.contacts.book import ContactBook
from faqdesk.ui.contacts.import_preview import ImportPreview

SHEET = "Name,Phone,Notes\n卢伟,+86 138 0013 8000,专业\n史伟,+86 138 0013 8001,师\n"


def _names(preview: ImportPreview) -> list[str]:
    model = preview.model
    return [str(model.data(model.index(row, 0))) for row in range(model.rowCount())]


def _choose(qtbot: QtBot, preview: ImportPreview, encoding: str) -> None:
    combo = preview.encoding_combo
    combo.setCurrentIndex(combo.findData(encoding))
    qtbot.waitUntil(lambda: preview.state() == "ready", timeout=10_000)


def test_a_gbk_sheet_shows_chinese_names_and_the_encoding_can_be_chosen(
    qtbot: QtBot, book: ContactBook, tmp_path: Path
) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes(SHEET.encode("gbk"))
    preview = ImportPreview(book, path, home_tz="Asia/Shanghai", lang="zh")
    qtbot.addWidget(preview)
    preview.show()
    qtbot.waitUntil(lambda: preview.state() == "ready", timeout=10_000)
    assert _names(preview) == ["卢伟", "史伟"]
    assert preview.problems_label.isVisible()
    assert "已按 GBK 读取" in preview.problems_label.text()
    assert preview.encoding_combo.currentText() == "根据文件自动判断"

    _choose(qtbot, preview, "utf-8")  # what the user asked for, garbled as it is
    assert _names(preview) == ["¬ΰ", "ʷΰ"]
    _choose(qtbot, preview, "gbk")
    assert _names(preview) == ["卢伟", "史伟"]
    assert not preview.problems_label.isVisible()  # chosen: nothing left to guess


def test_choosing_the_encoding_reads_the_column_names_again(
    qtbot: QtBot, book: ContactBook, tmp_path: Path
) -> None:
    path = tmp_path / "ru.csv"
    path.write_bytes("Имя,Телефон\nИван Петров,+7 913 555-01-02\n".encode("cp1251"))
    preview = ImportPreview(book, path, home_tz="Europe/Moscow", lang="en")
    qtbot.addWidget(preview)
    preview.show()
    qtbot.waitUntil(lambda: preview.state() in ("ready", "failed"), timeout=10_000)
    assert _names(preview) == []
    _choose(qtbot, preview, "cp1251")
    assert preview.column_mapping() == {"Имя": "name", "Телефон": "phone"}
    assert _names(preview) == ["Иван Петров"]


def test_the_preview_says_places_in_chinese(
    qtbot: QtBot, book: ContactBook, tmp_path: Path
) -> None:
    path = tmp_path / "hostile.vcf"
    path.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:王经理\nTEL:+86 138 0013 8000\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nNOTE:nothing\nEND:VCARD\n",
        encoding="utf-8",
    )
    preview = ImportPreview(book, path, home_tz="Asia/Shanghai", lang="zh")
    qtbot.addWidget(preview)
    preview.show()
    qtbot.waitUntil(lambda: preview.state() == "ready", timeout=10_000)
    assert _names(preview) == ["王经理", "hostile.vcf：第 2 张名片（第 6 行）"]
