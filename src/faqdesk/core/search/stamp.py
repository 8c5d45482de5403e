"""The index's stamp: what it was built with and from which files (``stamp.json``).

Per source file its size, mtime_ns and sha256, and per indexed document the file it came from
(its fingerprint, ``path#sha256``). Files beside the index are written atomically.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def write_atomically(path: Path, text: str | Iterable[str]) -> None:
    """Write ``text`` (or its chunks) to a temporary file beside ``path``, then rename it over
    ``path``: a reader sees the old file or the new one, never a half-written one."""
    tmp = path.with_name(f"{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as out:
            if isinstance(text, str):
                out.write(text)
            else:
                out.writelines(text)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


@dataclass
class Stamp:
    """What an index was built with (``versions``) and from (``files``, ``docs``)."""

    versions: dict[str, str]
    files: dict[str, dict[str, Any]]  # path -> {"size", "mtime_ns", "sha256"}
    docs: dict[str, str]  # doc key -> "path#sha256"

    def to_json(self) -> str:
        return json.dumps(
            {"versions": self.versions, "files": self.files, "docs": self.docs},
            ensure_ascii=False,
            indent=0,
            sort_keys=True,
        )

    @classmethod
    def read(cls, path: Path) -> Stamp | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(
                versions={str(k): str(v) for k, v in dict(data["versions"]).items()},
                files={str(k): dict(v) for k, v in dict(data["files"]).items()},
                docs={str(k): str(v) for k, v in dict(data["docs"]).items()},
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def write(self, path: Path) -> None:
        write_atomically(path, self.to_json())


def file_states(
    paths: Iterable[str], previous: Mapping[str, Mapping[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Size, mtime_ns and sha256 of each file; the hash is reused when size and mtime match."""
    states: dict[str, dict[str, Any]] = {}
    for path in paths:
        if not path:
            continue
        try:
            st = os.stat(path)
        except OSError:
            continue
        old = previous.get(path)
        if old and old.get("size") == st.st_size and old.get("mtime_ns") == st.st_mtime_ns:
            states[path] = dict(old)
            continue
        try:
            digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except OSError:
            continue
        states[path] = {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": digest}
    return states


def fingerprint(path: str, files: Mapping[str, Mapping[str, Any]]) -> str:
    """``path#sha256`` of a source file (``path#unreadable`` when it could not be read)."""
    if path and path in files:
        return f"{path}#{files[path]['sha256']}"
    return f"{path}#unreadable"
