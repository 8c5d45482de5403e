"""What the bundle is made of (issue 17): icons, jieba's prebuilt cache, the Qt files kept.

The bundle itself is built and smoke-tested by ``.ci/run``; these test the pieces the spec
uses, without PyInstaller.
"""

from __future__ import annotations

import importlib.util
import marshal
import struct
import sys
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtGui import QImage, QImageReader
from pytestqt.qtbot import QtBot

from app_process import run_python

PACKAGING = Path(__file__).resolve().parent.parent.parent / "packaging"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        f"faqdesk_packaging_{name}", PACKAGING / f"{name}.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


prepare = _load("prepare")


def _ico_entries(data: bytes) -> list[tuple[int, bytes]]:
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    entries = []
    for n in range(count):
        width, height, _, _, planes, bits, size, offset = struct.unpack_from(
            "<BBBBHHII", data, 6 + 16 * n
        )
        assert width == height and planes == 1 and bits == 32
        entries.append((width or 256, data[offset : offset + size]))
    return entries


def _icns_entries(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data[:4] == b"icns"
    assert struct.unpack_from(">I", data, 4)[0] == len(data)
    entries, at = [], 8
    while at < len(data):
        code, length = data[at : at + 4], struct.unpack_from(">I", data, at + 4)[0]
        entries.append((code, data[at + 8 : at + length]))
        at += length
    assert at == len(data)
    return entries


def test_the_windows_and_macos_icons_are_drawn_from_the_app_icon(
    qtbot: QtBot, tmp_path: Path
) -> None:
    ico, icns = prepare.make_icons(tmp_path)
    ico_images = _ico_entries(ico.read_bytes())
    assert [size for size, _ in ico_images] == list(prepare.ICO_SIZES)
    for size, png in ico_images:
        image = QImage.fromData(png, "PNG")
        assert (image.width(), image.height()) == (size, size)
        assert image.pixelColor(size // 2, size // 2).alpha() > 0  # the icon, not a blank
    icns_images = _icns_entries(icns.read_bytes())
    assert [code for code, _ in icns_images] == list(prepare.ICNS_TYPES)
    for code, png in icns_images:
        image = QImage.fromData(png, "PNG")
        assert image.width() == image.height() == prepare.ICNS_TYPES[code]
    # Qt's own readers (the ICO and ICNS image plugins) accept both files
    reader = QImageReader(str(ico))
    assert reader.canRead(), reader.errorString()
    assert reader.imageCount() == len(prepare.ICO_SIZES)
    if b"icns" in [bytes(f) for f in QImageReader.supportedImageFormats()]:
        assert not QImage(str(icns)).isNull()


@pytest.mark.qt_log_ignore("Cannot read file")
def test_a_broken_svg_icon_is_refused(qtbot: QtBot, tmp_path: Path) -> None:
    broken = tmp_path / "broken.svg"
    broken.write_bytes(b"\x00\xffnot svg<svg")
    with pytest.raises(ValueError, match="not a valid SVG icon"):
        prepare.make_icons(tmp_path / "out", broken)
    assert not (tmp_path / "out" / "faqdesk.ico").exists()


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6\\plugins\\platforms\\qwindows.dll", True),
        ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", True),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
        ("PySide6/Qt/plugins/imageformats/libqtiff.so", False),
        ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", True),
        ("PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", True),
        ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", False),
        ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
        ("PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/Qt/translations/qtbase_zh_CN.qm", True),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("PySide6/Qt/lib/libQt6Widgets.so.6", True),
        ("jieba/dict.txt", True),
        ("jieba/faqdesk.cache", True),
        ("jieba/faqdesk.table", True),
        ("jieba/analyse/idf.txt", False),
        ("jieba/posseg/char_state_tab.p", False),
        ("faqdesk/_bundled/content/categories.yaml", True),
        ("libcups.so.2", False),
        ("libpython3.11.so.1.0", True),
    ],
)
def test_the_bundle_keeps_only_the_files_the_app_uses(dest: str, kept: bool) -> None:
    assert (prepare.filter_toc([(dest, "/src", "DATA")]) != []) is kept


