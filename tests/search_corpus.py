"""A small bilingual content folder for the search tests (written into a temporary folder)."""

from __future__ import annotations

import json
from pathlib import Path

CATEGORIES = """\
categories:
  - id: common-problems
    name: {zh: 常见问题, en: Common problems}
  - id: contact-channels
    name: {zh: 联系渠道, en: Contact channels}
"""

#: (id, lang, category, title, tags, summary, body)
ARTICLES: list[tuple[str, str, str, str, list[str], str, str]] = [
    (
        "lost-parcel",
        "zh",
        "common-problems",
        "包裹丢失怎么办",
        ["丢失", "丢件"],
        "包裹在运输中丢失时要尽快联系客服。",
        "如果包裹丢失，先查看订单详情和追踪号，然后提交工单。\n\n"
        "准备好订单号和包裹照片。\n\n"
        "实用俄语：**потеря посылки**（包裹丢失）。",
    ),
    (
        "lost-parcel",
        "en",
        "common-problems",
        "Lost parcel: what to do",
        ["lost", "missing"],
        "When a parcel goes missing, contact support quickly.",
        "If the parcel is lost, check the order details and the tracking number, "
        "then open a ticket.\n\nPrepare the order number and photos of the package.\n\n"
        "Useful Russian: **потеря посылки** (lost parcel).",
    ),
    (
        "delivery-delay",
        "zh",
        "common-problems",
        "配送延误怎么办",
        ["延误", "延迟"],
        "包裹超过预计时间还没到。",
        "配送延误时，先看物流状态有没有更新。\n\n"
        "实用俄语：**задержка доставки**（配送延误）。追踪号例如 RU123456789CN。",
    ),
    (
        "delivery-delay",
        "en",
        "common-problems",
        "Delivery delayed",
        ["delay", "late"],
        "The parcel is later than expected.",
        "When delivery is delayed, check whether the tracking status still updates.\n\n"
        "Useful Russian: **задержка доставки** (delivery delay). "
        "Tracking numbers look like RU123456789CN.",
    ),
    (
        "phone-support",
        "en",
        "contact-channels",
        "Calling support by phone",
        ["phone", "call"],
        "Urgent problems are faster by phone.",
        "Take the number only from the official site. Moscow time is UTC+3.\n\n"
        "| When | What |\n|---|---|\n| urgent | call |\n| not urgent | ticket |",
    ),
    (
        "phone-support",
        "zh",
        "contact-channels",
        "电话联系客服",
        ["电话"],
        "紧急问题打电话更快。",
        "号码只从官网获取。莫斯科时间比北京时间晚五个小时，注意时差。\n\n"
        "卖家后台也能找到联系方式。",
    ),
    (
        "returns",
        "en",
        "common-problems",
        "Returns and refunds",
        ["return", "refund"],
        "How returns and exchanges work.",
        "A buyer may return an item. The return request is reviewed within about 24 hours. "
        "Delivery of the return to the warehouse can take time.\n\n"
        "<script>alert('x')</script> & other < characters > are text.",
    ),
    (
        "returns",
        "zh",
        "common-problems",
        "退货与退款",
        ["退货", "退款"],
        "退货和换货的流程。",
        "买家可以申请退货，退货申请一般在 24 小时左右审核。",
    ),
]


def article_markdown(
    article_id: str, lang: str, category: str, title: str, tags: list[str], summary: str, body: str
) -> str:
    tag_list = ", ".join(json.dumps(tag, ensure_ascii=False) for tag in tags)
    return (
        f"---\nid: {article_id}\ntitle: {json.dumps(title, ensure_ascii=False)}\n"
        f"category: {category}\ntags: [{tag_list}]\n"
        f"summary: {json.dumps(summary, ensure_ascii=False)}\nupdated: 2026-11-01\n"
        f"related: []\n---\n{body}\n"
    )


def write_corpus(root: Path) -> Path:
    """Write the corpus into ``root`` (created) and return it."""
    (root / "articles" / "zh").mkdir(parents=True, exist_ok=True)
    (root / "articles" / "en").mkdir(parents=True, exist_ok=True)
    (root / "categories.yaml").write_text(CATEGORIES, encoding="utf-8")
    for article_id, lang, category, title, tags, summary, body in ARTICLES:
        write_article(root, article_id, lang, category, title, tags, summary, body)
    return root


def write_article(
    root: Path,
    article_id: str,
    lang: str,
    category: str,
    title: str,
    tags: list[str],
    summary: str,
    body: str,
) -> Path:
    path = root / "articles" / lang / f"{article_id}.md"
    path.write_text(
        article_markdown(article_id, lang, category, title, tags, summary, body), encoding="utf-8"
    )
    return path
