"""Markdown to HTML (for the article view) and to plain text (for the index and snippets).

CommonMark with tables through markdown-it-py. Raw HTML in articles is never passed through:
it is shown as text. Headings get ``id`` anchors (a slug that keeps Chinese and Russian
letters) plus an ``<a name>`` inside them, because QTextBrowser scrolls to ``name`` anchors.
Links written ``[text](other-id.md#anchor)`` become ``faqdesk://article/other-id#anchor``;
web, mail, phone and Telegram links stay as they are; anything else (``javascript:``,
``file:``, ``data:``…) loses its link and is shown as plain text.

No Qt here: the UI adds the title, the stylesheet, highlighting and the related list.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlsplit

if TYPE_CHECKING:  # pragma: no cover
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore
    from markdown_it.token import Token

    from faqdesk.core.content.library import Article, ContentLibrary

ARTICLE_SCHEME = "faqdesk"
_ARTICLE_HOST = "article"
_ARTICLE_PREFIX = f"{ARTICLE_SCHEME}://{_ARTICLE_HOST}/"

#: Link schemes kept as links; every other scheme is shown as plain text.
SAFE_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto", "tel", "tg", ARTICLE_SCHEME})

_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_SLUG_DROP_RE = re.compile(r"[^\w\-]+")
_TASK_RE = re.compile(r"^\[([ xX])\]\s+")
_TASK_BOXES = {" ": "☐ ", "x": "☑ ", "X": "☑ "}

_ENV_KNOWN_IDS = "faqdesk_known_ids"
_ENV_DROP_TITLE = "faqdesk_drop_title"
_ENV_IMAGES = "faqdesk_images"  # src -> allowed file, or None
_ENV_IMAGE_FILES = "faqdesk_image_files"  # filled: shown URL -> file
_ENV_COPY_LABEL = "faqdesk_copy_label"  # the text of each letter's copy link
_ENV_LETTERS = "faqdesk_letters"  # filled: the text of each ``text`` block, in order

#: The ``src`` every refused image gets: the reader draws a placeholder for it.
BLOCKED_IMAGE = "faqdesk-image:blocked"

#: The scheme of the link after each example letter: ``faqdesk-copy:<n>`` copies letter n.
COPY_LETTER_SCHEME = "faqdesk-copy"


# --------------------------------------------------------------------------- links and slugs


def article_url(article_id: str, anchor: str | None = None) -> str:
    """The in-app link to an article, e.g. ``faqdesk://article/delivery-delay#steps``."""
    url = _ARTICLE_PREFIX + quote(article_id, safe="")
    if anchor:
        url += "#" + quote(anchor, safe="")
    return url


