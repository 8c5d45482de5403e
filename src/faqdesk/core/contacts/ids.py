"""Readable contact ids made from names: ``王经理`` → ``wang-jing-li``, ``Анна`` → ``anna``.

Chinese names are read with pypinyin (tone marks dropped), other scripts are folded to ASCII
letters; what cannot be read falls back to ``contact``. :class:`IdAllocator` hands out ids that
are unique among those taken, in time linear in the number of ids allocated (a counter per
base instead of probing ``base-2``, ``base-3`` … from the start each time).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from faqdesk.core.contacts.model import ID_RE

MAX_BASE = 40
FALLBACK = "contact"

# Cyrillic has no NFKD decomposition to ASCII; a plain reading (GOST-like, no diacritics).
_CYRILLIC_READINGS = "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya"
_CYRILLIC_LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
_CYRILLIC = dict(zip(_CYRILLIC_LETTERS, _CYRILLIC_READINGS.split(" "), strict=True))


def _ascii_words(name: str) -> str:
    words: list[str] = []
    from pypinyin import Style, lazy_pinyin  # 0.3 s to import: when a name is read only

    for part in lazy_pinyin(name, style=Style.NORMAL, errors="default"):
        lowered = part.lower()
        lowered = "".join(_CYRILLIC.get(ch, ch) for ch in lowered)
        folded = unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode("ascii")
        words.append(folded)
    return " ".join(words)


def id_base(name: str) -> str:
    """The id a contact called *name* would get if nothing else had it."""
    slug = re.sub(r"[^a-z0-9]+", "-", _ascii_words(name)).strip("-")
    slug = slug[:MAX_BASE].strip("-")
    return slug if slug and ID_RE.match(slug) else FALLBACK


class IdAllocator:
    """Unique readable ids; ``allocate`` is O(1) amortised however often a name repeats."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self._taken: set[str] = set(taken)
        self._next: dict[str, int] = {}

    def allocate(self, name: str) -> str:
        base = id_base(name)
        candidate = base
        if candidate in self._taken:
            counter = self._next.get(base, 2)
            candidate = f"{base}-{counter}"
            while candidate in self._taken:
                counter += 1
                candidate = f"{base}-{counter}"
            self._next[base] = counter + 1
        self._taken.add(candidate)
        return candidate

    def reserve(self, contact_id: str) -> None:
        """Mark *contact_id* as taken (an id that came with the data)."""
        self._taken.add(contact_id)


def readable_id(name: str, taken: Iterable[str] = ()) -> str:
    """One id for *name*, unique among *taken*."""
    return IdAllocator(taken).allocate(name)
