"""Which images an article may show: only files of its own content folder.

An image written in an article (``![alt](src)``) is shown only when ``src`` is a relative path
to a regular file either in the content folder's own ``images/`` folder (``images/x.png``) or
next to the article (``x.png``), and stays there once every symbolic link is resolved. Anything
else (an absolute path, ``..``, a URL of any scheme, ``file:///etc/…``, a FIFO, a link that
leads out of the folder) is refused: the reader shows a placeholder and ``faqdesk check``
names it. Remote images are never fetched.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

IMAGES_DIR = "images"

#: Larger image files are refused (a picture in a help article is far smaller).
MAX_IMAGE_BYTES = 10 * 1024 * 1024

_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def _relative_parts(src: str) -> tuple[str, ...] | None:
    """The path parts of a plain relative ``src``; None for anything else."""
    raw = unquote(src.strip().partition("#")[0].partition("?")[0])
    if not raw or "\x00" in raw or _SCHEME_RE.match(raw):
        return None
    if raw.startswith(("/", "\\", "~")):
        return None
    parts = tuple(part for part in PurePosixPath(raw.replace("\\", "/")).parts if part != ".")
    if not parts or any(part == ".." for part in parts):
        return None
    return parts


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def root_of(article_path: Path, roots: Iterable[Path]) -> Path | None:
    """The content folder (among ``roots``) that holds ``article_path``, or None."""
    for root in roots:
        try:
            Path(article_path).relative_to(root)
        except ValueError:
            continue
        return Path(root)
    return None


def resolve_image(src: str, article_path: Path, root: Path | None) -> Path | None:
    """The file an article's image ``src`` may show, or None when it is refused or missing.

    ``root`` is the content folder of the article (None: only files next to the article).
    """
    parts = _relative_parts(src)
    if parts is None:
        return None
    article_dir = Path(article_path).parent
    candidates: list[tuple[Path, Path]] = []
    if root is not None and parts[0] == IMAGES_DIR and len(parts) > 1:
        candidates.append((Path(root) / IMAGES_DIR, Path(root).joinpath(*parts)))
    candidates.append((article_dir, article_dir.joinpath(*parts)))
    for folder, candidate in candidates:
        try:
            real_folder = folder.resolve(strict=True)
            real = candidate.resolve(strict=True)
            info = real.stat()
        except (OSError, RuntimeError):  # missing, a loop, no permission
            continue
        if not _inside(real, real_folder) or real == real_folder:
            continue
        if folder == article_dir and real.parent != real_folder:
            continue  # "next to the article": not in a sub-folder reached by a link
        if stat.S_ISREG(info.st_mode) and info.st_size <= MAX_IMAGE_BYTES:
            return real
    return None


def read_image(path: Path) -> bytes | None:
    """The bytes of an image that :func:`resolve_image` allowed; None when unreadable.

    Opened without blocking and checked again once open, so a file swapped for a FIFO or a
    device meanwhile is refused rather than read forever.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_IMAGE_BYTES:
            chunk = os.read(fd, MAX_IMAGE_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        data = b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)
    return data if len(data) <= MAX_IMAGE_BYTES else None
