"""jieba's word counts read from a table file instead of loaded as a dict (issue 11: search is
ready sooner): the same answers, the same words, and a damaged table is never used."""

from __future__ import annotations

import importlib.util
import os
import random
import re
import struct
import zlib
from pathlib import Path
from typing import Any

import jieba
import pytest

import faqdesk
from app_process import run_python
from faqdesk.core import paths
from faqdesk.core.content.loading import load_content
from faqdesk.core.search import chinese
from faqdesk.core.search.chinese import (
    FULL_DICTIONARY_FROM,
    WORD_TABLE_NAME,
    dictionary_version,
    ensure_full_dictionary,
    save_word_table,
    segment,
)
from faqdesk.core.search.wordtable import MAGIC, WordTable, decode_table, encode_table, read_table

SRC = str(Path(faqdesk.__file__).resolve().parents[1])


@pytest.fixture(scope="module")
def full() -> Any:
    tokenizer = ensure_full_dictionary()  # jieba's dict, whatever this process set up first
    assert isinstance(tokenizer.FREQ, dict)
    return tokenizer


@pytest.fixture(scope="module")
def table(full: Any) -> WordTable:
    decoded = decode_table(encode_table(full.FREQ, full.total, "v"), "v")
    assert decoded is not None
    return decoded


def _random_han(rng: random.Random, count: int) -> list[str]:
    return [
        "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(rng.randint(1, 5)))
        for _ in range(count)
    ]


def test_the_table_answers_every_word_and_prefix_as_jiebas_dict(
    full: Any, table: WordTable
) -> None:
    assert table.total == full.total
    for word, count in full.FREQ.items():  # words (count > 0) and prefixes (0)
        assert word in table and table[word] == count and table.get(word) == count
    for word in [*_random_han(random.Random(11), 20_000), "", "ozon", "\t", "包\n裹", "\udc80"]:
        assert (word in table) == (word in full.FREQ)
        assert table.get(word, -5) == full.FREQ.get(word, -5)
    with pytest.raises(KeyError):
        table["不是词的字符串啊"]
    assert table.get("追踪号")  # the domain dictionary's words are in it


def test_segmenting_with_the_table_gives_the_same_words(full: Any, table: WordTable) -> None:
    text = "".join(article.body for article in load_content(None).articles.values())
    runs = re.findall("[\u4e00-\u9fd5]+", text) + _random_han(random.Random(5), 3_000)
    runs += ["".join(_random_han(random.Random(seed), 40)) for seed in range(50)]
    with_table = jieba.Tokenizer()  # as ensure_ready sets it up with a table
    with_table.FREQ, with_table.total, with_table.initialized = table, table.total, True
    assert [segment(with_table, run) for run in runs] == [segment(full, run) for run in runs]
    mixed = "Ozon包裹ABC丢了123怎么办"  # not only Han: jieba's own cut, over the table
    assert segment(with_table, mixed) == segment(full, mixed)


def test_a_damaged_foreign_or_other_version_table_is_not_used(full: Any, tmp_path: Path) -> None:
    data = encode_table(full.FREQ, full.total, "v")
    head = len(MAGIC) + 2
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0x10
    bad_buckets = bytearray(data)
    bad_buckets[head : head + 4] = (3).to_bytes(4, "little")  # not a power of two
    for damaged in (
        b"",
        data[: len(data) - 1],  # truncated
        data[:head],
        bytes(flipped),  # one bit: the CRC differs
        bytes(bad_buckets),
        data.replace(b"FAQDesk", b"FAQDisk", 1),
        b"\x00" * 1000,
    ):
        assert decode_table(damaged, "v") is None
    assert decode_table(data, "v2") is None  # another jieba or domain dictionary
    path = tmp_path / "table"
    path.write_bytes(data)
    assert read_table(path, "v") is not None
    link = tmp_path / "link"
    link.symlink_to(path)
    assert read_table(link, "v") is None  # a link is not followed
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    assert read_table(fifo, "v") is None  # would block a plain read
    assert read_table(tmp_path / "missing", "v") is None
    assert read_table(tmp_path, "v") is None  # a folder


