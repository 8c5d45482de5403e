"""Markdown rendering: what the article view shows, and the plain text the index reads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from faqdesk.core.content.loading import Article, ContentLibrary, load_content
from faqdesk.core.content.render import (
    ARTICLE_SCHEME,
    BLOCKED_IMAGE,
    article_url,
    copy_letter_index,
    markdown_to_text,
    needs_link_check,
    outline,
    parse_article_url,
    render_article,
    render_article_body,
    render_markdown,
    slugify,
)

HREF_RE = re.compile(r'href="([^"]*)"')
SAFE_HREF_RE = re.compile(
    r"^(https?:|mailto:|tel:|tg:|faqdesk:|#|[^:/?#]*([/?#].*)?$)", re.IGNORECASE
)


def make_article(body: str, *, article_id: str = "a", title: str = "标题") -> Article:
    return Article(
        id=article_id,
        lang="zh",
        title=title,
        category="reference",
        tags=(),
        summary="",
        updated=None,
        related=(),
        body=body,
        path=Path(f"/content/articles/zh/{article_id}.md"),
        source="bundled",
    )


# --------------------------------------------------------------------------- in-app links


def test_article_url_round_trips_including_chinese_anchors() -> None:
    assert article_url("delivery-delay") == "faqdesk://article/delivery-delay"
    assert article_url("delivery-delay", "steps") == "faqdesk://article/delivery-delay#steps"
    assert ARTICLE_SCHEME == "faqdesk"
    for article_id, anchor in [("wrong-address", "步骤"), ("x", None), ("退货", "第-1-步")]:
        assert parse_article_url(article_url(article_id, anchor)) == (article_id, anchor)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.ozon.ru/",
        "faqdesk://contact/phone",
        "faqdesk://article/",
        "faqdesk://article/a/b",
        "#steps",
        "",
        "http://[::1",
    ],
)
def test_parse_article_url_refuses_other_urls(url: str) -> None:
    assert parse_article_url(url) is None


def test_parse_article_url_accepts_what_qt_hands_back() -> None:
    # QUrl.toString() gives the decoded form; the encoded form must work too
    assert parse_article_url("faqdesk://article/wrong-address#步骤") == ("wrong-address", "步骤")
    assert parse_article_url("FAQDESK://article/x#%E6%AD%A5") == ("x", "步")


# --------------------------------------------------------------------------- HTML


def test_tables_render_with_borders_qt_can_draw() -> None:
    html = render_markdown("| 俄语 | 中文 |\n|---|:---:|\n| Здравствуйте | 你好 |\n")

    assert '<table border="1" cellspacing="0" cellpadding="6">' in html
    assert "<th>俄语</th>" in html
    assert "<td>Здравствуйте</td>" in html
    assert "你好</td>" in html


def test_chinese_headings_get_unique_anchors_qt_can_scroll_to() -> None:
    html = render_markdown(
        "## 先检查什么？\n\n## 先检查什么？\n\n## 联系 Ozon 物流：步骤\n\n"
        "### Полезные фразы\n\n## ！！\n"
    )

    assert '<h2 id="先检查什么"><a name="先检查什么"></a>先检查什么？</h2>' in html
    assert '<h2 id="先检查什么-1"><a name="先检查什么-1"></a>先检查什么？</h2>' in html
    assert 'id="联系-ozon-物流-步骤"' in html
    assert '<a name="полезные-фразы"></a>' in html
    assert 'id="section"' in html


def test_slugify_keeps_words_and_normalises_width() -> None:
    assert slugify("Ｏｚｏｎ 物流  FAQ") == "ozon-物流-faq"
    assert slugify("1. Check the *tracking* number") == "1-check-the-tracking-number"
    assert slugify("tracking_number") == "tracking-number"


def test_internal_md_links_become_in_app_links() -> None:
    html = render_markdown(
        "[延误](delivery-delay.md) [地址](wrong-address.md#步骤) "
        "[英文版](../en/returns-and-exchanges.md#Useful%20Russian) [本页](#先检查？) "
        "[direct](faqdesk://article/contact-phone)\n"
    )

    hrefs = HREF_RE.findall(html)
    assert hrefs[0] == "faqdesk://article/delivery-delay"
    assert parse_article_url(hrefs[1].replace("&amp;", "&")) == ("wrong-address", "步骤")
    # anchors are written as headings are slugged, whatever the author typed
    assert hrefs[2] == "faqdesk://article/returns-and-exchanges#useful-russian"
    assert hrefs[3] == "#先检查"
    assert hrefs[4] == "faqdesk://article/contact-phone"


def test_external_links_are_kept() -> None:
    html = render_markdown(
        "[Ozon](https://seller.ozon.ru/app/support) <https://docs.ozon.ru> "
        "[mail](mailto:help@example.org) [tg](tg://resolve?domain=x) [call](tel:+70000000000)\n"
    )

    assert HREF_RE.findall(html) == [
        "https://seller.ozon.ru/app/support",
        "https://docs.ozon.ru",
        "mailto:help@example.org",
        "tg://resolve?domain=x",
        "tel:+70000000000",
    ]


def test_raw_html_is_shown_as_text() -> None:
    html = render_markdown(
        '<script>alert("x")</script>\n\nText with <b onclick="x()">bold</b> and <img src=x>\n'
    )

    assert "<script" not in html and "<b " not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert "&lt;b onclick=&quot;x()&quot;&gt;bold&lt;/b&gt;" in html


@pytest.mark.parametrize(
    "markdown",
    [
        "[click](javascript:alert(1))",
        "[click](JavaScript:alert(1))",
        "[click](&#106;avascript:alert(1))",
        "<javascript:alert(1)>",
        "[click](vbscript:msgbox(1))",
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
        "[click](file:///etc/passwd)",
        "[click](//evil.example/x)",
        "[click](java%0Ascript:alert(1))",
        "[click](JAVA<script>javascript:)",
        "![pic](javascript:alert(1))",
    ],
)
def test_unsafe_links_lose_their_target_and_keep_their_text(markdown: str) -> None:
    html = render_markdown(markdown + "\n")

    assert not re.search(r'(href|src)="[^"]*(javascript|vbscript|data|file):', html, re.I)
    for href in HREF_RE.findall(html):
        assert SAFE_HREF_RE.match(href), href
    assert not re.search(r'src="(?!"|faqdesk-image:blocked")', html)
    if markdown.startswith("[click]"):
        assert "<span>click</span>" in html


def test_task_list_items_show_boxes() -> None:
    html = render_markdown("- [ ] 订单号\n- [x] 追踪号\n- 普通项\n")

    assert '<li class="task">☐ 订单号</li>' in html
    assert '<li class="task">☑ 追踪号</li>' in html
    assert "<li>普通项</li>" in html


def test_render_article_leaves_out_a_first_heading_equal_to_the_title() -> None:
    html = render_article(make_article("# 标题\n\n正文\n\n# 标题\n"))

    assert html.count("<h1") == 1  # only the later one
    assert html.startswith("<p>正文</p>")
    other = render_article(make_article("# 另一个标题\n\n正文\n"))
    assert other.startswith('<h1 id="另一个标题">')


def test_render_article_marks_links_to_missing_articles() -> None:
    present = make_article("x", article_id="present")
    library = ContentLibrary(articles={("present", "zh"): present})
    html = render_article(make_article("[ok](present.md) [gone](gone.md)\n"), library)

    assert '<a href="faqdesk://article/present">ok</a>' in html
    assert 'class="missing-article"' in html
    assert html.count("missing-article") == 1


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "<script>",
                "</script>",
                "[a](",
                "](",
                ")",
                "javascript:",
                "JAVA",
                "script",
                "alert(1)",
                "&#106;",
                "<",
                ">",
                "\n",
                "\n\n",
                "# ",
                "|",
                "---",
                "`",
                "```",
                "x.md",
                "#",
                "tel:",
                "data:",
                ":",
                "!",
                "[",
                "]",
                "中文",
                "\\",
                "'",
                '"',
                " ",
            ]
        ),
        max_size=40,
    ).map("".join)
)
def test_no_markdown_produces_script_or_unsafe_links(markdown: str) -> None:
    html = render_markdown(markdown)

    assert "<script" not in html.lower()
    for href in HREF_RE.findall(html) + re.findall(r'src="([^"]*)"', html):
        # an image the reader may not load points at the app's own placeholder
        assert href == BLOCKED_IMAGE or SAFE_HREF_RE.match(href.replace("&amp;", "&")), href


# --------------------------------------------------------------------------- plain text


def test_markdown_to_text_drops_markup_and_keeps_words() -> None:
    text = markdown_to_text(
        "# 配送延误\n\n"
        "包裹**晚到**了，先看[追踪页面](https://www.ozon.ru/tracking)和 `追踪号`。\n"
        "第二行同一段。\n\n"
        "- [ ] 订单号\n- [x] 照片\n\n"
        "| 俄语 | 中文 |\n|---|---|\n| Где посылка? | 包裹在哪里？ |\n\n"
        "> 引用 &amp; 提示\n\n"
        "```\ncode line\n```\n"
        "![截图](a.png)\n"
    )

    assert text.splitlines() == [
        "配送延误",
        "包裹晚到了，先看追踪页面和 追踪号。 第二行同一段。",
        "订单号",
        "照片",
        "俄语 中文",
        "Где посылка? 包裹在哪里？",
        "引用 & 提示",
        "code line",
        "截图",
    ]
    assert "http" not in text and "**" not in text and "|" not in text


def test_markdown_to_text_of_nothing() -> None:
    assert markdown_to_text("") == ""
    assert markdown_to_text("\n\n---\n\n") == ""


# --------------------------------------------------------------------------- link check shortcut


@pytest.mark.parametrize(
    "markdown",
    [
        "纯文本，没有链接。\n\n## 标题\n",
        "[web](https://www.ozon.ru) and [mail](MAILTO:a@b.c), [call](tel:+7) [tg](tg:resolve)",
        "<https://www.ozon.ru> <help@example.com>",
        "a < b, [brackets] (and parentheses), x: y",
    ],
)
def test_text_with_only_web_links_needs_no_link_check(markdown: str) -> None:
    assert not needs_link_check(markdown)
    assert all(link.kind == "web" for link in outline(markdown).links)


@pytest.mark.parametrize(
    "markdown",
    [
        "[a](other.md)",
        "[a](#steps)",
        "[a](faqdesk://article/other)",
        "![pic](https://example.com/a.png)",  # every image is checked: it is never fetched
        "[a](javascript:alert(1))",
        "[a]( https://www.ozon.ru)",  # space first: the parser decides
        "[a](<other.md>)",
        "[a](https+evil:x)",
        "[a](httpſ://evil.example)",  # "ſ" is "s" ignoring case, but no scheme letter
        "[a][ref]\n\n[ref]: other.md\n",
        "[ref]: https://www.ozon.ru\n",
        "<javascript:alert(1)>",
        "<tgx:1>",
        # not links for the parser, but the shortcut does not know code: it asks for a parse
        "`[a](other.md)`",
        "```\n[a](other.md)\n```\n",
        "    [a](other.md)\n",
    ],
)
def test_anything_but_web_links_needs_a_link_check(markdown: str) -> None:
    assert needs_link_check(markdown)


def test_links_in_code_are_not_links_for_the_check() -> None:
    markdown = "`[a](other.md)`\n\n```\n[b](#x)\n```\n\n    [c](javascript:x)\n"

    assert needs_link_check(markdown)
    assert outline(markdown).links == ()


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "[a]",
                "[",
                "]",
                "(",
                ")",
                "](",
                "]:",
                ":",
                "<",
                ">",
                "https:",
                "HTTP:",
                "mailto:",
                "tel:",
                "tg:",
                "httpſ:",
                "faqdesk:",
                "javascript:",
                "x.md",
                "#",
                "a@b.c",
                "//",
                "\\",
                "`",
                "```",
                "\n",
                "\n\n",
                "> ",
                "- ",
                "    ",
                "\t",
                " ",
                "&#93;",
                "&#40;",
                "!",
                '"',
                "中文",
            ]
        ),
        max_size=40,
    ).map("".join)
)
def test_the_link_check_shortcut_never_skips_a_link_worth_checking(markdown: str) -> None:
    if not needs_link_check(markdown):
        assert all(link.kind == "web" for link in outline(markdown).links), markdown


# --------------------------------------------------------------------------- example letters


def test_each_text_block_gets_a_copy_link_and_its_letter() -> None:
    body = (
        "Intro.\n\n```text\nЗдравствуйте!\nНомер отправления: …\n```\n\nMeaning.\n\n"
        "```python\nprint('not a letter')\n```\n\n    indented code\n\n"
        "```text\nZdrávstvuyte!\n```\n"
    )
    rendered = render_article_body(make_article(body), copy_label="Copy this letter")
    assert rendered.letters == ("Здравствуйте!\nНомер отправления: …", "Zdrávstvuyte!")
    links = re.findall(r'<p class="copy-letter"><a href="([^"]+)">([^<]+)</a></p>', rendered.html)
    assert links == [("faqdesk-copy:0", "Copy this letter"), ("faqdesk-copy:1", "Copy this letter")]
    # each link comes right after its own block, none after the Python or indented code
    assert rendered.html.index("faqdesk-copy:0") < rendered.html.index("Meaning.")
    assert rendered.html.index("print(") < rendered.html.index("faqdesk-copy:1")
    assert [copy_letter_index(href) for href, _label in links] == [0, 1]


def test_without_a_label_there_are_no_copy_links() -> None:
    rendered = render_article_body(make_article("```text\nПривет\n```\n"))
    assert "faqdesk-copy" not in rendered.html and rendered.letters == ()


def test_a_letter_is_copied_as_written_and_shown_as_text() -> None:
    hostile = '<img src=file:///etc/passwd><h1>X</h1><b>bold</b>\n<a href="javascript:x">y</a>'
    rendered = render_article_body(
        make_article(f"```text\n{hostile}\n```\n"), copy_label='<b>"Copy"</b>'
    )
    assert rendered.letters == (hostile,)  # the clipboard gets exactly the block's text
    assert "<img" not in rendered.html and "<h1>" not in rendered.html
    assert "<b>" not in rendered.html and 'href="javascript' not in rendered.html
    assert "&lt;b&gt;&quot;Copy&quot;&lt;/b&gt;</a>" in rendered.html


@pytest.mark.parametrize(
    "url",
    ["faqdesk-copy:", "faqdesk-copy:-1", "faqdesk-copy:1x", "faqdesk-copy:١", "https://x:1"],
)
def test_other_links_copy_no_letter(url: str) -> None:
    assert copy_letter_index(url) is None


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_phrasebook_letters_get_copy_links(bundled_content: Path, lang: str) -> None:
    library = load_content(bundled_content)
    article = library.article("russian-phrasebook", lang)
    assert article is not None
    rendered = render_article_body(article, library, copy_label="Copy")
    assert len(rendered.letters) == 2
    russian, latin = rendered.letters
    assert russian.startswith("Здравствуйте!") and "Номер отправления" in russian
    assert latin.startswith("Zdrávstvuyte!")
    assert rendered.html.count('class="copy-letter"') == 2
