"""``faqdesk check``: one line per problem, a summary on stderr, exit 1 when anything is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from faqdesk.cli import main
from faqdesk.core import paths
from faqdesk.core.content.loading import LANGUAGES, load_content
from file_fixtures import write

BUNDLED_IDS = (
    "ozon-logistics-overview",
    "contact-online-ticket",
    "contact-phone",
    "contact-social-media",
    "delivery-delay",
    "lost-or-damaged-parcel",
    "returns-and-exchanges",
    "wrong-address",
    "communication-tips",
    "calling-from-abroad",
    "russian-phrasebook",
)

CATEGORIES = "- id: reference\n  name: {zh: 参考资料, en: Reference}\n"


def article(article_id: str, title: str = "Title", body: str = "Body.\n") -> str:
    return f"---\nid: {article_id}\ntitle: {title}\ncategory: reference\n---\n{body}"


def clean_tree(root: Path) -> Path:
    write(root, "categories.yaml", CATEGORIES)
    write(root, "articles/zh/phrases.md", article("phrases", "常用俄语", "见 [电话](calls.md)。\n"))
    write(root, "articles/en/phrases.md", article("phrases", "Phrasebook"))
    write(root, "articles/en/calls.md", article("calls", "Calls"))
    return root


def run_check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    code = main(["check", *args])
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err.strip()


def test_a_clean_tree_exits_0_with_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = clean_tree(tmp_path / "content")

    code, out, err = run_check(capsys, "--content", str(root))

    assert code == 0
    assert out == []
    assert err == "3 articles in 2 languages, 0 problems"


def test_each_problem_is_one_line_relative_to_the_content_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = clean_tree(tmp_path / "content")
    write(root, "articles/zh/gbk.md", article("gbk", "地址填错了").encode("gbk"))
    write(root, "articles/en/broken.md", "no front matter here\n")
    write(root, "articles/en/calls.md", article("calls", "Calls", "See [x](nowhere.md).\n"))

    code, out, err = run_check(capsys, "--content", str(root))

    assert code == 1
    assert out == [
        "articles/en/broken.md: no front matter: the file must begin with a line '---', then "
        "'id:', 'title:', 'category:' lines, then another '---'",
        "articles/en/calls.md: link 'nowhere.md': article 'nowhere' does not exist",
        "articles/zh/gbk.md: not UTF-8 — looks like GBK/GB18030 (a Windows Chinese encoding); "
        "save it as UTF-8",
    ]
    assert err == "3 articles in 2 languages, 3 problems"


def test_a_missing_categories_file_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = clean_tree(tmp_path / "content")
    (root / "categories.yaml").unlink()

    code, out, _ = run_check(capsys, "--content", str(root))

    assert code == 1
    assert len(out) == 1
    assert out[0].startswith("categories.yaml: missing: ")


def test_an_invalid_categories_file_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = clean_tree(tmp_path / "content")
    write(root, "categories.yaml", "- id: reference\n  name: {zh: 参考\n")

    code, out, err = run_check(capsys, "--content", str(root))

    assert code == 1
    assert [line.split(":")[0] for line in out] == ["categories.yaml"]
    assert "invalid YAML at line" in out[0]
    assert err.startswith("3 articles in 2 languages, ")


def test_a_missing_folder_is_a_problem_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_check(capsys, "--content", str(tmp_path / "nope"))

    assert code == 1
    assert out == [f"{tmp_path / 'nope'}: content folder not found"]
    assert err == "0 articles in 0 languages, 1 problem"


def test_without_content_the_users_own_articles_are_checked_too(
    capsys: pytest.CaptureFixture[str],
) -> None:
    broken = write(paths.user_content_dir(), "articles/zh/mine.md", b"\x00\x01binary")

    code, out, _ = run_check(capsys)

    assert code == 1
    assert f"{broken}: binary file, not Markdown text (it contains NUL bytes)" in out


# --------------------------------------------------------------------------- the bundled pack


def test_the_bundled_pack_has_every_article_in_both_languages(bundled_content: Path) -> None:
    library = load_content(bundled_content)

    missing = [
        f"articles/{lang}/{article_id}.md"
        for article_id in BUNDLED_IDS
        for lang in LANGUAGES
        if (article_id, lang) not in library.articles
    ]
    assert missing == []
    assert sorted(library.ids()) == sorted(BUNDLED_IDS)
    for article_id in BUNDLED_IDS:
        category = library.category(library.articles[(article_id, "zh")].category)
        assert category is not None
        assert category.display_name("zh") != category.display_name("en")


def test_the_bundled_pack_passes_check(
    bundled_content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_check(capsys, "--content", str(bundled_content))

    assert out == []
    assert err == "22 articles in 2 languages, 0 problems"
    assert code == 0