def test_a_table_with_unreadable_entries_answers_not_a_word(full: Any) -> None:
    data = encode_table({"包裹": 15, "包": 9}, 24, "v")
    table = decode_table(data, "v")
    assert table is not None and table["包裹"] == 15
    # not a count; a negative one (jieba would take its logarithm): the same length, the CRC
    # made to match, as only a deliberate forgery could
    for count in (b"x5", b"-5"):
        forged = decode_table(_with_crc(data.replace(b"\t15\n", b"\t" + count + b"\n")), "v")
        assert forged is not None
        assert "包裹" not in forged and forged.get("包裹") is None and forged["包"] == 9


def test_a_flipped_bit_in_the_header_is_found(full: Any) -> None:
    data = encode_table(full.FREQ, full.total, "v")
    head = data.index(b"\n", len(MAGIC)) + 1
    for at in (head, head + 8, head + 15, len(MAGIC) + 1):  # buckets, total, total, version
        flipped = bytearray(data)
        flipped[at] ^= 0x04
        assert decode_table(bytes(flipped), "v") is None


def test_a_forged_bucket_of_megabytes_holds_no_word() -> None:
    data = encode_table({"包裹": 15, "包": 9}, 24, "v")
    head = data.index(b"\n", len(MAGIC)) + 1
    buckets = struct.unpack_from("<I", data, head)[0]
    offsets_at = head + 16
    entries = data[offsets_at + 4 * (buckets + 1) :]
    padded = entries + b"x" * 10_000  # every bucket spans all the entries and the padding
    offsets = struct.pack(f"<{buckets + 1}I", 0, *([len(padded)] * buckets))
    forged = decode_table(_with_crc(data[:offsets_at] + offsets + padded), "v")
    assert forged is not None
    assert forged.get("包裹") is None and "包" not in forged  # not scanned, not words


def test_the_bundles_table_may_be_a_link_a_users_may_not(full: Any, tmp_path: Path) -> None:
    table = tmp_path / "faqdesk.table"
    table.write_bytes(encode_table(full.FREQ, full.total, "v"))
    link = tmp_path / "link.table"
    link.symlink_to(table)
    assert read_table(link, "v") is None
    assert read_table(link, "v", installed=True) is not None  # e.g. a macOS app's resources


def _with_crc(data: bytes, total: int | None = None) -> bytes:
    """``data`` with its CRC made to match (and ``total`` changed), as a forger would."""
    head = data.index(b"\n", len(MAGIC)) + 1
    buckets, _crc, old_total = struct.unpack_from("<IIQ", data, head)
    total = old_total if total is None else total
    body = data[head + 16 :]
    crc = zlib.crc32(body, zlib.crc32(data[:head] + struct.pack("<IQ", buckets, total)))
    return data[:head] + struct.pack("<IIQ", buckets, crc, total) + body


def _run(code: str, cache: Path) -> list[str]:
    """``code`` in a fresh interpreter whose user cache folder is ``cache`` (a test's
    ``tmp_path / "cache"``, as :func:`app_process.run_python` sets it)."""
    assert cache.name == "cache"
    done = run_python(cache.parent, ["-c", code], 120)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


_START = """
from faqdesk.core.search.chinese import (
    dictionary_for, ensure_full_dictionary, ensure_ready, han_words, save_word_table,
)
t = ensure_ready()
print(type(t.FREQ).__name__, '/'.join(han_words('包裹丢失了怎么办追踪号')))
"""


