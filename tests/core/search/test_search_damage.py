"""Damaged posting blocks (issue 11's compact format) that the open's checks do not read.

Opening an index reads only a few postings; a block damaged elsewhere (bytes flipped, parts
of another length) is met by a later search. It must never become wrong hits (missing
articles, a total without hits, absurd scores): the search says the index is damaged, and
the next open rebuilds it. The damage is made by writing the index with a writer that
garbles its blocks in one way, as damaged bytes on disk would read.
"""

from __future__ import annotations

import struct
import zlib
from array import array
from collections.abc import Callable
from itertools import accumulate
from pathlib import Path
from pickle import UnpicklingError, dumps
from typing import Any

import pytest
from whoosh.codec.whoosh3 import W3FieldWriter

from faqdesk.core.search import codec, index
from faqdesk.core.search.codec import CompactPostingsWriter, DamagedPostings, split_values
from faqdesk.core.search.folder import search_failure
from faqdesk.core.search.index import STAMP_FILE
from faqdesk.core.search.knowledge_base import KnowledgeBase
from faqdesk.core.search.positions import core_bits, cores_bits, value_bits
from search_corpus import write_article, write_corpus

Writer = CompactPostingsWriter
_IDS, _WEIGHTS, _VALUES = Writer._mini_ids, Writer._mini_weights, Writer._mini_values
_START_TERM = W3FieldWriter.start_term
#: Only these terms' blocks are damaged: not the few the open's checks read.
DAMAGED_TERMS = {b"parcel", b"lost", *(word.encode() for word in ("包裹", "丢失"))}


def _start_term(field_writer: Any, btext: bytes) -> None:
    _START_TERM(field_writer, btext)
    field_writer._postwriter.damaged = btext in DAMAGED_TERMS


def _some_terms(garble: Callable[[Any], Any], original: Callable[[Any], Any]) -> Any:
    """The writer's ``_mini_*`` method garbling the blocks of :data:`DAMAGED_TERMS` only."""
    return lambda writer: (garble if getattr(writer, "damaged", False) else original)(writer)


def _damaged_index(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    method: str,
    garble: Callable[[Any], Any],
    *,
    every_block_compact: bool = False,
    more_articles: int = 0,
) -> tuple[Path, Path]:
    """A corpus (with ``more_articles`` about lost parcels) and its index, the writer's
    ``method`` garbling :data:`DAMAGED_TERMS`."""
    content = write_corpus(tmp_path / "content")
    for n in range(more_articles):
        body = f"Parcel {n} was lost. 包裹 {n} 丢失了。"
        write_article(content, f"more-{n}", "en", "common-problems", f"Note {n}", [], "", body)
    index_dir = tmp_path / "index"
    with monkeypatch.context() as patch:
        patch.setattr(W3FieldWriter, "start_term", _start_term)
        patch.setattr(Writer, method, _some_terms(garble, getattr(Writer, method)))
        if every_block_compact:
            patch.setattr(codec, "COMPACT_FROM", 1)  # every block as arrays, however short
        KnowledgeBase.open(content, index_dir).close()
    return content, index_dir


def _ints(typecode: str, numbers: Any) -> bytes:
    return codec._to_bytes(array(typecode, numbers))


def _garble_values(writer: Any, garble: Callable[[bytes], bytes]) -> Any:
    values = _VALUES(writer)
    if not isinstance(values, tuple):  # a field without positions
        return values
    garbled = [garble(value) for value in split_values(values[0], array("I", values[1]))]
    return b"".join(garbled), _ints("I", accumulate(map(len, garbled))), *values[2:]


def _short_ids(writer: Any) -> Any:
    return _IDS(writer)[:-4]


def _negative_ids(writer: Any) -> Any:
    return _ints("i", [-1 - d for d in writer._ids])


def _ids_past_the_end(writer: Any) -> Any:
    return _ints("i", [d + 100_000 for d in writer._ids])


def _short_weights(writer: Any) -> Any:
    return _ints("f", [2.0] * (len(writer._ids) - 1))


def _nan_weights(writer: Any) -> Any:
    return _ints("f", [float("nan")] * len(writer._ids))


def _ends_past_the_bytes(writer: Any) -> Any:
    values = _VALUES(writer)
    if not isinstance(values, tuple):
        return values
    return values[0], _ints("I", [end + 1000 for end in array("I", values[1])]), *values[2:]


