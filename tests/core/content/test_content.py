"""Loading content folders: good articles load, every kind of bad file gives a clear problem."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from faqdesk.core import paths
from faqdesk.core.content.loading import (
    LANGUAGES,
    MAX_ARTICLE_BYTES,
    Category,
    ContentLibrary,
    article_files,
    check_content,
    load_content,
)
from file_fixtures import write

CATEGORIES = """\
# the categories, in the order the browser shows them
categories:
  - id: common-problems
    name: {zh: 常见问题, en: Common problems}
    icon: alert
  - id: reference
    name: {zh: 参考资料, en: Reference}
"""


def article_text(
    article_id: str,
    *,
    title: str = "标题",
    category: str = "common-problems",
    extra: str = "",
    body: str = "正文。\n",
) -> str:
    return f"---\nid: {article_id}\ntitle: {title}\ncategory: {category}\n{extra}---\n{body}"


def make_tree(root: Path) -> Path:
    """A small clean tree: two articles, each in zh and en, and the categories."""
    write(root, "categories.yaml", CATEGORIES)
    write(
        root,
        "articles/zh/delivery-delay.md",
        article_text(
            "delivery-delay",
            title="配送延误怎么办",
            extra=(
                "tags: [延误, 物流]\nsummary: 包裹晚到时的处理步骤。\nupdated: 2026-11-20\n"
                "related: [russian-phrasebook]\n"
            ),
            body="## 先检查什么\n\n看一下[常用俄语](russian-phrasebook.md#问候)。\n",
        ),
    )
    write(
        root,
        "articles/en/delivery-delay.md",
        article_text("delivery-delay", title="Delivery delay", body="## First checks\n\nText.\n"),
    )
    write(
        root,
        "articles/zh/russian-phrasebook.md",
        article_text(
            "russian-phrasebook", title="常用俄语", category="reference", body="## 问候\n"
        ),
    )
    write(
        root,
        "articles/en/russian-phrasebook.md",
        article_text("russian-phrasebook", title="Phrasebook", category="reference"),
    )
    return root


def messages(library: ContentLibrary, where: str) -> list[str]:
    return [problem.message for problem in library.problems if problem.where == where]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return make_tree(tmp_path / "content")


# --------------------------------------------------------------------------- good content


def test_a_clean_tree_loads_every_field_without_problems(tree: Path) -> None:
    library = load_content(tree)

    assert library.problems == []
    assert library.roots == (tree,)
    assert sorted(library.articles) == [
        ("delivery-delay", "en"),
        ("delivery-delay", "zh"),
        ("russian-phrasebook", "en"),
        ("russian-phrasebook", "zh"),
    ]
    article = library.articles[("delivery-delay", "zh")]
    assert article.title == "配送延误怎么办"
    assert article.category == "common-problems"
    assert article.tags == ("延误", "物流")
    assert article.summary == "包裹晚到时的处理步骤。"
    assert article.updated == date(2026, 11, 20)
    assert article.related == ("russian-phrasebook",)
    assert article.body.startswith("## 先检查什么\n")
    assert "---" not in article.body
    assert article.path == tree / "articles/zh/delivery-delay.md"
    assert article.source == "bundled"


def test_categories_keep_file_order_and_names_fall_back(tree: Path) -> None:
    library = load_content(tree)

    assert [category.id for category in library.categories] == ["common-problems", "reference"]
    assert [category.order for category in library.categories] == [0, 1]
    first = library.categories[0]
    assert first.icon == "alert"
    assert first.display_name("zh") == "常见问题"
    assert first.display_name("en") == "Common problems"
    assert library.category("reference") == library.categories[1]
    assert library.category("nope") is None
    only_zh = Category("x", {"zh": "中文名"}, None, 0)
    assert only_zh.display_name("en") == "中文名"
    assert Category("bare", {}, None, 0).display_name("zh") == "bare"
    assert len(set(library.categories)) == 2  # usable as dict keys and in sets


def test_categories_file_may_be_a_plain_list(tmp_path: Path) -> None:
    root = tmp_path / "c"
    write(root, "categories.yaml", "- id: a\n  name: {zh: 甲, en: A}\n- id: b\n  name: B\n")
    write(root, "articles/zh/x.md", article_text("x", category="b"))
    library = load_content(root)

    assert [category.id for category in library.categories] == ["a", "b"]
    assert library.categories[1].display_name("zh") == "B"
    assert library.problems == []


def test_bom_and_crlf_load_without_a_problem(tree: Path) -> None:
    text = article_text("wrong-address", title="地址错误", body="## 步骤\n\n第一行\n第二行\n")
    data = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    write(tree, "articles/zh/wrong-address.md", data)

    library = load_content(tree)

    assert library.problems == []
    article = library.articles[("wrong-address", "zh")]
    assert article.title == "地址错误"
    assert article.body == "## 步骤\n\n第一行\n第二行\n"
    assert "\r" not in article.body and "\ufeff" not in article.body


def test_fallback_language_and_lookups(tree: Path) -> None:
    write(tree, "articles/zh/wrong-address.md", article_text("wrong-address", title="地址错误"))
    library = load_content(tree)

    only_zh = library.article("wrong-address", "en")
    assert only_zh is not None and only_zh.lang == "zh"
    assert library.article("wrong-address", "en", fallback=False) is None
    assert library.article("no-such-id", "zh") is None
    english = library.article("delivery-delay", "en")
    assert english is not None and english.title == "Delivery delay"
    assert library.ids() == ["delivery-delay", "russian-phrasebook", "wrong-address"]
    assert library.languages_of("delivery-delay") == ["zh", "en"]
    assert library.languages_of("wrong-address") == ["zh"]
    assert library.languages_of("no-such-id") == []

    in_en = library.in_category("common-problems", "en")
    assert [(a.id, a.lang) for a in in_en] == [("delivery-delay", "en"), ("wrong-address", "zh")]
    assert [a.id for a in library.in_category("reference", "zh")] == ["russian-phrasebook"]
    assert library.in_category("nope", "zh") == []


def test_updated_may_be_quoted_and_optional_fields_may_be_missing(tree: Path) -> None:
    write(
        tree,
        "articles/en/wrong-address.md",
        article_text("wrong-address", title="Wrong address", extra="updated: '2026-01-31'\n"),
    )
    write(
        tree,
        "articles/en/minimal.md",
        "---\nid: minimal\ntitle: Minimal\ncategory: reference\n---\n",
    )
    library = load_content(tree)

    assert library.problems == []
    assert library.articles[("wrong-address", "en")].updated == date(2026, 1, 31)
    minimal = library.articles[("minimal", "en")]
    assert (minimal.tags, minimal.related, minimal.summary, minimal.updated) == ((), (), "", None)
    assert minimal.body == ""


def test_article_files_lists_only_language_folders(tree: Path, tmp_path: Path) -> None:
    write(tree, "articles/ru/x.md", article_text("x"))
    write(tree, "articles/zh/notes.txt", "not an article")
    other = make_tree(tmp_path / "other")

    files = article_files([tree, other])

    assert len(files) == 8
    assert files[0].is_relative_to(tree) and files[-1].is_relative_to(other)
    assert all(path.suffix == ".md" and path.parent.name in LANGUAGES for path in files)


# --------------------------------------------------------------------------- bad files


def test_missing_front_matter_skips_the_article_and_the_rest_loads(tree: Path) -> None:
    write(tree, "articles/zh/no-front.md", "# 标题\n\n没有 front matter。\n")
    library = load_content(tree)

    assert ("no-front", "zh") not in library.articles
    assert ("delivery-delay", "zh") in library.articles
    assert len(library.articles) == 4
    [message] = messages(library, "articles/zh/no-front.md")
    assert message.startswith("no front matter: the file must begin with a line '---'")


def test_unclosed_front_matter(tree: Path) -> None:
    write(tree, "articles/en/open.md", "---\nid: open\ntitle: Open\ncategory: reference\n\nBody\n")
    library = load_content(tree)

    assert ("open", "en") not in library.articles
    assert messages(library, "articles/en/open.md") == [
        "front matter is not closed: add a line '---' after its last field"
    ]


def test_invalid_yaml_names_the_line(tree: Path) -> None:
    write(
        tree, "articles/en/bad-yaml.md", "---\nid: bad-yaml\ntitle: [unclosed\ncategory: x\n---\n"
    )
    library = load_content(tree)

    assert ("bad-yaml", "en") not in library.articles
    [message] = messages(library, "articles/en/bad-yaml.md")
    assert message.startswith("invalid YAML at line ")
    assert len(library.articles) == 4


def test_front_matter_that_is_not_a_mapping(tree: Path) -> None:
    write(tree, "articles/en/listy.md", "---\n- id\n- title\n---\nBody\n")
    write(tree, "articles/en/texty.md", "---\njust some words\n---\nBody\n")
    library = load_content(tree)

    assert messages(library, "articles/en/listy.md") == [
        "front matter must be 'key: value' lines (id, title, category…), not a list"
    ]
    assert messages(library, "articles/en/texty.md") == [
        "front matter must be 'key: value' lines (id, title, category…), not a str"
    ]
    assert ("listy", "en") not in library.articles and ("texty", "en") not in library.articles


@pytest.mark.parametrize("title_line", ["", "title:\n", "title: ''\n", "title: '   '\n"])
def test_missing_or_empty_title_skips_the_article(tree: Path, title_line: str) -> None:
    write(
        tree,
        "articles/zh/untitled.md",
        f"---\nid: untitled\n{title_line}category: reference\n---\n",
    )
    library = load_content(tree)

    assert ("untitled", "zh") not in library.articles
    assert messages(library, "articles/zh/untitled.md") == [
        "missing title: add a line 'title: …' to the front matter"
    ]


def test_id_different_from_the_file_name_is_reported_and_the_file_name_wins(tree: Path) -> None:
    write(tree, "articles/en/wrong-address.md", article_text("wrong-adress", title="Wrong address"))
    library = load_content(tree)

    assert messages(library, "articles/en/wrong-address.md") == [
        "id 'wrong-adress' differs from the file name 'wrong-address.md'; "
        "the id must be the file name (id: wrong-address)"
    ]
    assert library.articles[("wrong-address", "en")].title == "Wrong address"
    assert ("wrong-adress", "en") not in library.articles


def test_missing_id_is_reported(tree: Path) -> None:
    write(tree, "articles/en/no-id.md", "---\ntitle: No id\ncategory: reference\n---\n")
    library = load_content(tree)

    assert messages(library, "articles/en/no-id.md") == [
        "missing 'id' (it must be the file name: id: no-id)"
    ]
    assert ("no-id", "en") in library.articles


def test_duplicate_id_differing_only_in_case(tree: Path) -> None:
    write(tree, "articles/zh/Delivery-Delay.md", article_text("Delivery-Delay", title="重复"))
    library = load_content(tree)

    assert library.articles[("delivery-delay", "zh")].title == "配送延误怎么办"
    assert ("Delivery-Delay", "zh") not in library.articles
    assert messages(library, "articles/zh/Delivery-Delay.md") == [
        "duplicate id 'Delivery-Delay' in zh: articles/zh/delivery-delay.md has the same id "
        "(ids are compared ignoring case); rename or remove one"
    ]


def test_a_file_name_that_cannot_be_an_id(tree: Path) -> None:
    write(tree, "articles/en/my article.md", article_text("my article"))
    library = load_content(tree)

    assert ("my article", "en") not in library.articles
    [message] = messages(library, "articles/en/my article.md")
    assert "is not a usable article id" in message


def test_unknown_category_is_reported_and_the_article_kept(tree: Path) -> None:
    write(tree, "articles/en/lost.md", article_text("lost", title="Lost", category="problems"))
    library = load_content(tree)

    assert messages(library, "articles/en/lost.md") == [
        "unknown category 'problems' (known: common-problems, reference)"
    ]
    assert library.articles[("lost", "en")].category == "problems"


def test_translations_in_different_categories_are_reported(tree: Path) -> None:
    write(
        tree,
        "articles/en/delivery-delay.md",
        article_text("delivery-delay", title="Delivery delay", category="reference"),
    )
    library = load_content(tree)

    assert messages(library, "articles/en/delivery-delay.md") == [
        "category 'reference' differs from the zh version ('common-problems'); "
        "translations belong to the same category"
    ]
    assert messages(library, "articles/zh/delivery-delay.md") == []


def test_missing_category_is_reported(tree: Path) -> None:
    write(tree, "articles/en/lost.md", "---\nid: lost\ntitle: Lost\n---\n")
    library = load_content(tree)

    assert messages(library, "articles/en/lost.md") == [
        "missing 'category' (an id from categories.yaml)"
    ]
    assert ("lost", "en") in library.articles


@pytest.mark.parametrize("value", ["2026-13-01", "2026-02-30", "yesterday", "[2026]", "20261126"])
def test_invalid_updated_date_is_reported_and_the_article_kept(tree: Path, value: str) -> None:
    write(tree, "articles/en/dated.md", article_text("dated", extra=f"updated: {value}\n"))
    library = load_content(tree)

    [message] = messages(library, "articles/en/dated.md")
    assert message.startswith("'updated' is not a valid date: ")
    assert message.endswith("(write it as YYYY-MM-DD)")
    assert library.articles[("dated", "en")].updated is None


def test_tags_and_related_of_the_wrong_type(tree: Path) -> None:
    write(
        tree,
        "articles/en/typed.md",
        article_text("typed", extra="tags: {a: 1}\nrelated: 42\nsummary: [x]\n"),
    )
    write(tree, "articles/zh/texty.md", article_text("texty", extra="tags: 延误, 物流\n"))
    library = load_content(tree)

    assert messages(library, "articles/en/typed.md") == [
        "'related' must be a list like [a, b], not a number",
        "'summary' must be text, not a list",
        "'tags' must be a list like [a, b], not a mapping",
    ]
    typed = library.articles[("typed", "en")]
    assert (typed.tags, typed.related, typed.summary) == ((), (), "")
    assert messages(library, "articles/zh/texty.md") == [
        "'tags' must be a list like [a, b], not text"
    ]
    assert library.articles[("texty", "zh")].tags == ("延误", "物流")


def test_problems_name_the_field_and_read_in_chinese(tree: Path) -> None:
    """The window puts a problem under the field it names, in the interface language."""
    write(
        tree,
        "articles/en/typed.md",
        article_text("typed", category="problems", extra="tags: 5\nrelated: [ghost]\n"),
    )
    library = load_content(tree)
    found = {p.field: p for p in library.problems if p.where == "articles/en/typed.md"}

    assert set(found) == {"category", "related", "tags"}
    assert found["category"].value == "problems"
    assert found["related"].value == "ghost"
    assert found["tags"].render("zh") == "“tags”必须是 [a, b] 这样的列表，而不是数字"
    assert (
        found["category"].render("zh") == "未知分类“problems”（已有：common-problems, reference）"
    )
    assert found["related"].line("zh") == "articles/en/typed.md: 相关文章“ghost”不存在"


def test_link_problems_name_the_link(tree: Path) -> None:
    write(tree, "articles/en/linky.md", article_text("linky", body="[x](nowhere.md#top)\n"))
    [problem] = [p for p in load_content(tree).problems if p.where == "articles/en/linky.md"]

    assert (problem.field, problem.value) == ("links", "nowhere.md#top")
    assert problem.message == "link 'nowhere.md#top': article 'nowhere' does not exist"
    assert problem.render("zh") == "链接“nowhere.md#top”：文章“nowhere”不存在"


def test_a_yaml_alias_bomb_gives_a_short_problem(tree: Path) -> None:
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for number, name in enumerate("bcdefgh"):
        previous = "abcdefgh"[number]
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    extra = "\n".join(levels) + "\ntags: [" + ", ".join(["*h"] * 9) + "]\n"
    write(tree, "articles/en/bomb.md", article_text("bomb", extra=extra))

    library = load_content(tree)

    [message] = messages(library, "articles/en/bomb.md")
    assert message.startswith("'tags' must list text items; a list [")
    assert len(message) < 300
    assert library.articles[("bomb", "en")].tags == ()


def test_a_gbk_encoded_file_is_recognised(tree: Path) -> None:
    data = article_text("gbk-file", title="地址填错了怎么办", body="请联系客服修改收货地址。\n")
    write(tree, "articles/zh/gbk-file.md", data.encode("gbk"))
    library = load_content(tree)

    assert messages(library, "articles/zh/gbk-file.md") == [
        "not UTF-8 — looks like GBK/GB18030 (a Windows Chinese encoding); save it as UTF-8"
    ]
    assert ("gbk-file", "zh") not in library.articles
    assert len(library.articles) == 4


def test_other_invalid_utf8_names_the_line(tree: Path) -> None:
    data = article_text("latin", title="Caf\u00e9", body="ok\n").encode("latin-1")
    write(tree, "articles/en/latin.md", data)
    library = load_content(tree)

    assert messages(library, "articles/en/latin.md") == [
        "not UTF-8 (invalid byte 0xe9 on line 3); save it as UTF-8"
    ]


def test_utf16_file_is_recognised(tree: Path) -> None:
    write(tree, "articles/en/utf16.md", article_text("utf16").encode("utf-16"))
    library = load_content(tree)

    assert messages(library, "articles/en/utf16.md") == [
        "saved as UTF-16 (\u201cUnicode\u201d in Notepad); save it as UTF-8"
    ]


@pytest.mark.parametrize("content", [b"", b"   \n\r\n\t", b"\xef\xbb\xbf"])
def test_an_empty_file(tree: Path, content: bytes) -> None:
    write(tree, "articles/zh/empty.md", content)
    library = load_content(tree)

    assert messages(library, "articles/zh/empty.md") == ["file is empty"]
    assert len(library.articles) == 4


def test_a_binary_file_named_md(tree: Path) -> None:
    write(tree, "articles/en/image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    library = load_content(tree)

    assert messages(library, "articles/en/image.md") == [
        "binary file, not Markdown text (it contains NUL bytes)"
    ]


def test_a_file_over_the_size_limit_is_refused(tree: Path) -> None:
    head = article_text("huge", title="Huge", body="")
    write(tree, "articles/en/huge.md", head + "x" * (MAX_ARTICLE_BYTES + 1 - len(head)))
    write(
        tree,
        "articles/en/at-limit.md",
        (lambda h: h + "y" * (MAX_ARTICLE_BYTES - len(h)))(
            article_text("at-limit", title="At the limit", body="")
        ),
    )
    library = load_content(tree)

    assert messages(library, "articles/en/huge.md") == [
        "file is too large (1,000,001 bytes; the limit is 1,000,000): "
        "split it into smaller articles"
    ]
    assert ("huge", "en") not in library.articles
    assert ("at-limit", "en") in library.articles
    assert messages(library, "articles/en/at-limit.md") == []


def test_a_huge_file_is_not_read(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tree, "articles/en/sparse.md", b"")
    os.truncate(path, 4 * 1024**3)  # 4 GB, sparse: reading it would take memory and time
    opened: list[Path] = []
    real_open = Path.open

    def spy_open(self: Path, *args: object, **kwargs: object) -> object:
        opened.append(self)
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", spy_open)
    library = load_content(tree)

    [message] = messages(library, "articles/en/sparse.md")
    assert message.startswith("file is too large (4,294,967,296 bytes")
    assert path not in opened
    assert len(library.articles) == 4


def test_an_unreadable_file(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tree, "articles/en/secret.md", article_text("secret"))
    path.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make the OS refusal happen for this one file
        real_open = Path.open

        def refusing_open(self: Path, *args: object, **kwargs: object) -> object:
            if self == path:
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

        monkeypatch.setattr(Path, "open", refusing_open)
    try:
        library = load_content(tree)
    finally:
        path.chmod(0o644)

    assert messages(library, "articles/en/secret.md") == ["cannot read the file: permission denied"]
    assert len(library.articles) == 4


def test_a_broken_link_or_pipe_named_md(tree: Path) -> None:
    (tree / "articles/en/moved.md").symlink_to(tree / "nowhere.md")
    os.mkfifo(tree / "articles/en/pipe.md")  # opening a pipe would wait forever
    library = load_content(tree)

    for name in ("moved", "pipe"):
        assert messages(library, f"articles/en/{name}.md") == [
            "cannot read the file: not a regular file (a broken link?)"
        ]
    assert len(library.articles) == 4
    assert [path.name for path in article_files([tree])].count("moved.md") == 0


def test_a_language_folder_other_than_zh_or_en(tree: Path) -> None:
    write(tree, "articles/ru/delivery-delay.md", article_text("delivery-delay", title="Задержка"))
    write(tree, "articles/stray.md", article_text("stray"))
    library = load_content(tree)

    assert messages(library, "articles/ru") == [
        "unknown language folder 'ru': articles go in articles/zh/ or articles/en/"
    ]
    assert messages(library, "articles/stray.md") == [
        "article outside a language folder: move it to articles/zh/ or articles/en/"
    ]
    assert ("delivery-delay", "ru") not in library.articles
    assert len(library.articles) == 4


def test_related_and_links_to_missing_articles_keep_the_article(tree: Path) -> None:
    write(
        tree,
        "articles/en/links.md",
        article_text(
            "links",
            extra="related: [delivery-delay, no-such-article]\n",
            body=(
                "## Steps\n\n"
                "[ok](delivery-delay.md), [ok too](../zh/russian-phrasebook.md#问候), "
                "[gone](missing-article.md), [bad anchor](delivery-delay.md#nowhere), "
                "[in page](#steps), [bad in page](#nothing), [web](https://www.ozon.ru), "
                "[gone](missing-article.md) again\n\n"
                "```\n[not a link](in-code.md)\n```\n"
            ),
        ),
    )
    library = load_content(tree)

    assert ("links", "en") in library.articles
    assert messages(library, "articles/en/links.md") == [
        "link '#nothing': no heading with that anchor here",
        # anchors are checked in the linking article's language: the app opens that one
        "link '../zh/russian-phrasebook.md#问候': article 'russian-phrasebook' has no heading "
        "with anchor '问候'",
        "link 'delivery-delay.md#nowhere': article 'delivery-delay' has no heading with "
        "anchor 'nowhere'",
        "link 'missing-article.md': article 'missing-article' does not exist",
        "related article 'no-such-article' does not exist",
    ]


def test_unsafe_links_are_reported(tree: Path) -> None:
    write(tree, "articles/en/unsafe.md", article_text("unsafe", body="[x](file:///etc/passwd)\n"))
    library = load_content(tree)

    assert messages(library, "articles/en/unsafe.md") == [
        "link 'file:///etc/passwd' is not allowed (use http(s), mailto, tel)"
    ]


def test_links_checked_without_a_full_parse_give_the_same_problems(tree: Path) -> None:
    # Bodies are parsed only when they may hold a link worth checking; every kind still counts.
    write(
        tree,
        "articles/en/kinds.md",
        article_text(
            "kinds",
            body=(
                "## Steps\n\n"
                "<javascript:alert(1)> <https://www.ozon.ru> <help@example.com>\n\n"
                "[by reference][gone] and [web](https://www.ozon.ru)\n\n"
                "[gone]: missing-by-reference.md\n"
            ),
        ),
    )
    write(
        tree,
        "articles/en/web-only.md",
        article_text("web-only", body="[web](https://www.ozon.ru), [call](tel:+7), a < b\n"),
    )
    write(
        tree,
        "articles/en/in-code.md",
        article_text(
            "in-code",
            body=(
                "Write `[text](missing.md)` or `[text](#nowhere)`.\n\n"
                "    [indented](javascript:x)\n\n"
                "```\n[fenced](file:///etc/passwd)\n```\n"
            ),
        ),
    )
    # links to headings of articles whose bodies hold no link worth checking (so no parse yet)
    write(
        tree,
        "articles/en/to-heading.md",
        article_text(
            "to-heading", body="[a](web-only.md#steps) [b](delivery-delay.md#first-checks)\n"
        ),
    )
    library = load_content(tree)

    assert messages(library, "articles/en/kinds.md") == [
        "link 'javascript:alert(1)' is not allowed (use http(s), mailto, tel)",
        "link 'missing-by-reference.md': article 'missing-by-reference' does not exist",
    ]
    assert messages(library, "articles/en/web-only.md") == []
    assert messages(library, "articles/en/in-code.md") == []
    assert messages(library, "articles/en/to-heading.md") == [
        "link 'web-only.md#steps': article 'web-only' has no heading with anchor 'steps'"
    ]


def test_missing_categories_file_is_reported_and_articles_still_load(tree: Path) -> None:
    (tree / "categories.yaml").unlink()
    library = load_content(tree)

    assert [str(problem) for problem in library.problems] == [
        "categories.yaml: missing: the content folder needs a categories.yaml listing the "
        "categories (id, name: {zh: …, en: …})"
    ]
    assert len(library.articles) == 4
    assert library.categories == []


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("categories:\n  - id: a\n    name: {zh: [oops\n", "invalid YAML at line 4"),
        ("categories: 3\n", "must be a list of categories"),
        ("just text\n", "must be a list of categories"),
        ("- id: a\n  name: A\n- id: a\n  name: B\n", "category 'a' is listed twice"),
        ("- name: A\n", "entry 1 has no 'id'"),
        ("- id: a\n", "category 'a' has no name"),
        ("- plain\n", "entry 1 must be a mapping"),
    ],
)
def test_invalid_categories_file(tree: Path, content: str, expected: str) -> None:
    write(tree, "categories.yaml", content)
    library = load_content(tree)

    assert any(
        problem.where == "categories.yaml" and problem.message.startswith(expected)
        for problem in library.problems
    ), library.problems
    assert len(library.articles) == 4


def test_a_missing_content_folder(tmp_path: Path) -> None:
    library = load_content(tmp_path / "nowhere")

    assert [problem.message for problem in library.problems] == ["content folder not found"]
    assert library.articles == {}


def test_check_content_is_sorted_and_relative(tree: Path) -> None:
    write(tree, "articles/zh/b.md", "no front matter")
    write(tree, "articles/en/a.md", b"")
    write(tree, "articles/en/c.md", article_text("c", category="nope"))

    problems = check_content(tree)

    assert [problem.where for problem in problems] == [
        "articles/en/a.md",
        "articles/en/c.md",
        "articles/zh/b.md",
    ]
    assert problems == sorted(problems)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.one_of(
        st.binary(max_size=400),
        st.text(max_size=400).map(lambda text: ("---\n" + text).encode("utf-8", "replace")),
        st.lists(
            st.sampled_from(
                [
                    "---",
                    "id: x",
                    "title: T",
                    "category: reference",
                    "tags:",
                    "- a",
                    "related:",
                    "  - [",
                    "updated: 2026-02-31",
                    "updated:",
                    "{",
                    "}",
                    ": :",
                    "&a",
                    "*a",
                    "!!python/object:os.system",
                    "[x](y.md#z)",
                    "\t",
                    "ё",
                    "退货",
                    "\x00",
                ]
            ),
            max_size=12,
        ).map(lambda lines: "\n".join(lines).encode("utf-8")),
    )
)
def test_any_file_content_never_raises(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    root = make_tree(tmp_path_factory.mktemp("fuzz"))
    write(root, "articles/en/x.md", data)

    library = load_content(root)

    good = {("delivery-delay", "zh"), ("delivery-delay", "en"), ("russian-phrasebook", "zh")}
    assert good <= set(library.articles)
    if ("x", "en") not in library.articles:
        assert any(problem.where == "articles/en/x.md" for problem in library.problems)


# --------------------------------------------------------------------------- user overlay


def test_user_article_replaces_the_bundled_one_and_adds_new_ones(
    tree: Path, tmp_path: Path
) -> None:
    user = tmp_path / "user-content"
    write(user, "articles/zh/delivery-delay.md", article_text("delivery-delay", title="我的版本"))
    write(
        user,
        "articles/zh/my-forwarder.md",
        article_text("my-forwarder", title="我的货代", category="mine"),
    )
    write(user, "categories.yaml", "- id: mine\n  name: {zh: 我的, en: Mine}\n")

    library = load_content(tree, user_dir=user)

    assert library.roots == (tree, user)
    replaced = library.articles[("delivery-delay", "zh")]
    assert (replaced.title, replaced.source) == ("我的版本", "user")
    assert library.articles[("delivery-delay", "en")].source == "bundled"
    assert library.articles[("my-forwarder", "zh")].source == "user"
    assert [category.id for category in library.categories] == [
        "common-problems",
        "reference",
        "mine",
    ]
    assert library.categories[2].order == 2
    assert library.problems == []


def test_user_folder_problems_name_the_full_path(tree: Path, tmp_path: Path) -> None:
    user = tmp_path / "user-content"
    bad = write(user, "articles/en/broken.md", "no front matter\n")
    write(user, "articles/en/Delivery-Delay.md", article_text("Delivery-Delay", title="Mine"))

    library = load_content(tree, user_dir=user)

    assert [problem.where for problem in library.problems] == sorted(
        [str(bad), str(user / "articles/en/Delivery-Delay.md")]
    )
    collision = messages(library, str(user / "articles/en/Delivery-Delay.md"))
    assert collision == [
        "duplicate id 'Delivery-Delay' in en: differs only in case from 'delivery-delay'; "
        "name the file 'delivery-delay.md' to replace that article"
    ]
    assert library.articles[("delivery-delay", "en")].source == "bundled"


def test_default_load_overlays_the_user_content_folder(bundled_content: Path) -> None:
    user = paths.user_content_dir()
    write(
        user,
        "articles/en/my-notes.md",
        article_text("my-notes", title="My notes", category="reference"),
    )

    library = load_content()

    assert library.roots == (paths.bundled_content_dir(), user)
    assert paths.bundled_content_dir().resolve() == bundled_content.resolve()
    assert library.articles[("my-notes", "en")].source == "user"
    assert load_content(bundled_content).article("my-notes", "en") is None


def test_a_missing_user_folder_is_fine(bundled_content: Path) -> None:
    library = load_content()

    assert len(library.roots) == 1
    assert not any(str(paths.user_content_dir()) in problem.where for problem in library.problems)


def test_symbolic_link_loops_are_bad_files_and_the_rest_loads(tree: Path) -> None:
    """``x.md -> x.md``, ``a.md <-> b.md`` and a language folder that points at itself used to
    end ``check``, ``search`` and the window with an ELOOP traceback (issue 10, point 8)."""
    zh = tree / "articles" / "zh"
    (zh / "x.md").symlink_to("x.md")
    (zh / "a.md").symlink_to("b.md")
    (zh / "b.md").symlink_to("a.md")
    (tree / "articles" / "ru").symlink_to("ru")
    library = load_content(tree)
    assert sorted(library.articles) == [
        ("delivery-delay", "en"),
        ("delivery-delay", "zh"),
        ("russian-phrasebook", "en"),
        ("russian-phrasebook", "zh"),
    ]
    for name in ("articles/zh/x.md", "articles/zh/a.md", "articles/zh/b.md", "articles/ru"):
        assert messages(library, name) == [
            "cannot read the file: Too many levels of symbolic links"
        ]
