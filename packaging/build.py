"""Build the FAQDesk bundle: ``python packaging/build.py`` -> ``dist/faqdesk/``.

Runs PyInstaller on ``packaging/faqdesk.spec`` (from the repository root, whatever the
working folder), then prints the bundle's size and what takes the most room. ``--onefile``
makes one executable instead (``dist/faqdesk``). Needs the ``bundle`` extra:
``pip install -e ".[bundle]"``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SPEC = REPO / "packaging" / "faqdesk.spec"

#: Parts of the bundle reported separately, by the first matching piece of a file's path.
GROUPS = (
    ("ICU data (Qt's Unicode tables)", "libicudata"),
    ("ICU code", "libicu"),
    ("Qt libraries", "libQt6"),
    ("Qt libraries", "Qt6"),
    ("Qt plugins", "/plugins/"),
    ("PySide6 bindings", "PySide6/"),
    ("PySide6 bindings", "shiboken6"),
    ("PySide6 bindings", "pyside6"),
    ("Python runtime", "libpython"),
    ("Python runtime", "python3"),
    ("Python runtime", "base_library.zip"),
    ("jieba dictionary + cache", "jieba/"),
    ("holidays", "holidays"),
    ("pypinyin", "pypinyin/"),
    ("FAQDesk content and resources", "faqdesk/"),
)


def group_of(relative: str) -> str:
    for name, piece in GROUPS:
        if piece in relative:
            return name
    if relative.endswith((".so", ".dll", ".dylib")) or ".so." in relative:
        return "system libraries (X11, fontconfig, CUPS, OpenSSL, …)"
    return "other Python packages and the executable"


def sizes(folder: Path) -> tuple[int, Counter[str]]:
    """The folder's size in bytes and the bytes of each group."""
    by_group: Counter[str] = Counter()
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            by_group[group_of(path.relative_to(folder).as_posix())] += path.stat().st_size
    return sum(by_group.values()), by_group


def report(folder: Path) -> str:
    total, by_group = sizes(folder)
    lines = [f"{folder}: {total / 1e6:.1f} MB unpacked"]
    for name, size in by_group.most_common():
        lines.append(f"  {size / 1e6:7.1f} MB  {size / total:5.1%}  {name}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the FAQDesk bundle with PyInstaller.")
    parser.add_argument("--onefile", action="store_true", help="one executable, not a folder")
    parser.add_argument("--distpath", type=Path, default=REPO / "dist")
    parser.add_argument("--workpath", type=Path, default=REPO / "build")
    args = parser.parse_args(argv)
    env = dict(os.environ, FAQDESK_ONEFILE="1" if args.onefile else "0")
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level=WARN",
        f"--distpath={args.distpath}",
        f"--workpath={args.workpath}",
        str(SPEC),
    ]
    code = subprocess.call(command, cwd=REPO, env=env)
    if code != 0:
        return code
    if args.onefile:
        exe = next(args.distpath.glob("faqdesk*"))
        print(f"{exe}: {exe.stat().st_size / 1e6:.1f} MB")
    else:
        print(report(args.distpath / "faqdesk"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
