"""A value too big to check whole is cut before it is checked, and still reported by the size
it was given (the hostile tester's defect 6)."""

from __future__ import annotations

from pathlib import Path

from faqdesk.core.compose.message import compose
from faqdesk.core.compose.templates import load_templates


def test_a_huge_composer_value_is_said_by_its_real_size(bundled_content: Path) -> None:
    templates = load_templates(bundled_content, user_dir=None).templates
    message = compose(templates["follow-up-no-reply"], {"ticket": "7" * 100_000}, "en")
    assert "ticket" in {p.field for p in message.problems}
    [ticket] = [p for p in message.problems if p.field == "ticket"]
    assert ticket.render("en", form=True) == "100000 characters; at most 300."
    address = ("Улица Ленина дом 1 " * 60 + "\n") * 9000
    message = compose(templates["wrong-address"], {"address": address}, "en")
    [problem] = [p for p in message.problems if p.field == "address"]
    assert problem.render("en", form=True) == "9000 lines; at most 10."