def _short_masks(writer: Any) -> Any:
    values = _VALUES(writer)
    if not isinstance(values, tuple) or len(values) < 3:
        return values
    return values[0], values[1], values[2][:-8]


def _no_masks(writer: Any) -> Any:
    values = _VALUES(writer)
    return values[:2] if isinstance(values, tuple) else values


def _unknown_tag(writer: Any) -> Any:
    return _garble_values(writer, lambda value: value[:4] + b"\x02" + value[5:])


def _garbled_deltas(writer: Any) -> Any:
    return _garble_values(writer, lambda value: value[:4] + b"\x01garbage")


DAMAGE: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "short ids": ("_mini_ids", _short_ids),
    "negative ids": ("_mini_ids", _negative_ids),
    "ids past the last document": ("_mini_ids", _ids_past_the_end),
    "short weights": ("_mini_weights", _short_weights),
    "weights not a number": ("_mini_weights", _nan_weights),
    "value ends past the bytes": ("_mini_values", _ends_past_the_bytes),
    "a tag byte other than 0 and 1": ("_mini_values", _unknown_tag),
    "follow masks cut short": ("_mini_values", _short_masks),
    "follow masks missing": ("_mini_values", _no_masks),
    "garbled pickled deltas": ("_mini_values", _garbled_deltas),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_posting_block_is_said_and_rebuilt_never_wrong_hits(
    damage: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    method, garble = DAMAGE[damage]
    content, index_dir = _damaged_index(
        tmp_path, monkeypatch, method, garble, every_block_compact=True
    )
    with KnowledgeBase.open(content, index_dir) as kb:
        assert not kb.sync_report.rebuilt  # the open's few checks passed
        for query in ("包裹丢失", "lost parcel", '"lost parcel"'):
            results = kb.search(query)
            if [n.code for n in results.notes] == ["search.index.damaged_found"]:
                assert results.hits == [] and results.error
                break
            assert results.error is None, (query, results.error)
            # what it found is what an undamaged index finds
            assert results.hits[0].article_id == "lost-parcel", query
            assert len(results.hits) == results.total, query
        else:
            pytest.fail("no search said the index is damaged")
        assert not (index_dir / STAMP_FILE).exists()  # so the next open rebuilds it
    with KnowledgeBase.open(content, index_dir) as kb:
        assert kb.sync_report.rebuilt
        for query in ("包裹丢失", "lost parcel", '"lost parcel"'):
            results = kb.search(query)
            assert results.error is None
            assert results.hits[0].article_id == "lost-parcel"


def test_a_block_starting_behind_the_block_before_is_said_never_wrong_hits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # each block's ids are in order and end where its info says, but a damaged first id
    # puts the block behind the one before it: only the whole list shows it
    def first_id_zero(writer: Any) -> Any:
        if not writer._blockcount or len(writer._ids) < 2:  # a term's first block
            return _IDS(writer)
        return _ints("i", [0, *writer._ids[1:]])

    monkeypatch.setattr(index, "posting_codec", lambda: codec.CompactCodec(blocklimit=2))
    content, index_dir = _damaged_index(
        tmp_path,
        monkeypatch,
        "_mini_ids",
        first_id_zero,
        every_block_compact=True,
        more_articles=8,
    )
    with KnowledgeBase.open(content, index_dir) as kb:
        assert not kb.sync_report.rebuilt
        said = [kb.search(query) for query in ("parcel ", "lost ", "包裹 ", "丢失 ")]
        assert any(
            [n.code for n in results.notes] == ["search.index.damaged_found"] for results in said
        )
        for results in said:
            assert results.error or (results.hits and len(results.hits) == results.total)


def test_a_damaged_short_block_is_said_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # blocks of fewer than COMPACT_FROM postings are written as Whoosh writes them: a tuple
    # of weights, one of them not a number
    def nan_weights(writer: Any) -> Any:
        return (float("nan"),) * len(writer._ids)

    content, index_dir = _damaged_index(tmp_path, monkeypatch, "_mini_weights", nan_weights)
    with KnowledgeBase.open(content, index_dir) as kb:
        results = kb.search("lost parcel")
        assert [n.code for n in results.notes] == ["search.index.damaged_found"]
        assert results.hits == []


def test_short_block_values_cut_inside_their_follow_masks_are_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a block in Whoosh's own form keeps each value whole, follow mask first: values too
    # short to hold one cannot be read as a mask and positions
    def cut_values(writer: Any) -> Any:
        values = _VALUES(writer)
        return tuple(value[:5] for value in values) if isinstance(values, tuple) else values

    content, index_dir = _damaged_index(tmp_path, monkeypatch, "_mini_values", cut_values)
    with KnowledgeBase.open(content, index_dir) as kb:
        results = kb.search('"lost parcel" ')
        assert [n.code for n in results.notes] == ["search.index.damaged_found"]
        assert results.hits == []


@pytest.mark.parametrize(
    "value",
    [
        b"\x00\x00\x00\x01\x02\x05",  # a tag that is neither bits nor deltas
        b"\x00\x00\x00\x01\x01not a pickle",
        b"\x00\x00\x00\x01\x01" + dumps([1 << 40], 2),  # a bit set of 128 GB
        b"\x00\x00\x00\x02\x01" + dumps([5, -9], 2),  # a negative position
        b"\x00\x00\x00\x01\x01" + dumps("text", 2),
    ],
)
def test_a_damaged_position_value_raises_damage_not_memory_or_pickle_errors(
    value: bytes,
) -> None:
    with pytest.raises(DamagedPostings):
        core_bits(value)
    with pytest.raises(DamagedPostings):
        cores_bits([value])
    with pytest.raises(DamagedPostings):  # the same core after its follow mask
        value_bits(b"\xff" * 8 + value)


@pytest.mark.parametrize(
    "error",
    [
        struct.error("unpack requires a buffer of 12 bytes"),  # a damaged term table
        zlib.error("Error -3 while decompressing data: incorrect data check"),  # stored text
        UnpicklingError("invalid load key, '\\x01'."),  # a damaged block info or column
        EOFError("Ran out of input"),
    ],
    ids=lambda error: f"{type(error).__module__}.{type(error).__name__}",
)
def test_damage_in_whooshs_own_files_is_said_and_rebuilt_too(
    error: Exception, corpus_index: tuple[Path, Path]
) -> None:
    # what bit flips in a .seg file outside the postings raised from a search (the open's
    # checks read only a few terms and stored fields)
    content, index_dir = corpus_index
    problem = search_failure(error, index_dir)
    assert problem.code == "search.index.damaged_found"
    assert not (index_dir / STAMP_FILE).exists()
    with KnowledgeBase.open(content, index_dir) as kb:
        assert kb.sync_report.rebuilt


def test_a_failure_that_is_not_damage_keeps_the_index(corpus_index: tuple[Path, Path]) -> None:
    _, index_dir = corpus_index
    assert search_failure(RuntimeError("a bug"), index_dir).code == "search.failed"
    assert (index_dir / STAMP_FILE).exists()


@pytest.fixture
def corpus_index(tmp_path: Path) -> tuple[Path, Path]:
    content = write_corpus(tmp_path / "content")
    KnowledgeBase.open(content, tmp_path / "index").close()
    return content, tmp_path / "index"


def test_a_damaged_term_list_met_by_a_prefix_is_said_and_rebuilt(
    corpus_index: tuple[Path, Path],
) -> None:
    # the field number before a term in the term table (a key: 2 bytes, then the term):
    # flipped, a typed prefix's walk through the term list meets a field that does not exist
    content, index_dir = corpus_index
    [seg] = index_dir.glob("*.seg")
    data = bytearray(seg.read_bytes())
    start = 0
    while (at := data.find(b"warehous", start)) >= 0:
        data[at - 2 : at] = b"\x7f\x7f"
        start = at + 1
    assert start  # the term was found
    seg.write_bytes(bytes(data))
    with KnowledgeBase.open(content, index_dir) as kb:
        assert not kb.sync_report.rebuilt  # the open's checks read other terms
        results = kb.search("wareh")
        assert [n.code for n in results.notes] == ["search.index.damaged_found"]
    with KnowledgeBase.open(content, index_dir) as kb:
        assert kb.sync_report.rebuilt
        assert kb.search("wareh").hits[0].article_id == "returns"
