"""Numbers spelled out for the phone, and the Latin reading of Russian."""

from __future__ import annotations

from faqdesk.core.compose.reading import MAX_SPOKEN, latin_reading, spell_number, without_stress


def test_an_order_number_is_said_digit_by_digit_in_groups() -> None:
    spoken = spell_number("12345678-0001")
    assert [group.text for group in spoken.groups] == ["1234", "5678", "-", "0001"]
    assert spoken.ru == ("один два три четыре, пять шесть семь восемь, тире, ноль ноль ноль один")
    assert spoken.latin == "odín dva tri chetýre, pyat shest sem vósem, tire, nol nol nol odín"


def test_a_last_group_of_one_digit_joins_the_one_before() -> None:
    assert [g.text for g in spell_number("123456789").groups] == ["1234", "56789"]


def test_latin_letters_of_a_tracking_number_are_said_as_russians_name_them() -> None:
    spoken = spell_number("RU123456789CN")
    assert spoken.groups[0].ru == "эр у"
    assert spoken.groups[-1].ru == "цэ эн"
    assert spoken.groups[-1].latin == "tse en"


def test_anything_but_digits_letters_and_separators_is_left_out() -> None:
    assert spell_number("№ 12/3").ru == "один два, дробь, три"
    assert spell_number("<b>\x00").ru == "бэ"
    assert spell_number("\x00 ,;").groups == ()
    assert spell_number("１２３").ru == "один два три"  # full-width, as a Chinese IME types
    assert len(spell_number("1" * 10_000).groups) == 20  # 80 digits in groups of four


def test_the_json_has_the_number_the_words_and_each_group() -> None:
    data = spell_number("0001-1").to_json()
    assert data["number"] == "0001-1"
    assert data["ru"] == "ноль ноль ноль один, тире, один"
    assert data["groups"][1] == {"text": "-", "ru": "тире", "latin": "tire"}


def test_the_reading_keeps_stress_marks_and_the_sent_text_drops_them() -> None:
    assert latin_reading("Здра́вствуйте! Подскажи́те, пожа́луйста.") == (
        "Zdrávstvuyte! Podskazhíte, pozháluysta."
    )
    assert without_stress("Здра́вствуйте, всё") == "Здравствуйте, всё"
    assert latin_reading("Ёлка, щука, Ozon 12-3") == "Yolka, shchuka, Ozon 12-3"


def test_the_longest_number_a_field_takes_is_spelled_out_whole() -> None:
    """The composer spells only checked numbers; none of them may be cut short."""
    from faqdesk.core.compose.fields import NUMBER_LIMIT

    longest = "9" * NUMBER_LIMIT
    assert spell_number(longest).number == longest
    assert spell_number(f" {'1' * MAX_SPOKEN} ").number == "1" * MAX_SPOKEN