def parse_article_url(url: str) -> tuple[str, str | None] | None:
    """``(id, anchor)`` of an in-app article link, or None for any other URL."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() != ARTICLE_SCHEME or parts.netloc.lower() != _ARTICLE_HOST:
        return None
    article_id = unquote(parts.path.lstrip("/"))
    if not article_id or "/" in article_id:
        return None
    anchor = unquote(parts.fragment) or None
    return article_id, anchor


def slugify(text: str) -> str:
    """A heading anchor: lower case, words joined by ``-``; Chinese and Cyrillic kept.

    ``"联系 Ozon 物流：步骤"`` -> ``"联系-ozon-物流-步骤"``. Never empty (``"section"``).
    """
    normal = unicodedata.normalize("NFKC", text).lower()
    slug = _SLUG_DROP_RE.sub("-", normal.replace("_", "-"))
    slug = re.sub(r"-{2,}", "-", slug).strip("-")
    return slug or "section"


def _unique(slug: str, taken: set[str]) -> str:
    candidate = slug
    number = 1
    while candidate in taken:
        candidate = f"{slug}-{number}"
        number += 1
    taken.add(candidate)
    return candidate


@dataclass(frozen=True)
class LinkTarget:
    """Where one link in an article body points."""

    href: str  # as written
    article_id: str | None  # for a link to another article (``x.md`` or ``faqdesk://``)
    anchor: str | None  # the part after ``#``, decoded
    kind: str  # "article", "anchor" (same page), "web" (safe scheme), "unsafe", "relative"


def classify_link(href: str) -> LinkTarget:
    """What a link target written in an article means for FAQDesk."""
    raw = href.strip()
    if raw.startswith("#"):
        return LinkTarget(href, None, unquote(raw[1:]) or None, "anchor")
    scheme_match = _SCHEME_RE.match(raw)
    if scheme_match:
        scheme = scheme_match.group(1).lower()
        if scheme == ARTICLE_SCHEME:
            parsed = parse_article_url(raw)
            if parsed is None:
                return LinkTarget(href, None, None, "unsafe")
            return LinkTarget(href, parsed[0], parsed[1], "article")
        kind = "web" if scheme in SAFE_SCHEMES else "unsafe"
        return LinkTarget(href, None, None, kind)
    if raw.startswith(("//", "\\")) or ":" in re.split(r"[/?#]", raw, maxsplit=1)[0]:
        # protocol-relative, or a "scheme" no browser would agree on: never a link
        return LinkTarget(href, None, None, "unsafe")
    path, _, fragment = raw.partition("#")
    path = unquote(path.partition("?")[0])
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    if name.lower().endswith(".md") and len(name) > 3:
        return LinkTarget(href, name[:-3], unquote(fragment) or None, "article")
    return LinkTarget(href, None, unquote(fragment) or None, "relative")


# --------------------------------------------------------------------------- markdown-it rules


def _inline_text(children: Sequence[Token] | None) -> str:
    if not children:
        return ""
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline", "image"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def _token(kind: str) -> Token:
    from markdown_it.token import Token

    return Token(kind, "", 0)


def _heading_anchors(state: StateCore) -> None:
    taken: set[str] = set()
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or index + 1 >= len(tokens):
            continue
        inline = tokens[index + 1]
        slug = _unique(slugify(_inline_text(inline.children)), taken)
        token.attrSet("id", slug)
        anchor = _token("html_inline")
        anchor.content = f'<a name="{html.escape(slug, quote=True)}"></a>'
        if inline.children is None:
            inline.children = []
        inline.children.insert(0, anchor)


def _drop_title_heading(state: StateCore) -> None:
    title = state.env.get(_ENV_DROP_TITLE) if isinstance(state.env, dict) else None
    tokens = state.tokens
    if not title or len(tokens) < 3 or tokens[0].type != "heading_open" or tokens[0].tag != "h1":
        return
    if _inline_text(tokens[1].children).strip() == str(title).strip():
        del tokens[0:3]


def _rewrite_links(state: StateCore) -> None:
    known = state.env.get(_ENV_KNOWN_IDS) if isinstance(state.env, dict) else None
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        open_link: Token | None = None
        neutralised = False
        for child in block.children:
            if child.type == "link_open":
                open_link = child
                neutralised = False
                target = classify_link(str(child.attrGet("href") or ""))
                # heading anchors are slugs, so an anchor written "#Useful Russian" still works
                anchor = slugify(target.anchor) if target.anchor else None
                if target.kind == "article" and target.article_id:
                    child.attrSet("href", article_url(target.article_id, anchor))
                    if known is not None and target.article_id not in known:
                        child.attrSet("class", "missing-article")
                        child.attrSet("title", f"article not found: {target.article_id}")
                elif target.kind == "unsafe":
                    neutralised = True
                    child.tag = "span"
                    child.attrs = {}
                elif target.kind == "anchor" and anchor:
                    child.attrSet("href", "#" + anchor)
                elif target.kind == "web":
                    child.attrSet("class", "external")
            elif child.type == "link_close" and open_link is not None:
                if neutralised:
                    child.tag = "span"
                open_link = None
                neutralised = False
            elif child.type == "image":
                _rewrite_image(child, state.env if isinstance(state.env, dict) else {})


def _rewrite_image(image: Token, env: dict[str, Any]) -> None:
    """Point an image at its allowed file (a ``file:`` URL), or at the placeholder."""
    resolve: Callable[[str], Path | None] | None = env.get(_ENV_IMAGES)
    src = str(image.attrGet("src") or "")
    found = resolve(src) if resolve is not None else None
    if found is None:
        image.attrSet("src", BLOCKED_IMAGE)
        image.attrSet("title", unquote(src))
        return
    url = found.as_uri()
    image.attrSet("src", url)
    files = env.get(_ENV_IMAGE_FILES)
    if isinstance(files, dict):
        files[url] = found


def _task_boxes(state: StateCore) -> None:
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "list_item_open":
            continue
        # list_item_open, paragraph_open, inline
        if index + 2 >= len(tokens) or tokens[index + 2].type != "inline":
            continue
        inline = tokens[index + 2]
        children = inline.children or []
        if not children or children[0].type != "text":
            continue
        match = _TASK_RE.match(children[0].content)
        if match is None:
            continue
        children[0].content = _TASK_BOXES[match.group(1)] + children[0].content[match.end() :]
        token.attrSet("class", "task")


def _table_attributes(state: StateCore) -> None:
    # QTextBrowser draws table borders from attributes far more reliably than from CSS.
    for token in state.tokens:
        if token.type == "table_open":
            token.attrSet("border", "1")
            token.attrSet("cellspacing", "0")
            token.attrSet("cellpadding", "6")


def _is_letter(token: Token) -> bool:
    """A fenced block marked ```` ```text ````: an example letter to copy as it is."""
    words = token.info.split()
    return token.type == "fence" and bool(words) and words[0].lower() == "text"


def _copy_letter_links(state: StateCore) -> None:
    """After each example letter, a link that copies it (when the reader gave its label)."""
    env = state.env if isinstance(state.env, dict) else {}
    label = env.get(_ENV_COPY_LABEL)
    letters = env.get(_ENV_LETTERS)
    if not label or not isinstance(letters, list):
        return
    tokens: list[Token] = []
    for token in state.tokens:
        tokens.append(token)
        if not _is_letter(token):
            continue
        link = _token("html_block")
        href = html.escape(f"{COPY_LETTER_SCHEME}:{len(letters)}", quote=True)
        link.content = (
            f'<p class="copy-letter"><a href="{href}">{html.escape(str(label))}</a></p>\n'
        )
        letters.append(token.content.rstrip("\n"))
        tokens.append(link)
    state.tokens = tokens


def copy_letter_index(url: str) -> int | None:
    """Which letter a ``faqdesk-copy:<n>`` link copies (None for any other link)."""
    scheme, colon, rest = url.strip().partition(":")
    if not colon or scheme.lower() != COPY_LETTER_SCHEME or not rest.isascii():
        return None
    return int(rest) if rest.isdigit() and len(rest) < 6 else None


def _new_parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # (0.03 s) on first use: not while the window is built

    class _Markdown(MarkdownIt):
        """markdown-it where every link target parses as a link, so `faqdesk check` can name
        an unsafe target; the link rule then shows links with an unsafe scheme
        (``javascript:``, ``file:``, ``data:``…) as plain text."""

        def validateLink(self, url: str) -> bool:  # markdown-it's name
            return True

    md = _Markdown("commonmark", {"html": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    return md


@cache
def _html_md() -> MarkdownIt:
    md = _new_parser()
    md.core.ruler.push("faqdesk_drop_title", _drop_title_heading)
    md.core.ruler.push("faqdesk_heading_anchors", _heading_anchors)
    md.core.ruler.push("faqdesk_links", _rewrite_links)
    md.core.ruler.push("faqdesk_tasks", _task_boxes)
    md.core.ruler.push("faqdesk_tables", _table_attributes)
    md.core.ruler.push("faqdesk_copy_letters", _copy_letter_links)
    return md


_plain_md = cache(_new_parser)


@cache
def _outline_md() -> MarkdownIt:
    # Links and headings only: emphasis does not change where links are, and skipping it
    # makes checking the whole content noticeably faster.
    md = _new_parser()
    md.disable(["emphasis", "strikethrough", "table"])
    return md


# --------------------------------------------------------------------------- public rendering


def render_markdown(text: str) -> str:
    """HTML for a Markdown text (safe: raw HTML is escaped, unsafe links are dropped)."""
    return str(_html_md().render(text, {}))


@dataclass(frozen=True)
class RenderedArticle:
    """An article's body HTML and the image files it may show (by the URL in the HTML)."""

    html: str
    images: Mapping[str, Path] = field(default_factory=dict)
    letters: tuple[str, ...] = ()  # the example letters, by the number in their copy link


def render_article_body(
    article: Article, library: ContentLibrary | None = None, *, copy_label: str = ""
) -> RenderedArticle:
    """The body HTML of an article for display, with the images it may show.

    A first ``# heading`` equal to the title is left out (the UI shows the title). With a
    library, links to articles that do not exist get ``class="missing-article"``. Images
    resolve only inside the article's content folder (see :mod:`faqdesk.core.content.images`);
    every other image points at :data:`BLOCKED_IMAGE`. With a ``copy_label``, each example
    letter (a ```` ```text ```` block) is followed by a link with that text to
    ``faqdesk-copy:<n>``, and ``letters[n]`` holds the letter's text.
    """
    from faqdesk.core.content.images import resolve_image, root_of

    root = root_of(article.path, library.roots) if library is not None else None
    files: dict[str, Path] = {}
    letters: list[str] = []
    env: dict[str, Any] = {
        _ENV_DROP_TITLE: article.title,
        _ENV_IMAGES: lambda src: resolve_image(src, article.path, root),
        _ENV_IMAGE_FILES: files,
        _ENV_COPY_LABEL: copy_label,
        _ENV_LETTERS: letters,
    }
    if library is not None:
        env[_ENV_KNOWN_IDS] = frozenset(library.ids())
    body = str(_html_md().render(article.body, env))
    return RenderedArticle(body, dict(files), tuple(letters))


def render_article(article: Article, library: ContentLibrary | None = None) -> str:
    """The body HTML of an article for display (see :func:`render_article_body`)."""
    return render_article_body(article, library).html


def article_headings(article: Article) -> list[tuple[int, str, str]]:
    """``(level, text, anchor)`` of each heading of an article body, as the reader shows it
    (anchors as in the HTML; a first ``#`` heading equal to the title is left out)."""
    found: list[tuple[int, str, str]] = []
    taken: set[str] = set()
    tokens = _plain_md().parse(article.body)
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or index + 1 >= len(tokens):
            continue
        text = _inline_text(tokens[index + 1].children).strip()
        if index == 0 and token.tag == "h1" and text == article.title.strip():
            continue
        found.append((int(token.tag[1:]), text, _unique(slugify(text), taken)))
    return found


def markdown_to_text(text: str) -> str:
    """Plain text of a Markdown text: no markup, link text kept, one line per block.

    Table cells are separated by spaces, one line per row; code blocks keep their lines.
    """
    lines: list[str] = []
    row: list[str] | None = None
    in_list_item = False
    for token in _plain_md().parse(text):
        kind = token.type
        if kind == "tr_open":
            row = []
        elif kind == "tr_close":
            if row:
                lines.append(" ".join(cell for cell in row if cell))
            row = None
        elif kind == "list_item_open":
            in_list_item = True
        elif kind == "inline":
            line = " ".join(_inline_text(token.children).split())
            if in_list_item:
                line = _TASK_RE.sub("", line)
                in_list_item = False
            if row is not None:
                row.append(line)
            elif line:
                lines.append(line)
        elif kind in ("fence", "code_block"):
            lines.extend(line for line in token.content.splitlines() if line.strip())
    return "\n".join(lines)


@dataclass(frozen=True)
class MarkdownOutline:
    """The links and heading anchors of one Markdown text (for checking content)."""

    links: tuple[LinkTarget, ...]
    anchors: frozenset[str]
    images: tuple[str, ...] = ()  # every image ``src``, as written


def outline(text: str) -> MarkdownOutline:
    """Every link target and every heading anchor of a Markdown text, in one parse."""
    links: list[LinkTarget] = []
    images: list[str] = []
    taken: set[str] = set()
    tokens = _outline_md().parse(text)
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and index + 1 < len(tokens):
            _unique(slugify(_inline_text(tokens[index + 1].children)), taken)
        elif token.type == "inline" and token.children:
            for child in token.children:
                if child.type == "link_open":
                    target = classify_link(str(child.attrGet("href") or ""))
                    # markdown-it percent-encodes targets; show them as the author wrote them
                    links.append(replace(target, href=unquote(target.href)))
                elif child.type == "image":
                    images.append(unquote(str(child.attrGet("src") or "")))
    return MarkdownOutline(tuple(links), frozenset(taken), tuple(images))


# Where a link can begin whose target is not certainly a web link: a reference definition
# (``[label]:`` — the colon must follow the bracket), an inline link whose ``(`` is not followed
# at once by a web scheme, an autolink (``<scheme:…>``) with another scheme. In markdown-it
# ``(`` must follow the ``]`` of the link text directly, and these characters never become
# adjacent when the parser strips block markers (a line break stays between lines).
_WEB_SCHEMES = "|".join(re.escape(scheme) for scheme in sorted(SAFE_SCHEMES - {ARTICLE_SCHEME}))
_CHECKABLE_LINK_RE = re.compile(
    r"!\["  # an image: every one is checked (remote ones too: they are never fetched)
    r"|\]:"
    rf"|\]\((?!(?i:{_WEB_SCHEMES}):)"
    rf"|<(?=[A-Za-z][A-Za-z0-9+.\-]{{1,31}}:)(?!(?i:{_WEB_SCHEMES}):)",
    re.ASCII,  # ignoring case, "ſ" would match "s": "httpſ:" is no scheme for classify_link
)


def needs_link_check(text: str) -> bool:
    """Whether ``outline(text).links`` may hold anything but web links (cheap, no parse).

    False only when every link the text can contain is a web link (``http(s)``, ``mailto``,
    ``tel``, ``tg``): no image, no link to an article, to an anchor, or with an unsafe target.
    True when in doubt, e.g. for a ``.md`` link inside a code span (which ``outline`` does not
    count).
    """
    return _CHECKABLE_LINK_RE.search(text) is not None


def known_anchor(anchors: Collection[str], anchor: str) -> bool:
    """Whether a link's ``anchor`` reaches a heading among ``anchors`` (as rendered: slugged)."""
    return slugify(anchor) in anchors