def test_the_bundled_jieba_cache_and_word_table_are_used_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    bundle = tmp_path / "bundle"
    cache = prepare.make_jieba_cache(bundle / "jieba" / prepare.JIEBA_CACHE_NAME)
    freq, total = marshal.loads(cache.read_bytes())
    assert freq["退货"] > 0 and total > 0
    table = prepare.make_word_table(cache)
    assert table == bundle / "jieba" / prepare.WORD_TABLE_NAME
    temp, user_cache = tmp_path / "temp", tmp_path / "user-cache"
    temp.mkdir()
    # The run-time hook as the bundle runs it: sys._MEIPASS is the bundle's folder.
    script = f"""
import sys
sys._MEIPASS = {str(bundle)!r}
exec(compile(open({str(PACKAGING / "rthook_jieba_cache.py")!r}).read(), "rthook", "exec"))
from faqdesk.core.search.chinese import (
    ensure_full_dictionary, ensure_ready, han_words, save_word_table,
)
tokenizer = ensure_ready()
print(type(tokenizer.FREQ).__name__)
print(" ".join(han_words("包裹退货流程")))
print(save_word_table())  # the bundle's table is usable: nothing to write
ensure_full_dictionary()  # jieba's dict, for a large index build: from the bundle's cache
print(type(tokenizer.FREQ).__name__, tokenizer.cache_file)
"""
    proc = run_python(
        tmp_path,
        ["-c", script],
        120,
        TMPDIR=str(temp),
        TEMP=str(temp),
        TMP=str(temp),
        FAQDESK_CACHE_DIR=str(user_cache),
    )
    assert proc.returncode == 0, proc.stderr
    kind, words, saved, full = proc.stdout.splitlines()
    assert kind == "WordTable"
    assert words == "包裹 退货 流程"
    assert saved == "None"
    assert full == f"dict {cache}"
    assert list(temp.iterdir()) == []  # jieba built and wrote no cache of its own
    assert list(user_cache.iterdir()) == []  # nor FAQDesk a table


build = _load("build")


@pytest.mark.parametrize(
    ("path", "group"),
    [
        ("_internal/PySide6/Qt/lib/libicudata.so.73", "ICU data (Qt's Unicode tables)"),
        ("_internal/PySide6/Qt/lib/libQt6Gui.so.6", "Qt libraries"),
        ("_internal/PySide6/Qt6Gui.dll", "Qt libraries"),
        ("_internal/PySide6/Qt/plugins/platforms/libqxcb.so", "Qt plugins"),
        ("_internal/PySide6/QtWidgets.abi3.so", "PySide6 bindings"),
        ("_internal/libpython3.11.so.1.0", "Python runtime"),
        ("_internal/jieba/faqdesk.cache", "jieba dictionary + cache"),
        ("_internal/faqdesk/_bundled/content/categories.yaml", "FAQDesk content and resources"),
        ("_internal/libX11.so.6", "system libraries (X11, fontconfig, CUPS, OpenSSL, …)"),
        ("faqdesk", "other Python packages and the executable"),
    ],
)
def test_the_size_report_names_what_takes_the_room(path: str, group: str) -> None:
    assert build.group_of(path) == group


def test_the_size_report_adds_up(tmp_path: Path) -> None:
    (tmp_path / "_internal" / "jieba").mkdir(parents=True)
    (tmp_path / "_internal" / "jieba" / "dict.txt").write_bytes(b"x" * 3000)
    (tmp_path / "faqdesk").write_bytes(b"x" * 1000)
    (tmp_path / "link").symlink_to(tmp_path / "faqdesk")  # not counted twice
    total, groups = build.sizes(tmp_path)
    assert total == 4000
    assert groups["jieba dictionary + cache"] == 3000
    assert "75.0%" in build.report(tmp_path)


@pytest.mark.skipif(sys.platform != "linux", reason="the bundle strips binaries on Linux only")
def test_binaries_are_stripped_except_numpys_openblas(tmp_path: Path) -> None:
    # PyInstaller's own strip breaks NumPy's OpenBLAS ("ELF load command address/offset not
    # page-aligned"): the spec strips copies itself, and leaves that folder alone
    import shutil

    if shutil.which("strip") is None:
        pytest.skip("no strip on this machine")
    library = Path(sys.executable).resolve()  # an ELF binary with a symbol table
    toc = [
        ("libexample.so", str(library), "BINARY"),
        ("numpy.libs/libscipy_openblas64_-x.so", str(library), "BINARY"),
        ("base_library.zip", str(library), "DATA"),
    ]
    out = prepare.stripped_toc(toc, tmp_path / "stripped")
    assert [entry[0] for entry in out] == [entry[0] for entry in toc]
    first, second, third = out
    assert Path(first[1]).is_relative_to(tmp_path)
    assert Path(first[1]).stat().st_size < library.stat().st_size  # its symbols gone
    assert second[1] == str(library) and third[1] == str(library)
