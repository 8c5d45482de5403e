"""The reader shows an article's own images and a placeholder for every other one: it never
reads a file outside the content folder, never fetches a remote image, never warns."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QPixmap, QTextDocument, QTextImageFormat
from pytestqt.qtbot import QtBot

from faqdesk.core.content.loading import load_content
from faqdesk.ui.articles.article_view import ArticleView
from faqdesk.ui.articles.pages import article_page
from file_fixtures import write

CATEGORIES = "- id: reference\n  name: {zh: 参考资料, en: Reference}\n"


def _png(path: Path, width: int, height: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(0xFFFF0000)
    assert image.save(str(path), "PNG")
    return path


def _shown_image_sizes(view: ArticleView) -> list[tuple[int, int]]:
    """The size of every image the reader holds for the article, as it draws them."""
    doc = view.document()
    sizes = []
    block = doc.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fmt = iterator.fragment().charFormat()
            if fmt.isImageFormat():
                name = QTextImageFormat(fmt).name()
                image = doc.resource(QTextDocument.ResourceType.ImageResource.value, QUrl(name))
                if isinstance(image, QImage | QPixmap):
                    sizes.append((image.width(), image.height()))
                else:
                    sizes.append((0, 0))  # nothing drawn, not even a placeholder
            iterator += 1
        block = block.next()
    return sizes


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    write(root, "categories.yaml", CATEGORIES)
    _png(root / "images" / "map.png", 9, 3)
    _png(tmp_path / "secret" / "secret.png", 7, 5)
    return root


def _open(qtbot: QtBot, content: Path, body: str, monkeypatch: pytest.MonkeyPatch) -> ArticleView:
    write(
        content, "articles/en/pics.md", f"---\nid: pics\ntitle: P\ncategory: reference\n---\n{body}"
    )
    library = load_content(content, user_dir=None)
    # relative paths used to resolve against the working directory: stand right next to them
    monkeypatch.chdir(content.parent / "secret")
    view = ArticleView(lambda article_id, lang: article_page(library, article_id, lang))
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    assert view.open_article("pics", "en")
    view.grab()  # lays the article out: every image is asked for
    return view


def test_only_the_content_folders_own_image_is_read(
    qtbot: QtBot, content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = content.parent / "secret" / "secret.png"
    body = (
        f"![own](images/map.png)\n\n![abs]({secret})\n\n![rel](secret.png)\n\n"
        f"![up](../../../secret/secret.png)\n\n![url](file://{secret})\n\n"
        "![web](http://127.0.0.1:9/x.png)\n"
    )
    view = _open(qtbot, content, body, monkeypatch)
    sizes = _shown_image_sizes(view)
    assert len(sizes) == 6
    assert (7, 5) not in sizes  # the file outside was never read
    assert sizes[0] == (9, 3)  # the article's own image
    assert len(set(sizes[1:])) == 1  # one placeholder for each refused image


def test_an_empty_src_shows_the_placeholder_and_prints_nothing(
    qtbot: QtBot, content: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    view = _open(qtbot, content, "Before ![]() after.\n", monkeypatch)
    assert [size for size in _shown_image_sizes(view) if size != (0, 0)]  # a placeholder
    assert capfd.readouterr().err == ""
