"""What the bundle needs that is made at build time, and what it keeps of Qt.

Used by ``faqdesk.spec`` (and its tests): the Windows ``.ico`` and macOS ``.icns`` icons drawn
from ``resources/icons/faqdesk.svg``, jieba's dictionary cache, and the filters that keep only
the Qt plugins and translations the app uses.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

REPO = Path(__file__).resolve().parent.parent
SVG_ICON = REPO / "resources" / "icons" / "faqdesk.svg"

#: Windows icon sizes (the shell picks 16-48 for lists, 256 for large views).
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: macOS icon entries with PNG payloads: type code -> pixel size.
ICNS_TYPES = {
    b"icp4": 16,
    b"icp5": 32,
    b"ic11": 32,  # 16 @2x
    b"icp6": 64,
    b"ic12": 64,  # 32 @2x
    b"ic07": 128,
    b"ic08": 256,
    b"ic13": 256,  # 128 @2x
    b"ic09": 512,
    b"ic14": 512,  # 256 @2x
    b"ic10": 1024,  # 512 @2x
}

#: Qt plugins the app uses, by folder (anything else is left out of the bundle).
#: platforms: X11 (also under XWayland), Windows, macOS, and offscreen for the self-test;
#: platformthemes: the desktop's file dialogs; platforminputcontexts: Chinese input methods
#: (IBus) and compose keys; imageformats/iconengines: the SVG and ICO icons, JPEG and GIF
#: pictures in articles; styles: the native look on Windows and macOS; printsupport: printing.
QT_PLUGINS: dict[str, frozenset[str]] = {
    "platforms": frozenset({"qxcb", "qoffscreen", "qminimal", "qwindows", "qcocoa", "qdirect2d"}),
    "platformthemes": frozenset({"qxdgdesktopportal"}),
    "platforminputcontexts": frozenset(
        {"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"}
    ),
    "imageformats": frozenset({"qsvg", "qico", "qjpeg", "qgif"}),
    "iconengines": frozenset({"qsvgicon"}),
    "styles": frozenset({"qwindowsvistastyle", "qmodernwindowsstyle", "qmacstyle"}),
    "printsupport": frozenset({"cupsprintersupport"}),
}
#: Qt's own translations the app loads (``ui/common/i18n.py``: qtbase for Chinese).
QT_TRANSLATIONS = frozenset({"qtbase_zh_CN.qm"})
#: Linux: CUPS (the printing plugin's printer list) and the libraries only it needs are the
#: system's: every Linux desktop that prints has them; without them the print dialog offers
#: printing to PDF only. Saves 7.4 MB.
SYSTEM_LIBRARIES = frozenset(
    {
        "libcups.so.2",
        "libavahi-client.so.3",
        "libavahi-common.so.3",
        "libgnutls.so.30",
        "libgmp.so.10",
        "libhogweed.so.6",
        "libnettle.so.8",
        "libidn2.so.0",
        "libp11-kit.so.0",
        "libtasn1.so.6",
        "libunistring.so.2",
    }
)
#: jieba's dictionary cache inside the bundle's ``jieba`` folder (``rthook_jieba_cache.py``).
JIEBA_CACHE_NAME = "faqdesk.cache"
#: jieba's word table beside it (``faqdesk.core.search.wordtable``; the same hook names it).
WORD_TABLE_NAME = "faqdesk.table"


def plugin_name(file_name: str) -> str:
    """``libqxcb.so`` / ``qwindows.dll`` / ``libqcocoa.dylib`` -> ``qxcb`` / ``qwindows`` / …"""
    stem = file_name.split(".", 1)[0]
    return stem[3:] if stem.startswith("lib") else stem


def keep_qt_file(dest: str) -> bool:
    """Whether a file the PySide6 hooks collected (its path inside the bundle) is kept."""
    parts = PurePosixPath(dest.replace("\\", "/")).parts
    if "Qt" not in parts:
        return True
    at = parts.index("Qt")
    inside = parts[at + 1 :]
    if len(inside) >= 3 and inside[0] == "plugins":
        allowed = QT_PLUGINS.get(inside[1])
        return allowed is not None and plugin_name(inside[-1]) in allowed
    if len(inside) >= 2 and inside[0] == "translations":
        return inside[-1] in QT_TRANSLATIONS
    return True


def keep_jieba_file(dest: str) -> bool:
    """jieba's data: only the main dictionary, and its cache and word table made at build time
    (the app uses neither jieba's keyword extraction, part-of-speech tagging nor paddle
    models)."""
    parts = PurePosixPath(dest.replace("\\", "/")).parts
    if not parts or parts[0] != "jieba":
        return True
    return parts[-1] in {"dict.txt", JIEBA_CACHE_NAME, WORD_TABLE_NAME} or parts[-1].endswith(".py")


def keep_hook_entries(entries: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """A hook's ``(source file, destination folder)`` pairs without the unused Qt files."""
    return [
        (source, folder)
        for source, folder in entries
        if keep_qt_file(f"{folder}/{Path(source).name}")
    ]


