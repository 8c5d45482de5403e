"""The shared table of field labels in zh, en and ru: one entry per field name the bundled
templates use, and one per field kind for a field without an entry of its own.

A template may give a field its own ``label: {zh: …, en: …, ru: …}``; otherwise the label is
looked up here by the field's name, then by its kind.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

LABEL_LANGUAGES: tuple[str, ...] = ("zh", "en", "ru")


@dataclass(frozen=True)
class Label:
    """A field's name for people, in zh, en and ru. ``f"{label:zh}"`` is the Chinese one, so a
    catalog sentence can hold it as ``{label:zh}``."""

    zh: str
    en: str
    ru: str

    def text(self, lang: str) -> str:
        """The label in ``lang`` (``zh``, ``en`` or ``ru``; anything else: English)."""
        return {"zh": self.zh, "en": self.en, "ru": self.ru}.get(lang, self.en)

    def __format__(self, spec: str) -> str:
        return self.text(spec or "en")

    def __str__(self) -> str:
        return self.en


#: Labels by field name (the names the bundled templates use).
BY_NAME: Mapping[str, Label] = {
    "order": Label("订单号", "Order number", "Номер заказа"),
    "posting": Label("货件号", "Posting number", "Номер отправления"),
    "tracking": Label("追踪号", "Tracking number", "Трек-номер"),
    "ticket": Label("工单编号", "Ticket number", "Номер обращения"),
    "since": Label("开始日期", "Since", "С какой даты"),
    "shipped": Label("发货日期", "Shipped on", "Дата отправки"),
    "delivered": Label("送达日期", "Delivered on", "Дата доставки"),
    "sent": Label("提交日期", "Submitted on", "Дата обращения"),
    "amount": Label("金额", "Amount", "Сумма"),
    "damage": Label("损坏情况", "What is damaged", "Что повреждено"),
    "address": Label("正确地址", "Correct address", "Правильный адрес"),
    "reason": Label("原因", "Reason", "Причина"),
    "question": Label("问题", "Question", "Вопрос"),
    "shop": Label("店铺名称", "Shop name", "Название магазина"),
}

#: Labels by field kind (a field whose name is not in :data:`BY_NAME`).
BY_KIND: Mapping[str, Label] = {
    "order": Label("订单号", "Order number", "Номер заказа"),
    "posting": Label("货件号", "Posting number", "Номер отправления"),
    "tracking": Label("追踪号", "Tracking number", "Трек-номер"),
    "date": Label("日期", "Date", "Дата"),
    "money": Label("金额", "Amount", "Сумма"),
    "text": Label("文字", "Text", "Текст"),
    "address": Label("地址", "Address", "Адрес"),
}


def label_for(name: str, kind: str, own: Label | None = None) -> Label:
    """The label of a field: its own, else by name, else by kind, else the name itself."""
    if own is not None:
        return own
    found = BY_NAME.get(name) or BY_KIND.get(kind)
    return found if found is not None else Label(name, name, name)
