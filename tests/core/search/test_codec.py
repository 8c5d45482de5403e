"""The index's posting format (issue 11): positions as bit sets, posting blocks as arrays.

Whoosh's own matchers (filters, phrase queries) and FAQDesk's ranker must read exactly the
postings that were written: the same documents, weights and positions as Whoosh's own
codec and format give for the same documents.
"""

from __future__ import annotations

import random
import sys
from array import array
from pathlib import Path

import pytest
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import FileStorage

from faqdesk.core.search.codec import (
    MASK_SIZE,
    CompactCodec,
    DamagedPostings,
    _ends_fit,
    check_ids,
)
from faqdesk.core.search.index import make_schema
from faqdesk.core.search.phrases import bits_decoder
from faqdesk.core.search.positions import (
    BitPositions,
    bit_positions,
    cores_bits,
    position_bits,
    value_bits,
)


def values_bits(values: list[bytes]) -> list[int]:
    """The bits of whole posting values, as a phrase reads them: their cores, after the
    follow masks that the compact blocks store apart."""
    return cores_bits([value[MASK_SIZE:] for value in values])


@pytest.mark.parametrize(
    "positions",
    [[0], [1, 2, 300], [5, 5, 7], [511], [512], [1000], [3, 90_000], list(range(0, 400, 3)), []],
)
def test_positions_come_back_as_they_were_written(positions: list[int]) -> None:
    format_ = BitPositions(field_boost=2.5)
    value = format_.encode(positions)
    assert format_.decode_positions(value) == sorted(set(positions))
    assert format_.decode_frequency(value) == len(positions)  # a repeated position counts
    assert format_.decode_weight(value) == len(positions) * 2.5
    assert value_bits(value) == position_bits(positions)


def test_a_sparse_far_position_is_stored_as_whooshs_deltas_not_a_long_bit_set() -> None:
    format_ = BitPositions()
    far = format_.encode([3, 90_000])
    assert len(far) < 8 + 40  # a bit set would take 11 kB
    near = format_.encode([3, 300])
    assert len(near) <= 8 + 4 + 1 + 38
    assert values_bits([near, far, b""]) == [
        position_bits([3, 300]),
        position_bits([3, 90_000]),
        0,
    ]


def test_a_column_of_random_postings_decodes_like_each_one() -> None:
    rng = random.Random(11)
    format_ = BitPositions()
    lists = [
        sorted(rng.sample(range(rng.choice([50, 600, 5000])), rng.randint(1, 12)))
        for _ in range(300)
    ]
    values = [format_.encode(p) for p in lists]
    assert values_bits(values) == [position_bits(p) for p in lists]
    cores = [value[MASK_SIZE:] for value in values]
    assert bits_decoder(format_)(cores) == [position_bits(p) for p in lists]
    assert [bit_positions(b) for b in values_bits(values)] == lists
    # a damaged (too short) value in the column: decoded one by one, no exception
    assert cores_bits([cores[0], b"\x00\x00"]) == [position_bits(lists[0]), 0]


def test_combining_postings_unites_their_positions() -> None:
    format_ = BitPositions()
    combined = format_.combine([format_.encode([1, 9]), format_.encode([4, 9])])
    assert format_.decode_positions(combined) == [1, 4, 9]


def _write(folder: Path, codec: object, schema: Schema, docs: list[dict[str, str]]) -> object:
    folder.mkdir()
    ix = FileStorage(str(folder)).create_index(schema)
    writer = ix.writer(codec=codec)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()
    return ix


def _postings(ix: object, fieldname: str, term: str) -> list[tuple[int, float, list[int]]]:
    with ix.searcher() as searcher:  # type: ignore[attr-defined]
        matcher = searcher.reader().postings(fieldname, term)
        out = []
        while matcher.is_active():
            positions = matcher.value_as("positions")
            out.append((matcher.id(), matcher.weight(), sorted(set(positions))))
            matcher.next()
        return out


