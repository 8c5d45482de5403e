"""The shipped zh_CN translation: complete, placeholders intact, compiled file present."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from pytestqt.qtbot import QtBot

from faqdesk.core import paths

TS = paths.resources_dir() / "translations" / "faqdesk_zh_CN.ts"
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def _messages() -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(TS).getroot()
    found = []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.findall("message"):
            found.append((name, message.findtext("source") or "", message))
    return found


def test_every_string_is_translated_with_the_same_placeholders() -> None:
    messages = _messages()
    assert len(messages) > 100
    for context, source, message in messages:
        translation = message.find("translation")
        assert translation is not None
        assert translation.get("type") not in ("unfinished", "obsolete"), (context, source)
        text = translation.text or ""
        assert text.strip(), (context, source)
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), (
            context,
            source,
            text,
        )
        assert "<" not in source, f"HTML in a translatable string: {source!r}"


def test_the_compiled_translation_loads_and_translates(qtbot: QtBot) -> None:
    translator = QTranslator()
    assert translator.load("faqdesk_zh_CN", str(TS.parent))
    assert translator.translate("SearchBox", "Search articles (Ctrl+K)") == "搜索文章 (Ctrl+K)"
    assert translator.translate("ContactPanel", "Moscow time") == "莫斯科时间"


def test_every_string_in_the_code_is_in_the_translation(tmp_path: Path) -> None:
    """Re-extract the strings with lupdate: a new tr() string without a translation fails."""
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    if not lupdate.exists():
        pytest.skip("pyside6-lupdate is not installed next to this Python")
    sources = sorted(
        str(p) for p in (paths.resources_dir().parent / "src" / "faqdesk" / "ui").rglob("*.py")
    )
    if not sources:
        pytest.skip("not a source checkout")
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        [str(lupdate), *sources, "-no-obsolete", "-ts", str(fresh)],
        check=True,
        capture_output=True,
    )
    root = ET.parse(fresh).getroot()
    in_code = {
        (context.findtext("name"), message.findtext("source"))
        for context in root.iter("context")
        for message in context.findall("message")
    }
    shipped = {(context, source) for context, source, _message in _messages()}
    assert in_code - shipped == set(), "run lupdate and translate the new strings"
