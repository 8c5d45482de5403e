"""Follow masks (issue 11): each posting holds a Bloom filter of the terms right after it, so a
quoted phrase of two common words checks positions only where they can be adjacent.

A mask must never hide a phrase (same documents as intersecting the postings), must be the
same in every process (the index is written by worker processes and read by the app), and
must actually narrow the documents to check.
"""

from __future__ import annotations

import random
import subprocess
import sys
from array import array
from collections.abc import Callable, Sequence
from itertools import accumulate

import pytest

from faqdesk.core.search.codec import DamagedPostings
from faqdesk.core.search.phrases import (
    PositionBits,
    common_documents,
    followed_documents,
    phrase_rows,
    position_column,
)
from faqdesk.core.search.positions import (
    ANY_FOLLOWER,
    BitPositions,
    block_bits,
    cores_bits,
    follow_masks,
    follower_bits,
    position_bits,
    split_masks,
    value_follow,
)


def test_a_mask_holds_the_terms_right_after_each_of_the_terms_positions() -> None:
    # 0 parcel, 1 lost, 2 again, 3 parcel, 4 found; "lost" also at 1 as a sub-word's position
    found = {"parcel": [0, 3], "lost": [1], "again": [2], "found": [4], "sub": [1]}
    masks = follow_masks(found)
    assert masks["parcel"] == follower_bits("lost") | follower_bits("sub") | follower_bits("found")
    assert masks["lost"] == masks["sub"] == follower_bits("again")
    assert masks["again"] == follower_bits("parcel")
    assert masks["found"] == 0  # nothing after the last word


def test_follower_bits_are_two_of_64_bits_and_the_same_in_every_process() -> None:
    words = ["包裹", "parcel", "посылка", "追踪号", "x"]
    for word in words:
        bits = follower_bits(word)
        assert 0 < bits < 1 << 64 and bin(bits).count("1") in (1, 2)
    script = (
        "from faqdesk.core.search.positions import follower_bits;"
        f"print([follower_bits(w) for w in {words!r}])"
    )
    seen = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PYTHONPATH": ":".join(sys.path)},
        ).stdout
        for seed in ("1", "2")
    }
    assert seen == {f"{[follower_bits(w) for w in words]}\n"}


def test_values_keep_their_mask_and_positions_and_old_style_values_follow_anything() -> None:
    format_ = BitPositions()
    value = format_.encode([2, 7, 90_000], follower_bits("a"))
    assert value_follow(value) == follower_bits("a")
    assert format_.decode_positions(value) == [2, 7, 90_000]
    plain = format_.encode([1])  # Whoosh's own encode: following terms unknown
    assert value_follow(plain) == ANY_FOLLOWER
    assert value_follow(b"\x00\x00\x00\x01\x00") == ANY_FOLLOWER  # too short: never hides
    split = split_masks([value, plain])
    assert split is not None
    assert split[1] == follower_bits("a").to_bytes(8, "little") + ANY_FOLLOWER.to_bytes(8, "little")
    assert split_masks([value, b"\x00"]) is None  # too short for a mask: damage
    combined = format_.combine([value, format_.encode([3], follower_bits("b"))])
    assert value_follow(combined) == follower_bits("a") | follower_bits("b")


def _corpus(rng: random.Random, docs: int, vocabulary: Sequence[str]) -> list[list[str]]:
    return [[rng.choice(vocabulary) for _ in range(rng.randint(1, 60))] for _ in range(docs)]


def phrase_documents(
    words: Sequence[str],
    slop: int,
    postings: Callable[[str], tuple[Sequence[int], PositionBits]],
) -> dict[int, list[int]]:
    """:func:`phrase_rows` as a dictionary: per document, the index of its posting in each
    distinct term's list."""
    docs, columns = phrase_rows(words, slop, postings)
    rows = zip(*(column.tolist() for column in columns), strict=True)
    return dict(zip(docs.tolist(), map(list, rows), strict=True))


def posting_values(corpus: list[list[str]]) -> dict[str, tuple[list[int], list[bytes]]]:
    """Per term of the documents (lists of terms), its documents and posting values (with
    their follow masks), as the index writes them."""
    format_ = BitPositions()
    by_term: dict[str, tuple[list[int], list[bytes]]] = {}
    for d, words in enumerate(corpus):
        found: dict[str, list[int]] = {}
        for p, word in enumerate(words):
            found.setdefault(word, []).append(p)
        follows = follow_masks(found)
        for term, positions in found.items():
            ids, values = by_term.setdefault(term, ([], []))
            ids.append(d)
            values.append(format_.encode(positions, follows[term]))
    return by_term


def _postings(corpus: list[list[str]], masks: bool) -> dict[str, tuple[list[int], PositionBits]]:
    format_ = BitPositions()
    out = {}
    for term, (ids, values) in posting_values(corpus).items():
        column = position_column(format_, [tuple(values)])  # a block in Whoosh's form
        if not masks:
            column.follows = None
        out[term] = (ids, column)
    return out


