"""Article images: only files of the article's own content folder are shown; everything else
is refused (the reader shows a placeholder) and ``faqdesk check`` names it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from faqdesk.cli import main
from faqdesk.core.content.images import read_image, resolve_image
from faqdesk.core.content.loading import load_content
from faqdesk.core.content.render import BLOCKED_IMAGE, render_article_body
from file_fixtures import write

CATEGORIES = "- id: reference\n  name: {zh: 参考资料, en: Reference}\n"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005ff02fea7e6a5c90000000049454e44ae426082"
)


def _article(body: str) -> str:
    return f"---\nid: pics\ntitle: Pictures\ncategory: reference\n---\n{body}"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    write(root, "categories.yaml", CATEGORIES)
    write(root, "images/map.png", PNG)
    write(root, "articles/en/beside.png", PNG)
    write(tmp_path, "secret/secret.png", PNG)
    return root


def _article_path(root: Path) -> Path:
    return root / "articles" / "en" / "pics.md"


def test_images_folder_and_files_next_to_the_article_are_allowed(root: Path) -> None:
    article = _article_path(root)
    assert resolve_image("images/map.png", article, root) == (root / "images/map.png").resolve()
    assert resolve_image("beside.png", article, root) == (root / "articles/en/beside.png").resolve()
    assert resolve_image("./beside.png", article, root) is not None
    assert read_image((root / "images/map.png").resolve()) == PNG


@pytest.mark.parametrize(
    "src",
    [
        "",
        "   ",
        "{secret}",
        "../../../secret/secret.png",
        "images/../../secret/secret.png",
        "file://{secret}",
        "file:///etc/passwd",
        "https://example.com/x.png",
        "http://127.0.0.1:9/x.png",
        "//example.com/x.png",
        "data:image/png;base64,AAAA",
        "~/secret.png",
        "images/",
        "images/missing.png",
        "C:\\secret.png",
    ],
)
def test_everything_else_is_refused(root: Path, src: str) -> None:
    secret = root.parent / "secret" / "secret.png"
    assert resolve_image(src.format(secret=secret), _article_path(root), root) is None


def test_a_symlink_that_leads_out_of_the_folder_is_refused(root: Path) -> None:
    secret = root.parent / "secret" / "secret.png"
    os.symlink(secret, root / "images" / "link.png")
    os.symlink(secret, root / "articles" / "en" / "link.png")
    os.symlink(root.parent / "secret", root / "images" / "outside")
    article = _article_path(root)
    assert resolve_image("images/link.png", article, root) is None
    assert resolve_image("link.png", article, root) is None
    assert resolve_image("images/outside/secret.png", article, root) is None


def test_a_symlink_loop_is_refused_without_hanging(tmp_path: Path) -> None:
    root = tmp_path / "c"
    write(root, "articles/en/pics.md", _article(""))
    os.symlink("loop.png", root / "articles" / "en" / "loop.png")
    assert resolve_image("loop.png", _article_path(root), root) is None


def test_a_fifo_is_refused_and_never_opened(root: Path) -> None:
    os.mkfifo(root / "images" / "pipe.png")
    assert resolve_image("images/pipe.png", _article_path(root), root) is None
    assert read_image(root / "images" / "pipe.png") is None  # does not block


def test_rendering_points_refused_images_at_the_placeholder(root: Path) -> None:
    write(
        root,
        "articles/en/pics.md",
        _article("![a](images/map.png) ![b](/etc/passwd) ![c](file:///etc/passwd) ![d]()\n"),
    )
    library = load_content(root, user_dir=None)
    article = library.article("pics", "en")
    assert article is not None
    body = render_article_body(article, library)
    allowed = (root / "images/map.png").resolve()
    assert list(body.images.values()) == [allowed]
    assert f'src="{allowed.as_uri()}"' in body.html
    assert body.html.count(f'src="{BLOCKED_IMAGE}"') == 3
    assert "/etc/passwd" not in body.html.replace('title="/etc/passwd"', "").replace(
        'title="file:///etc/passwd"', ""
    )


def test_check_reports_each_refused_image(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(
        root,
        "articles/en/pics.md",
        _article(
            "![ok](images/map.png)\n\n![abs](/etc/hosts)\n\n![up](../../images/map.png)\n\n"
            "![web](https://example.com/x.png)\n\n![file](file:///etc/passwd)\n"
        ),
    )
    assert main(["check", "--content", str(root)]) == 1
    out = capsys.readouterr().out
    for refused in (
        "/etc/hosts",
        "../../images/map.png",
        "https://example.com/x.png",
        "file:///etc/passwd",
    ):
        assert f"image '{refused}' is not shown" in out
    assert "'images/map.png'" not in out
