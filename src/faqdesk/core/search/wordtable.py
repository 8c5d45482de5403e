"""jieba's word counts as a file that is opened, not loaded: a hash table read in place.

jieba keeps its dictionary as a Python dict of about 500,000 words and prefixes (word →
count, 0 for a prefix that is no word). Making that dict takes 0.2-0.4 s at every start, the
largest part of getting search ready. A :class:`WordTable` answers the same questions (``word
in table``, ``table[word]``, ``table.get(word)``) from a file of buckets, opened in a few
milliseconds; each question costs a few microseconds instead of a dict's tens of nanoseconds,
which is nothing for a query (a few dozen questions) and too slow for indexing a large corpus
(:func:`faqdesk.core.search.chinese.ensure_full_dictionary` loads the dict for that). The
answers are exactly the dict's: segmentation does not depend on which one is loaded.

The file (in the user cache folder, written atomically, or built into the bundle)::

    MAGIC
    <version line: jieba's version and the domain dictionary's hash>\\n
    header: buckets (u32), CRC-32 (u32) of all the rest, total (u64), little-endian
    body:   offsets (buckets + 1 × u32, little-endian) into the entries, then the entries:
            per bucket, lines of ``<word UTF-8>\\t<count>\\n``

A word's bucket is the CRC-32 of its UTF-8 bytes modulo the number of buckets (a power of
two). A file that is not exactly this (other version, truncated, altered: the CRC covers
everything else in it) is not used: jieba's dict is loaded instead, as before.
"""

from __future__ import annotations

import os
import stat
import struct
import sys
import zlib
from array import array
from collections.abc import Mapping
from itertools import accumulate
from pathlib import Path

MAGIC = b"FAQDesk jieba word table 2\n"
_HEADER = struct.Struct("<IIQ")
#: jieba's dictionary is ~9 MB as a table; anything much larger is not one.
SIZE_LIMIT = 64 * 1024 * 1024
_MAX_BUCKETS = 1 << 22
#: How many answers a table remembers (words and misses, about 200 bytes each).
_SEEN_LIMIT = 200_000
#: A bucket is a few dozen bytes (jieba's table: at most 108); a longer one was not written
#: by us (a forged table could make each look-up scan megabytes): it holds no word.
MAX_BUCKET_BYTES = 4096


def _bucket_count(words: int) -> int:
    count = 1
    while count < words and count < _MAX_BUCKETS:
        count <<= 1
    return count


class WordTable:
    """Read-only word → count lookups from a table file's bytes (see the module's docs)."""

    __slots__ = ("_entries", "_mask", "_offsets", "_seen", "total")

    def __init__(self, total: int, offsets: array[int], entries: bytes) -> None:
        self.total = total
        self._offsets = offsets
        self._entries = entries
        self._mask = len(offsets) - 2
        #: answers already looked up (None: not in the table); bounded by the table's size
        self._seen: dict[str, int | None] = {}

    def _lookup(self, word: str) -> int | None:
        seen = self._seen.get(word, -1)
        if seen != -1:
            return seen
        key = word.encode("utf-8", "surrogatepass")
        bucket = zlib.crc32(key) & self._mask
        start, end = self._offsets[bucket], self._offsets[bucket + 1]
        found: int | None = None
        if end - start > MAX_BUCKET_BYTES:
            end = start  # not ours: no word
        for line in self._entries[start:end].split(b"\n"):
            name, tab, count = line.partition(b"\t")
            if name == key and tab:
                try:
                    found = int(count)
                except ValueError:  # not written by us: not a word
                    found = None
                if found is not None and found < 0:  # jieba would take its logarithm
                    found = None
                break
        if len(self._seen) >= _SEEN_LIMIT:  # e.g. a flood of random text: start again
            self._seen.clear()
        self._seen[word] = found
        return found

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._lookup(word) is not None

    def __getitem__(self, word: str) -> int:
        found = self._lookup(word) if isinstance(word, str) else None
        if found is None:
            raise KeyError(word)
        return found

    def get(self, word: str, default: int | None = None) -> int | None:
        found = self._lookup(word) if isinstance(word, str) else None
        return default if found is None else found


def encode_table(freq: Mapping[str, int], total: int, version: str) -> bytes:
    """The table file of ``freq`` (jieba's word → count dict) and ``total`` (~1 s)."""
    keys = [word.encode("utf-8", "surrogatepass") for word in freq]
    lines = [b"%s\t%d\n" % pair for pair in zip(keys, freq.values(), strict=True)]
    buckets = _bucket_count(len(keys))
    mask = buckets - 1
    slots = [zlib.crc32(key) & mask for key in keys]
    sizes = [0] * buckets
    for i, key in enumerate(keys):
        if b"\t" in key or b"\n" in key:  # jieba's words have neither: it could not be read
            lines[i] = b""
        sizes[slots[i]] += len(lines[i])
    offsets = array("I", [0])
    offsets.extend(accumulate(sizes))
    if sys.byteorder == "big":
        offsets.byteswap()
    order = sorted(range(len(keys)), key=slots.__getitem__)  # stable: a bucket keeps dict order
    body = offsets.tobytes() + b"".join([lines[i] for i in order])
    head = MAGIC + version.encode("utf-8") + b"\n"
    return head + _HEADER.pack(buckets, _checksum(head, buckets, total, body), total) + body


def _checksum(head: bytes, buckets: int, total: int, body: bytes | memoryview) -> int:
    """The CRC-32 of everything in the file but itself: the version, the bucket count, the
    total (one flipped bit there would change every word's probability) and the body."""
    return zlib.crc32(body, zlib.crc32(head + struct.pack("<IQ", buckets, total)))


def decode_table(data: bytes, version: str) -> WordTable | None:
    """The table in ``data`` when it is a complete, unaltered table of ``version``; else None."""
    head = MAGIC + version.encode("utf-8") + b"\n"
    if not data.startswith(head) or len(data) < len(head) + _HEADER.size:
        return None
    buckets, crc, total = _HEADER.unpack_from(data, len(head))
    start = len(head) + _HEADER.size
    if buckets < 1 or buckets > _MAX_BUCKETS or buckets & (buckets - 1):
        return None
    index_end = start + 4 * (buckets + 1)
    if index_end > len(data) or _checksum(head, buckets, total, memoryview(data)[start:]) != crc:
        return None
    offsets = array("I")
    offsets.frombytes(data[start:index_end])
    if sys.byteorder == "big":
        offsets.byteswap()
    entries = data[index_end:]
    if offsets[0] != 0 or offsets[-1] != len(entries) or total < 1:
        return None
    return WordTable(total, offsets, entries)


def read_table(path: Path, version: str, *, installed: bool = False) -> WordTable | None:
    """The table at ``path`` (see :func:`decode_table`); None when there is none or it cannot
    be used. Only a regular file of this user's is read (not a link, a FIFO, a device), unless
    ``installed`` (the bundle's own, installed by whoever installed the app, perhaps as a link
    into its folder)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not installed:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        handle = os.open(path, flags)  # non-blocking: a FIFO does not hang the open
    except OSError:
        return None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode) or info.st_size > SIZE_LIMIT:
            return None  # a folder, a FIFO, a device, a huge file
        owner = getattr(os, "getuid", None)  # POSIX only
        if not installed and owner is not None and info.st_uid != owner():
            return None  # planted by another user
        with os.fdopen(handle, "rb", closefd=False) as file:
            data = file.read(SIZE_LIMIT + 1)
    except OSError:
        return None
    finally:
        os.close(handle)
    return decode_table(data, version)