def test_the_compact_codec_reads_back_what_whooshs_codec_reads(tmp_path: Path) -> None:
    rng = random.Random(5)
    words = ["parcel", "lost", "refund", "moscow", "ticket", "delay"]
    docs = [
        {"key": str(n), "body": " ".join(rng.choice(words) for _ in range(rng.randint(1, 40)))}
        for n in range(700)  # several blocks of 64 postings per common word
    ]
    plain = Schema(key=ID(stored=True), body=TEXT(phrase=True))
    bits = Schema(key=ID(stored=True), body=TEXT(phrase=True))
    bits["body"].format = BitPositions(field_boost=1.0)
    old = _write(tmp_path / "w3", W3Codec(blocklimit=64, compression=0), plain, docs)
    new = _write(tmp_path / "compact", CompactCodec(blocklimit=64, compression=0), bits, docs)
    for word in words:
        assert _postings(new, "body", word) == _postings(old, "body", word)
    # Whoosh's own queries over the new postings: the same documents as over the old ones
    for query in (
        wq.Phrase("body", ["lost", "parcel"]),
        wq.And([wq.Term("body", "refund"), wq.Term("body", "moscow")]),
        wq.Phrase("body", ["ticket", "delay", "parcel"], slop=2),
    ):
        with old.searcher() as s_old, new.searcher() as s_new:  # type: ignore[attr-defined]
            assert sorted(s_new.docs_for_query(query)) == sorted(s_old.docs_for_query(query))
            skipping = s_new.reader().postings("body", "parcel")
            skipping.skip_to(500)
            assert skipping.id() >= 500


def test_the_index_uses_bit_positions_for_its_searched_fields() -> None:
    schema = make_schema()
    assert type(schema["title"].format) is BitPositions
    assert type(schema["content"].format) is BitPositions


@pytest.mark.parametrize("count", [1, 2, 3, 31, 32, 33, 66, 130])
def test_lists_of_every_length_read_back_whole(tmp_path: Path, count: int) -> None:
    # short blocks are written Whoosh's way, long ones as arrays: a list of 66 postings
    # with blocks of 64 has one of each; a block of two values looks like (joined, ends)
    docs = [
        {"key": str(n), "body": ("word " * (n % 3 + 1)) + ("filler" if n >= count else "")}
        for n in range(count)
    ]
    bits = Schema(key=ID(stored=True), body=TEXT(phrase=True))
    bits["body"].format = BitPositions(field_boost=1.0)
    plain = Schema(key=ID(stored=True), body=TEXT(phrase=True))
    new = _write(tmp_path / "compact", CompactCodec(blocklimit=64, compression=0), bits, docs)
    old = _write(tmp_path / "w3", W3Codec(blocklimit=64, compression=0), plain, docs)
    assert _postings(new, "body", "word") == _postings(old, "body", "word")
    assert len(_postings(new, "body", "word")) == count


@pytest.mark.parametrize("numpy_loaded", [True, False])
def test_document_numbers_and_value_ends_are_checked_whole_with_or_without_numpy(
    monkeypatch: pytest.MonkeyPatch, numpy_loaded: bool
) -> None:
    # with NumPy loaded (after the first search) the checks are vector operations; an index
    # build never loads it: both ways tell damaged blocks apart exactly alike
    import numpy

    monkeypatch.setitem(sys.modules, "numpy", numpy if numpy_loaded else None)
    rng = random.Random(7)
    ids = array("i", sorted(rng.sample(range(1_000_000), 4096)))
    check_ids(ids, len(ids), ids[-1])
    for damage in ((100, ids[99]), (4000, ids[4001]), (0, -1)):  # a repeat, a step back
        bad = array("i", ids)
        bad[damage[0]] = damage[1]
        with pytest.raises(DamagedPostings):
            check_ids(bad, len(bad), bad[-1])
    # value ends may repeat (an empty value), never go back; unsigned, up to 2**32 - 1
    ends = array("I", sorted(rng.choices(range(2**32 - 1), k=4096)))
    assert _ends_fit(ends, ends[-1])
    ends[50] = ends[49]
    assert _ends_fit(ends, ends[-1])
    ends[3000] = 0
    assert not _ends_fit(ends, ends[-1])