def test_the_first_start_loads_jiebas_dict_and_saves_the_table_the_next_start_opens(
    tmp_path: Path,
) -> None:
    cache = tmp_path / "cache"
    first = _run(_START + "print(save_word_table() is not None)\n", cache)
    assert first == ["dict 包裹/丢失/了/怎么办/追踪号", "True"]
    table = cache / WORD_TABLE_NAME
    assert table.is_file()
    written = table.stat().st_mtime_ns
    code = _START + (
        "print(save_word_table())\n"  # usable: nothing written
        "print(type(dictionary_for(199).FREQ).__name__)\n"
        "print(type(dictionary_for(200).FREQ).__name__)\n"  # a large index build: the dict
        "print('/'.join(han_words('物流包裹损坏了')))\n"
    )
    assert _run(code, cache) == [
        "WordTable 包裹/丢失/了/怎么办/追踪号",
        "None",
        "WordTable",
        "dict",
        "物流/包裹/损坏/了",
    ]
    assert table.stat().st_mtime_ns == written
    assert sorted(p.name for p in cache.iterdir()) == sorted(["jieba.cache", WORD_TABLE_NAME])


def test_a_damaged_table_is_replaced_and_one_that_cannot_be_written_is_only_logged(
    tmp_path: Path,
) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    table = cache / WORD_TABLE_NAME
    table.write_bytes(MAGIC + b"garbage")
    lines = _run(_START + "print(save_word_table() is not None)\n", cache)
    assert lines == ["dict 包裹/丢失/了/怎么办/追踪号", "True"]
    assert read_table(table, _run_version(cache)) is not None
    table.unlink()
    table.mkdir()  # not ours to replace: it cannot be written, and stays as it is
    (table / "kept").write_text("x")
    lines = _run(_START + "print(save_word_table())\n", cache)
    assert lines == ["dict 包裹/丢失/了/怎么办/追踪号", "None"]
    assert [p.name for p in table.iterdir()] == ["kept"]
    assert sorted(p.name for p in cache.iterdir()) == sorted(["jieba.cache", WORD_TABLE_NAME])


def _run_version(cache: Path) -> str:
    code = "from faqdesk.core.search.chinese import dictionary_version\nprint(dictionary_version())"
    return _run(code, cache)[0]


def test_saving_in_this_process_writes_the_same_table_again(
    full: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the tests' cache folder changes per test; the dict (and its table's bytes) stay
    path = save_word_table()
    assert path == paths.user_cache_dir() / WORD_TABLE_NAME
    assert read_table(path, dictionary_version()) is not None
    assert save_word_table() is None  # a usable table is there now
    monkeypatch.setenv("FAQDESK_CACHE_DIR", str(tmp_path / "other"))
    assert save_word_table() == tmp_path / "other" / WORD_TABLE_NAME
    assert (tmp_path / "other" / WORD_TABLE_NAME).read_bytes() == path.read_bytes()
    assert chinese._encoded is not None and chinese._encoded[0] is full.FREQ


def test_a_large_index_build_loads_jiebas_dict_a_small_one_keeps_the_table(
    tmp_path: Path,
) -> None:
    spec = importlib.util.spec_from_file_location(
        "synthetic_corpus", Path(SRC).parent / "benchmarks" / "synthetic_corpus.py"
    )
    assert spec is not None and spec.loader is not None
    corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpus)
    cache = tmp_path / "cache"
    _run(_START + "save_word_table()\n", cache)  # the table of an earlier start
    kinds = []
    for size in (FULL_DICTIONARY_FROM - 1, FULL_DICTIONARY_FROM):
        corpus.write_corpus(tmp_path / str(size), size)
        code = _START + (
            "from faqdesk.core.search.knowledge_base import KnowledgeBase\n"
            f"kb = KnowledgeBase.open({str(tmp_path / str(size))!r}, "
            f"{str(tmp_path / f'index-{size}')!r}, procs=1)\n"
            "print(type(t.FREQ).__name__, len(kb.library.articles))\n"
        )
        kinds.append(_run(code, cache)[1])
    assert kinds == [f"WordTable {FULL_DICTIONARY_FROM - 1}", f"dict {FULL_DICTIONARY_FROM}"]
