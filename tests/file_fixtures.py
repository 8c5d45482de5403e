"""Writing test files: one helper the content and ``faqdesk check`` tests share."""

from __future__ import annotations

from pathlib import Path


def write(root: Path, relative: str, content: str | bytes) -> Path:
    """Write ``content`` (text as UTF-8, bytes as they are) to ``root/relative``, making the
    folders on the way; returns the file's path."""
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path