def test_masks_find_the_documents_the_intersection_finds_and_check_far_fewer() -> None:
    rng = random.Random(20261130)
    vocabulary = [f"w{n}" for n in range(12)]  # a small vocabulary: every word is common
    corpus = _corpus(rng, 400, vocabulary)
    with_masks = _postings(corpus, masks=True)
    without = _postings(corpus, masks=False)
    checked = intersected = found_any = 0
    for _ in range(200):
        words = [rng.choice(vocabulary) for _ in range(rng.choice((2, 3)))]
        expected = phrase_documents(words, 1, without.__getitem__)
        assert phrase_documents(words, 1, with_masks.__getitem__) == expected, words
        assert expected == {
            d: expected[d]
            for d, text in enumerate(corpus)
            if any(text[i : i + len(words)] == words for i in range(len(text)))
        }
        distinct = list(dict.fromkeys(words))
        lists = [with_masks[term] for term in distinct]
        checked += len(followed_documents(words, distinct, lists)[0])
        intersected += len(common_documents([ids for ids, _ in lists])[0])
        found_any += bool(expected)
    assert found_any > 100
    assert checked * 3 < intersected  # the masks leave a fraction of the documents to check


def test_a_phrase_with_stop_words_inside_finds_its_documents_without_masks() -> None:
    # slop 2: "a _ b" (a stop word between) — the masks hold only the next position's terms
    corpus = [["a", "x", "b"], ["a", "b"], ["b", "a"], ["a", "y", "y", "b"]]
    postings = _postings(corpus, masks=True)
    assert sorted(phrase_documents(["a", "b"], 2, postings.__getitem__)) == [0, 1]
    assert sorted(phrase_documents(["a", "b"], 1, postings.__getitem__)) == [1]


def test_positions_are_cut_out_of_the_right_block_in_any_order() -> None:
    rng = random.Random(7)
    format_ = BitPositions()
    lists = [sorted(rng.sample(range(700), rng.randint(1, 9))) for _ in range(2_500)]
    values = [format_.encode(p, rng.getrandbits(64)) for p in lists]
    blocks: list[tuple[bytes, ...]] = []
    start = 0
    while start < len(values):  # blocks of uneven sizes, as a term's segments and blocks
        size = rng.choice((1, 5, 31, 32, 400, 1024))
        blocks.append(tuple(values[start : start + size]))
        start += size
    column = position_column(format_, list(blocks))
    assert len(column) == len(lists)
    assert column.follows is not None
    assert column.follows == b"".join(v[:8] for v in values)
    assert [int.from_bytes(v[:8], "little") for v in values] == [value_follow(v) for v in values]
    for _ in range(20):
        indexes = [rng.randrange(len(lists)) for _ in range(rng.randint(1, 300))]  # repeats
        assert column.column(indexes) == [position_bits(lists[i]) for i in indexes]


def test_a_single_position_is_encoded_as_any_list_of_positions_is() -> None:
    format_ = BitPositions(field_boost=2.0)
    for position in (0, 1, 7, 8, 9, 255, 511, 512, 513, 4096, 90_000):
        for follow in (0, follower_bits("x"), ANY_FOLLOWER):
            assert format_.encode_one(position, follow) == format_.encode([position], follow)


def test_many_positions_of_one_block_decode_as_one_by_one_and_damage_is_said() -> None:
    # the vector path (many values of one block): the same bits as core by core, None when a
    # value is not a bit set, damage when the ends do not fit the bytes
    format_ = BitPositions()
    lists = [[n % 50, n % 50 + 3] for n in range(100)]
    cores, _ = split_masks([format_.encode(p, 0) for p in lists])
    joined = b"".join(cores)
    bounds = array("I", [0, *accumulate(map(len, cores))])
    indexes = list(range(0, 100, 2))
    assert block_bits(joined, bounds, indexes, 0) == cores_bits([cores[i] for i in indexes])
    assert block_bits(joined, bounds, [i + 1000 for i in indexes], 1000) is not None  # a base
    far = split_masks([format_.encode([5, 3_000_000], 0)])[0][0]  # stored as deltas
    mixed = [*cores[:40], far]
    mixed_bounds = array("I", [0, *accumulate(map(len, mixed))])
    assert block_bits(b"".join(mixed), mixed_bounds, list(range(41)), 0) is None
    for damaged in (
        array("I", [*bounds[:99], len(joined) + 7, bounds[100]]),  # value 98 ends past them
        array("I", [*bounds[:21], bounds[20] - 1, *bounds[22:]]),  # value 20 ends before it starts
    ):
        with pytest.raises(DamagedPostings):
            block_bits(joined, damaged, indexes, 0)
