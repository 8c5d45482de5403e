"""Contact ids a person can read: pinyin for Chinese names, unique, linear to allocate."""

from __future__ import annotations

from faqdesk.core.contacts.ids import IdAllocator, id_base, readable_id


def test_chinese_names_become_pinyin() -> None:
    assert id_base("王经理") == "wang-jing-li"
    assert id_base("深圳 货代 Ltd") == "shen-zhen-huo-dai-ltd"


def test_latin_and_cyrillic_names_are_folded_to_ascii() -> None:
    assert id_base("Ozon Seller Support") == "ozon-seller-support"
    assert id_base("Crème brûlée") == "creme-brulee"
    assert id_base("Анна Щукина") == "anna-shchukina"


def test_unreadable_names_fall_back_to_contact() -> None:
    assert id_base("") == "contact"
    assert id_base("☎☎☎") == "contact"
    assert id_base("!!! — ???") == "contact"


def test_long_names_are_cut_without_a_trailing_dash() -> None:
    base = id_base("a" * 39 + " bbbb")
    assert len(base) <= 40 and not base.endswith("-")


def test_ids_are_unique_among_taken() -> None:
    assert readable_id("王经理", {"wang-jing-li"}) == "wang-jing-li-2"
    allocator = IdAllocator({"wang-jing-li", "wang-jing-li-3"})
    assert [allocator.allocate("王经理") for _ in range(3)] == [
        "wang-jing-li-2",
        "wang-jing-li-4",
        "wang-jing-li-5",
    ]


def test_reserved_ids_are_not_handed_out() -> None:
    allocator = IdAllocator()
    allocator.reserve("anna")
    assert allocator.allocate("Anna") == "anna-2"


def test_twenty_thousand_same_names_get_twenty_thousand_ids() -> None:
    allocator = IdAllocator()
    ids = [allocator.allocate("Same Name") for _ in range(20_000)]
    assert len(set(ids)) == 20_000
    assert ids[:3] == ["same-name", "same-name-2", "same-name-3"]
    assert ids[-1] == "same-name-20000"
