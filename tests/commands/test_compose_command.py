"""``faqdesk compose`` and ``faqdesk say``: text, JSON and exit codes; ``faqdesk check`` of
templates."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from faqdesk.cli import main
from faqdesk.core import paths
from file_fixtures import write


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_list_shows_each_template_with_its_fields(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "compose", "--list")
    assert code == 0
    assert "lost-parcel  Lost parcel: ask for a search or compensation" in out
    assert "posting (posting, required)  Posting number" in out


def test_list_json_has_ids_titles_and_fields(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "compose", "--list", "--json")
    assert code == 0
    listing = {t["id"]: t for t in json.loads(out)["templates"]}
    assert listing["follow-up-no-reply"]["fields"] == [
        {"name": "ticket", "kind": "text", "required": True},
        {"name": "posting", "kind": "posting", "required": False},
        {"name": "since", "kind": "date", "required": True},
    ]
    assert listing["lost-parcel"]["title"]["zh"] == "包裹丢失：请求查找或赔偿"
    assert listing["lost-parcel"]["problem"] == "lost-or-damaged-parcel"


def test_a_message_prints_russian_then_meaning_then_reading(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(
        capsys,
        "compose",
        "lost-parcel",
        "--set",
        "posting=12345678-0001-1",
        "--set",
        "since=20.11.2026",
        "--lang",
        "zh",
    )
    assert (code, err) == (0, "")
    russian, meaning, latin, numbers = out.strip().split("\n\n")
    assert russian.startswith("Здравствуйте!") and "12345678-0001-1" in russian
    assert meaning.startswith("意思：\n您好！")
    assert latin.startswith("拉丁字母读法：\nZdrávstvuyte!")
    assert numbers.startswith("电话里读号码：\n货件号 12345678-0001-1: один два три четыре,")


def test_json_has_template_ru_meaning_latin_and_fields(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "compose",
        "wrong-address",
        "--json",
        "--set",
        "posting=1-1",
        "--set",
        "address=г. Казань, ул. Баумана, 1",
    )
    assert code == 0
    data = json.loads(out)
    assert data["template"] == "wrong-address"
    assert data["meaning"].startswith("Hello!")
    assert "г. Казань, ул. Баумана, 1" in data["ru"]
    assert data["latin"].startswith("Zdrávstvuyte!")
    assert data["fields"] == {"posting": "1-1", "address": "г. Казань, ул. Баумана, 1"}
    assert data["numbers"]["posting"]["ru"] == "один, тире, один"


def test_missing_and_bad_fields_exit_2_one_line_each_naming_the_field(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "compose", "lost-parcel", "--set", "posting=abc")
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 2
    assert "'posting'" in lines[0] and "'abc'" in lines[0]
    assert "'since'" in lines[1] and "required" in lines[1]


def test_an_unknown_template_exits_2_with_the_list_of_ids(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "compose", "lost-parcle")
    assert code == 2 and out == ""
    assert "lost-parcle" in err and "lost-parcel, return-not-arrived" in err


@pytest.mark.parametrize("pair", ["posting", "=12", ""])
def test_a_set_without_name_and_value_exits_2(
    capsys: pytest.CaptureFixture[str], pair: str
) -> None:
    code, _, err = run(capsys, "compose", "lost-parcel", "--set", pair)
    assert code == 2 and "NAME=VALUE" in err


def test_a_missing_content_folder_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "compose", "--list", "--content", str(tmp_path / "nope"))
    assert (code, out) == (2, "")
    assert "no such content folder" in err


def test_no_template_exits_2_with_the_ids(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "compose")
    assert code == 2 and "delay-no-movement" in err


def test_the_user_s_own_template_is_offered(capsys: pytest.CaptureFixture[str]) -> None:
    write(
        paths.user_content_dir(),
        "templates/thanks.yaml",
        "id: thanks\ntitle: {zh: 致谢, en: Thanks}\n"
        "text: {ru: Спасибо за помощь!, zh: 谢谢您的帮助！, en: Thank you for your help!}\n",
    )
    code, out, _ = run(capsys, "compose", "thanks", "--json")
    assert code == 0 and json.loads(out)["ru"] == "Спасибо за помощь!"


def test_control_characters_in_a_user_template_never_reach_the_terminal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    write(
        paths.user_content_dir(),
        "templates/evil.yaml",
        'id: evil\ntitle: {zh: "\\e[2J甲", en: "\\e[2JEvil"}\n'
        'text: {ru: "Привет\\e]0;x\\a!", zh: "你好\\x00", en: "Hi\\e[31m"}\n',
    )
    code, out, _ = run(capsys, "compose", "evil")
    assert code == 0
    assert "Привет]0;x!" in out
    _, listing, _ = run(capsys, "compose", "--list")
    assert "\x1b" not in out + listing and "\x00" not in out and "\x07" not in out


def test_say_spells_a_number_out(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "say", "12345678-0001")
    assert code == 0
    assert out.splitlines() == [
        "12345678-0001",
        "один два три четыре, пять шесть семь восемь, тире, ноль ноль ноль один",
        "odín dva tri chetýre, pyat shest sem vósem, tire, nol nol nol odín",
    ]


def test_say_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "say", "RU12", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["ru"] == "эр у, один два"
    assert [g["text"] for g in data["groups"]] == ["RU", "12"]


@pytest.mark.parametrize("number", ["", "№ ,;", "\x1b[;"])
def test_say_with_nothing_to_read_exits_2(capsys: pytest.CaptureFixture[str], number: str) -> None:
    code, out, err = run(capsys, "say", number)
    assert code == 2 and out == "" and "\x1b" not in err


def test_say_refuses_a_number_longer_than_it_reads_out(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "say", "1" * 81)
    assert (code, out) == (2, "")
    assert "81 characters is too long" in err and "at most 80" in err
    code, out, _ = run(capsys, "say", " " + "1" * 80 + " ")  # 80 is read out, all of it
    assert code == 0 and out.splitlines()[0] == "1" * 80


def test_check_reports_a_broken_template(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, "categories.yaml", "- id: reference\n  name: {zh: 参考, en: Reference}\n")
    write(tmp_path, "articles/en/a.md", "---\nid: a\ntitle: A\ncategory: reference\n---\nA.\n")
    write(
        tmp_path,
        "templates/t.yaml",
        "id: t\nproblem: b\ntitle: {zh: 甲, en: T}\nfields: [{name: posting, kind: parcel}]\n"
        "text: {ru: 'Привет {posting}', zh: 你好, en: 'Hi {posting}'}\n",
    )
    code, out, err = run(capsys, "check", "--content", str(tmp_path))
    assert code == 1
    assert "templates/t.yaml: 'fields[0].kind': unknown kind 'parcel'" in out
    assert "templates/t.yaml: problem 'b' names no article" in out
    assert "4 problems" in err


def test_check_of_the_bundled_content_with_templates_is_clean(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "check")
    assert (code, out) == (0, "")


def test_a_date_out_of_range_exits_2_saying_the_range(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "faqdesk.commands.system_now", lambda: datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    )
    for since in ("01.01.0001", "2027-12-01"):
        code, out, err = run(
            capsys, "compose", "lost-parcel", "--set", "posting=1", "--set", f"since={since}"
        )
        assert (code, out) == (2, "")
        assert "'since'" in err and "01.01.2000 to 20.11.2027" in err
    code, out, _err = run(
        capsys, "compose", "lost-parcel", "--set", "posting=1", "--set", "since=2027-11-01"
    )
    assert code == 0 and "01.11.2027" in out
