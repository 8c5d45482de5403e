"""The "did you mean" vocabulary beside the index (``vocabulary.json``): the real words of the
content with the number of documents using them, recorded per document so that an update
replaces exactly the changed documents' words.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import Any

from faqdesk.core.log import get_logger
from faqdesk.core.search.analysis import surface_words
from faqdesk.core.search.index import IndexDoc, doc_content, versions
from faqdesk.core.search.stamp import Stamp, write_atomically

_log = get_logger("index")


class VocabularyError(ValueError):
    """The vocabulary file cannot be used (it is then rebuilt from the content)."""


class Vocabulary:
    """Surface words (Latin and Cyrillic, unstemmed) with the number of documents using them.

    The file (JSON Lines) records per document its fingerprint and its words, so that an
    incremental update replaces exactly the changed and deleted documents' words, and a
    vocabulary not made from the indexed documents (missing, unreadable, malformed,
    truncated, or made for other versions or files than the stamp's) is recognised and
    rebuilt from the content::

        {"format": 3, "versions": {...}, "docs": {key: fingerprint}, "counts": {word: n}}
        [key, fingerprint, "word word ..."]      (one line per document)
        {"end": number of documents}

    Searching needs the first line only; an update streams the document lines through,
    so the words of all documents are never held in memory at once.
    """

    FORMAT = 3

    def __init__(
        self,
        versions: Mapping[str, str] | None = None,
        fingerprints: Mapping[str, str] | None = None,
        counts: Mapping[str, int] | None = None,
    ) -> None:
        self.versions: dict[str, str] = dict(versions or {})
        self.fingerprints: dict[str, str] = dict(fingerprints or {})
        self.counts: dict[str, int] = dict(counts or {})
        self._by_first: dict[str, list[tuple[str, int]]] | None = None

    def add_words(self, key: str, fingerprint: str, words: str) -> None:
        counts = self.counts
        for word in words.split():
            counts[word] = counts.get(word, 0) + 1
        self.fingerprints[key] = fingerprint

    def describes(self, stamp: Stamp) -> bool:
        """Whether this vocabulary was made from exactly the documents of ``stamp``."""
        return self.versions == stamp.versions and self.fingerprints == stamp.docs

    def starting_with(self, first: str) -> list[tuple[str, int]]:
        if self._by_first is None:
            grouped: dict[str, list[tuple[str, int]]] = {}
            for word, count in self.counts.items():
                grouped.setdefault(word[0], []).append((word, count))
            self._by_first = grouped
        return self._by_first.get(first, [])

    @classmethod
    def load(cls, path: Path) -> tuple[Vocabulary | None, str]:
        """The vocabulary in ``path`` (its first line), or None and what is wrong with it."""
        try:
            with path.open("rb") as file:
                header = _parse_header(file.readline())
                _check_footer(file, len(header.fingerprints))
            return header, ""
        except FileNotFoundError:
            return None, "missing"
        except (OSError, ValueError) as exc:  # VocabularyError, JSON and UTF-8 errors
            return None, f"unusable ({type(exc).__name__}: {exc})"

    @classmethod
    def read(cls, path: Path) -> Vocabulary:
        """The vocabulary beside an index; empty (no suggestions) when unusable."""
        vocabulary, problem = cls.load(path)
        if vocabulary is None:
            _log.info("no spelling vocabulary at %s (%s)", path, problem)
            return cls()
        return vocabulary


def _parse_header(line: bytes) -> Vocabulary:
    data = json.loads(line.decode("utf-8")) if line.strip() else None
    if not isinstance(data, dict) or data.get("format") != Vocabulary.FORMAT:
        raise VocabularyError("malformed or of an old format")
    versions, docs, counts = data.get("versions"), data.get("docs"), data.get("counts")
    if not (isinstance(versions, dict) and isinstance(docs, dict) and isinstance(counts, dict)):
        raise VocabularyError("malformed")
    if not all(isinstance(n, int) and n > 0 and w for w, n in counts.items()):
        raise VocabularyError("malformed counts")
    return Vocabulary(
        {str(k): str(v) for k, v in versions.items()},
        {str(k): str(v) for k, v in docs.items()},
        counts,
    )


def _check_footer(file: Any, count: int) -> None:
    """Raise unless the file ends with the footer of ``count`` documents (not truncated)."""
    size = file.seek(0, os.SEEK_END)
    file.seek(max(0, size - 64))
    tail = file.read().rstrip(b"\n").rsplit(b"\n", 1)[-1]
    try:
        footer = json.loads(tail.decode("utf-8"))
    except ValueError:
        footer = None
    if not isinstance(footer, dict) or footer.get("end") != count:
        raise VocabularyError("truncated")


class VocabularyWriter:
    """Writes a vocabulary file: document lines go to a temporary file as they come, the
    complete file (header, lines, footer) is then renamed into place (atomic)."""

    def __init__(self, path: Path, base: Vocabulary | None = None) -> None:
        self.path = path
        self.vocabulary = Vocabulary(versions())
        if base is not None:
            self.vocabulary.fingerprints = dict(base.fingerprints)
            self.vocabulary.counts = dict(base.counts)
        self._lines = path.with_name(f"{path.name}.{uuid.uuid4().hex}.lines.tmp")
        self._out = self._lines.open("w+", encoding="utf-8")

    def add_words(self, key: str, fingerprint: str, words: str) -> None:
        """Add one document's words (sorted, space-separated, as :func:`doc_words` gives)."""
        self.vocabulary.add_words(key, fingerprint, words)
        self._out.write(json.dumps([key, fingerprint, words], ensure_ascii=False))
        self._out.write("\n")

    def merge_from(self, path: Path, replaced: Collection[str]) -> None:
        """Copy the document lines of the vocabulary file in ``path`` (whose header this
        writer started from), leaving out the documents in ``replaced`` and their words.
        Raises :class:`VocabularyError` (or OSError, ValueError) when the file's lines do not
        match its header."""
        vocabulary = self.vocabulary
        counts = vocabulary.counts
        expected = dict(vocabulary.fingerprints)
        decode = json.JSONDecoder().raw_decode
        with path.open(encoding="utf-8") as lines:
            next(lines, None)  # the header
            footer = ""
            for line in lines:
                if not line.startswith("["):
                    footer = line
                    break
                key, _ = decode(line, 1)
                if expected.pop(key, None) is None:
                    raise VocabularyError(f"a line for {key!r} not in the header")
                if key not in replaced:
                    self._out.write(line)
                    continue
                _, _, words = json.loads(line)
                for word in str(words).split():
                    left = counts.get(word, 0) - 1
                    if left < 0:
                        raise VocabularyError("counts do not match the documents")
                    if left:
                        counts[word] = left
                    else:
                        del counts[word]
                del vocabulary.fingerprints[key]
            if expected or next(lines, None) is not None or not footer.startswith('{"end"'):
                raise VocabularyError("document lines missing")

    def commit(self) -> Vocabulary:
        vocabulary = self.vocabulary
        header = {
            "format": Vocabulary.FORMAT,
            "versions": vocabulary.versions,
            "docs": vocabulary.fingerprints,
            "counts": vocabulary.counts,
        }

        def chunks() -> Iterator[str]:
            yield json.dumps(header, ensure_ascii=False, sort_keys=True) + "\n"
            self._out.seek(0)
            while chunk := self._out.read(1 << 16):
                yield chunk
            yield json.dumps({"end": len(vocabulary.fingerprints)}) + "\n"

        try:
            write_atomically(self.path, chunks())
        finally:
            self.close()
        return vocabulary

    def close(self) -> None:
        self._out.close()
        with contextlib.suppress(OSError):
            self._lines.unlink()


def doc_words(doc: IndexDoc) -> str:
    """The vocabulary words of one document, sorted, separated by spaces (one string is
    much smaller than a list of words when an index worker sends them back)."""
    return " ".join(sorted(surface_words(doc_content(doc))))
