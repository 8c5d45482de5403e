"""Reading Russian aloud: the Latin reading of a Russian text, and numbers spelled out for the
phone, digit by digit in groups.

The Latin reading follows the Wikipedia romanisation (``iuliia``; "Здравствуйте" ->
"Zdravstvuyte", "щ" -> "shch"), which a Chinese or English reader pronounces about right. A
stress mark (U+0301, "четы́ре") in a template is kept in the reading ("chetýre") and taken
out of the Russian text that is sent.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

STRESS = "\u0301"

#: Digits as said on the phone, stress marked where a word has more than one syllable.
DIGITS: dict[str, str] = {
    "0": "ноль",
    "1": "оди́н",
    "2": "два",
    "3": "три",
    "4": "четы́ре",
    "5": "пять",
    "6": "шесть",
    "7": "семь",
    "8": "во́семь",
    "9": "де́вять",
}

#: Latin letters as Russian speakers name them when spelling a tracking number.
LETTERS: dict[str, str] = {
    "A": "а", "B": "бэ", "C": "цэ", "D": "дэ", "E": "е", "F": "эф", "G": "гэ", "H": "аш",
    "I": "и", "J": "йот", "K": "ка", "L": "эль", "M": "эм", "N": "эн", "O": "о", "P": "пэ",
    "Q": "ку", "R": "эр", "S": "эс", "T": "тэ", "U": "у", "V": "вэ", "W": "дубль-вэ",
    "X": "икс", "Y": "и́грек", "Z": "зэт",
}  # fmt: skip

#: Separators inside a number, as said.
SEPARATORS: dict[str, str] = {"-": "тире", "/": "дробь", ".": "точка"}

#: Full-width digits and letters (typed with a Chinese input method) as ASCII.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}

GROUP = 4  # digits said in one breath
MAX_SPOKEN = 80  # characters of a number that are spelled out


@functools.cache
def _schema() -> Any:
    import iuliia

    return iuliia.WIKIPEDIA


def without_stress(text: str) -> str:
    """``text`` without stress marks (what is sent)."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", text).replace(STRESS, ""))


def latin_reading(russian: str) -> str:
    """The Latin reading of a Russian text; stress marks kept, other characters as they are."""
    decomposed = unicodedata.normalize("NFD", russian)
    # iuliia reads letter by letter; a stress mark stays after its (romanised) vowel. Й and Ё
    # are letters of their own: put them back together first.
    composed = re.sub(
        "[\u0418\u0438\u0415\u0435][\u0306\u0308]",
        lambda m: unicodedata.normalize("NFC", m.group()),
        decomposed,
    )
    return unicodedata.normalize("NFC", str(_schema().translate(composed)))


@dataclass(frozen=True)
class SpokenGroup:
    """One group of a number: its characters, the Russian words and their reading."""

    text: str
    ru: str
    latin: str


@dataclass(frozen=True)
class SpokenNumber:
    """A number spelled out: the groups, then all of it in Russian and in Latin letters."""

    number: str
    groups: tuple[SpokenGroup, ...]

    @property
    def ru(self) -> str:
        return ", ".join(group.ru for group in self.groups)

    @property
    def latin(self) -> str:
        return ", ".join(group.latin for group in self.groups)

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "ru": self.ru,
            "latin": self.latin,
            "groups": [
                {"text": group.text, "ru": group.ru, "latin": group.latin} for group in self.groups
            ],
        }


def _chunks(run: str) -> list[str]:
    """A run of digits in groups of four; a last group of one joins the one before."""
    parts = [run[start : start + GROUP] for start in range(0, len(run), GROUP)]
    if len(parts) > 1 and len(parts[-1]) == 1:
        parts[-2:] = [parts[-2] + parts[-1]]
    return parts


def _group(text: str) -> SpokenGroup:
    words = " ".join(DIGITS.get(char) or LETTERS.get(char.upper(), char) for char in text)
    return SpokenGroup(text, without_stress(words), latin_reading(words))


def spell_number(number: str) -> SpokenNumber:
    """``12345678-0001`` -> "один два три четыре, пять шесть семь восемь, тире, ноль ноль
    ноль один" and its reading. Digits and Latin letters are said one by one, in groups of
    four; a dash, slash or dot is said as a word; spaces only split groups; anything else is
    left out. Only the first :data:`MAX_SPOKEN` characters are read (no number is longer;
    callers refuse a longer one rather than read a part of it)."""
    text = number.strip()[: MAX_SPOKEN * 2].translate(_FULL_WIDTH)[:MAX_SPOKEN]
    groups: list[SpokenGroup] = []
    for token in re.findall(r"[0-9]+|[A-Za-z]+|[-/.–—−]", text):
        if token[0].isalnum():
            groups.extend(_group(chunk) for chunk in _chunks(token))
        else:
            word = SEPARATORS.get(token, "тире")
            groups.append(SpokenGroup(token, word, latin_reading(word)))
    return SpokenNumber(number=text.strip(), groups=tuple(groups))