def filter_toc(toc: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """A PyInstaller table of contents without the files the app does not use."""
    return [
        entry
        for entry in toc
        if keep_qt_file(entry[0])
        and keep_jieba_file(entry[0])
        and PurePosixPath(entry[0].replace("\\", "/")).name not in SYSTEM_LIBRARIES
    ]


#: Libraries that ``strip`` breaks: NumPy's OpenBLAS is linked with its load segments aligned
#: in a way strip does not keep ("ELF load command address/offset not page-aligned").
NOT_STRIPPED = ("numpy.libs/",)


def stripped_toc(toc: Iterable[tuple[str, str, str]], work_dir: Path) -> list[tuple[str, str, str]]:
    """The table of contents with its binaries replaced by stripped copies in ``work_dir``
    (PyInstaller's own ``strip`` option strips every binary, those of ``NOT_STRIPPED``
    too). A binary strip fails on is kept as it is."""
    out: list[tuple[str, str, str]] = []
    for dest, src, kind in toc:
        posix = dest.replace("\\", "/")
        if kind not in ("BINARY", "EXTENSION") or posix.startswith(NOT_STRIPPED):
            out.append((dest, src, kind))
            continue
        copy = work_dir / posix
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, copy)
        copy.chmod(0o755)
        try:
            done = subprocess.run(["strip", str(copy)], capture_output=True, check=False)
        except OSError:  # no strip on this machine
            out.append((dest, src, kind))
            continue
        out.append((dest, str(copy) if done.returncode == 0 else src, kind))
    return out


# ------------------------------------------------------------------------------ icons


def render_png(size: int, svg: Path = SVG_ICON) -> bytes:
    """The icon drawn at ``size`` x ``size`` pixels, as PNG bytes (Qt's SVG renderer)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    if QGuiApplication.instance() is None:
        raise RuntimeError("render_png needs a QGuiApplication")
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"not a valid SVG icon: {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows icon holding one PNG image per size (Windows Vista and later read these)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries = b""
    for size in sizes:
        side = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(pngs[size]), offset)
        offset += len(pngs[size])
    return header + entries + b"".join(pngs[size] for size in sizes)


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS icon with PNG entries (macOS 10.7 and later) for every type in ICNS_TYPES."""
    body = b""
    for code, size in ICNS_TYPES.items():
        body += code + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def make_icons(out_dir: Path, svg: Path = SVG_ICON) -> tuple[Path, Path]:
    """Write ``faqdesk.ico`` and ``faqdesk.icns`` into ``out_dir``; returns their paths."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(["faqdesk-icons", "-platform", "offscreen"])
    sizes = set(ICO_SIZES) | set(ICNS_TYPES.values())
    pngs = {size: render_png(size, svg) for size in sorted(sizes)}
    del app
    out_dir.mkdir(parents=True, exist_ok=True)
    ico = out_dir / "faqdesk.ico"
    icns = out_dir / "faqdesk.icns"
    ico.write_bytes(ico_bytes({size: pngs[size] for size in ICO_SIZES}))
    icns.write_bytes(icns_bytes(pngs))
    return ico, icns


# ------------------------------------------------------------------------------ jieba


def make_jieba_cache(out_file: Path) -> Path:
    """jieba's prefix dictionary of its main dictionary, as jieba caches it (``marshal``, so
    it must be made by the Python the bundle ships: the one running the build)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    out_file.unlink(missing_ok=True)
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(out_file.parent)
    tokenizer.cache_file = out_file.name
    tokenizer.initialize()
    if not out_file.is_file():
        raise RuntimeError(f"jieba wrote no cache at {out_file}")
    return out_file


def make_word_table(jieba_cache: Path) -> Path:
    """FAQDesk's word table of jieba's dictionary and the domain words, beside
    ``jieba_cache`` (made by :func:`make_jieba_cache`), as the app writes it after its first
    start: the bundle's first start opens it instead of loading jieba's dict."""
    import jieba

    from faqdesk.core.search import chinese
    from faqdesk.core.search.wordtable import encode_table

    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(jieba_cache.parent)
    tokenizer.cache_file = jieba_cache.name  # the bundle's cache: nothing written elsewhere
    chinese.load_dictionary(tokenizer)
    out_file = jieba_cache.parent / WORD_TABLE_NAME
    version = chinese.dictionary_version()
    out_file.write_bytes(encode_table(tokenizer.FREQ, tokenizer.total, version))
    return out_file


if __name__ == "__main__":  # python packaging/prepare.py OUT_DIR: icons, cache and table only
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "build/faqdesk-prepared")
    cache = make_jieba_cache(out / "jieba" / JIEBA_CACHE_NAME)
    print(*make_icons(out), cache, make_word_table(cache), sep="\n")
