"""Phrase positions as rows of 64-bit words (issue 11): where the follow masks leave many
candidate documents, adjacent words are checked as a matrix instead of one integer per
document. The rows must hold exactly the positions the integers hold — across the 64-bit
words of a row, in values stored as Whoosh's deltas, in empty and damaged values — and the
phrase must find the same documents either way.
"""

from __future__ import annotations

import random
from array import array
from itertools import accumulate

import numpy as np
import pytest

from faqdesk.core.search import phrases
from faqdesk.core.search.codec import BlockValues, DamagedPostings
from faqdesk.core.search.phrases import PositionBits, position_column
from faqdesk.core.search.positions import BitPositions, position_bits, split_masks

from .test_follow_masks import phrase_documents, posting_values


def _row_ints(rows: np.ndarray) -> list[int]:
    return [int.from_bytes(row.tobytes(), "little") for row in rows]


def _positions(rng: random.Random) -> list[int]:
    """Positions of one word in one document: near the start, across 64-bit words, far into
    a long article (stored as deltas), or a run of many."""
    kind = rng.randrange(5)
    if kind == 0:
        return sorted(rng.sample(range(64), rng.randint(1, 5)))
    if kind == 1:
        return sorted({rng.choice((62, 63, 64, 65, 127, 128)) for _ in range(rng.randint(1, 3))})
    if kind == 2:
        return sorted(rng.sample(range(500, 5_000), rng.randint(1, 3)))  # deltas
    if kind == 3:
        return [rng.randrange(600)]
    return sorted(rng.sample(range(300), 40))


def _column(values: list[bytes], rng: random.Random) -> PositionBits:
    """A term's column over blocks of uneven sizes, some in Whoosh's own form, some compact."""
    format_ = BitPositions()
    blocks: list[tuple[bytes, ...] | BlockValues] = []
    start = 0
    while start < len(values):
        size = rng.choice((1, 3, 40, 200))
        part = values[start : start + size]
        if rng.random() < 0.5:
            blocks.append(tuple(part))
        else:
            split = split_masks(part)
            assert split is not None
            cores, masks = split
            ends = array("I", accumulate(map(len, cores)))
            blocks.append(BlockValues(b"".join(cores), ends, masks))
        start += size
    return position_column(format_, blocks)


def test_rows_hold_the_positions_the_integers_hold() -> None:
    rng = random.Random(20261130)
    format_ = BitPositions()
    lists = [_positions(rng) for _ in range(700)]
    values = [format_.encode(p, rng.getrandbits(64)) for p in lists]
    column = _column(values, rng)
    for _ in range(30):
        indexes = sorted(rng.sample(range(len(lists)), rng.randint(1, 400)))
        rows = column.rows(np.asarray(indexes, dtype=np.intp))
        assert rows is not None
        assert rows.shape[1] * 64 >= max(max(lists[i]) for i in indexes) + 1
        assert _row_ints(rows) == [position_bits(lists[i]) for i in indexes]


def test_empty_values_have_no_positions_and_damage_is_said() -> None:
    format_ = BitPositions()
    good = split_masks([format_.encode([3, 70], 0), format_.encode([1], 0)])
    assert good is not None
    cores = [good[0][0], b"", b"\x00\x00\x00\x01", good[0][1]]  # empty, too short for a kind
    column = PositionBits([(b"".join(cores), array("I", accumulate(map(len, cores))))], None)  # type: ignore[arg-type]
    rows = column.rows(np.arange(4))
    assert rows is not None
    assert _row_ints(rows) == [position_bits([3, 70]), 0, 0, position_bits([1])]
    unknown = b"\x00\x00\x00\x01\x07\x01"  # a kind byte the writer never writes
    column = PositionBits([(unknown, array("I", [len(unknown)]))], None)  # type: ignore[arg-type]
    with pytest.raises(DamagedPostings):
        column.rows(np.arange(1))
    past = PositionBits([(good[0][0], array("I", [len(good[0][0]) + 9]))], None)  # type: ignore[arg-type]
    with pytest.raises(DamagedPostings):
        past.rows(np.arange(1))


def test_rows_too_wide_for_the_budget_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    format_ = BitPositions()
    column = _column([format_.encode([4_000], 0)] * 10, random.Random(1))
    assert column.rows(np.arange(10)) is not None
    monkeypatch.setattr(phrases, "ROWS_BUDGET", 10 * 500)  # a row of 4,000 bits is 504 bytes
    assert column.rows(np.arange(10)) is None


def _postings(
    corpus: list[list[str]], rng: random.Random
) -> dict[str, tuple[list[int], PositionBits]]:
    return {
        term: (ids, _column(values, rng)) for term, (ids, values) in posting_values(corpus).items()
    }


@pytest.mark.parametrize("rows_from", [0, 10**9])
def test_a_phrase_finds_the_documents_that_hold_it_by_rows_and_one_by_one(
    monkeypatch: pytest.MonkeyPatch, rows_from: int
) -> None:
    monkeypatch.setattr(phrases, "ROWS_FROM", rows_from)
    rng = random.Random(11)
    vocabulary = [f"w{n}" for n in range(6)]
    corpus: list[list[str]] = []
    for _ in range(300):  # short and long documents: phrases across 64-bit words, deltas
        length = rng.choice((5, 70, 140, 700))
        words = [rng.choice(vocabulary) for _ in range(length)]
        if length == 700:  # a rare word far in: stored as deltas
            words[rng.randrange(520, 700)] = "far"
        corpus.append(words)
    for n in range(20):  # "early" in the first 64 bits only, "late" right after it and far on
        corpus.append(["x"] * (63 - n % 2) + ["early", "late"] + ["x"] * 250 + ["late"])
    postings = _postings(corpus, rng)
    found_any = 0
    for words in (
        *([rng.choice(vocabulary) for _ in range(rng.choice((2, 3)))] for _ in range(60)),
        ["w1", "far"],
        ["far", "w2", "w3"],
        ["w1", "w1", "w1"],
        ["early", "late"],
        ["x", "early", "late", "x"],
    ):
        expected = {
            d: None
            for d, text in enumerate(corpus)
            if any(text[i : i + len(words)] == words for i in range(len(text)))
        }
        found = phrase_documents(words, 1, postings.__getitem__)
        assert list(found) == list(expected), words
        for d, where in found.items():  # each posting index points at the document
            for term, index in zip(dict.fromkeys(words), where, strict=True):
                assert postings[term][0][index] == d
        found_any += bool(found)
    assert found_any > 40
