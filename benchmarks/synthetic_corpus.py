"""The seeded synthetic corpus of the search benchmark (mixed zh/ru/en articles of about
1,500 characters, Zipf-distributed words) and its query classes (issue 11).

Used by ``bench_search.py`` and by the phrase tests (a 1,000-article corpus).
"""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path


def _words(text: str) -> list[str]:
    return text.split()


ZH_WORDS = _words(
    "包裹 物流 配送 延误 丢失 损坏 退货 换货 退款 地址 修改 客服 工单 电话 追踪号 订单号 卖家 买家 "
    "仓库 跨境 发货 签收 快递 运输 状态 更新 时差 莫斯科时间 联系 沟通 照片 凭证 赔偿 重新 平台 "
    "政策 申请 审核 小时 问题 情况 处理 步骤 准备 信息 详情 系统 页面 后台 账户 支持 帮助 中心 "
    "翻译 俄语 短语 模板 紧急 耐心 记录 截图 单据 收件人 联系方式 国际 长途 拨号 节假日 工作日 "
    "商品 货物 包装 外包装 破损 面单 价值 发票 金额 渠道 社交媒体 官方 账号 留言 私信 回复 跟进 "
    "催促 证据 清楚 描述 简短 礼貌 提前 尽快 及时 可能 一般 通常 需要 可以 如果 然后 或者 因为"
)
EN_WORDS = _words(
    "parcel delivery delay delayed lost damaged return returns refund exchange address change "
    "support ticket phone call tracking number order seller buyer warehouse cross-border shipping "
    "status update time difference moscow contact photos evidence compensation platform policy "
    "request review hours problem case steps prepare information details system page account "
    "help center translation russian phrase template urgent patient record screenshot documents "
    "recipient international dialling holidays weekday goods package packaging label value "
    "invoice amount channel social media official message reply follow clear describe short "
    "polite early quickly usually need can if then because customs pickup point courier route"
)
RU_WORDS = _words(
    "посылка посылки посылку посылкой доставка доставки доставку доставкой задержка задержки "
    "задержку возврат возврата возвратом заказ заказа заказу номер номера трек отслеживание "
    "адрес адреса адресом изменить измените поддержка поддержки поддержку склад склада "
    "повреждение повреждения потеря потери компенсация компенсации фотографии документы "
    "покупатель покупателя продавец продавца обращение обращения ответ ответа срочно пожалуйста "
    "спасибо здравствуйте статус статуса обновление товар товара упаковка курьер пункт выдачи"
)
SYLLABLES = _words(
    "ka lo mi ne ru sa to vi be do fa ga hu ji ko lu ma no pe qu ri su te vo wa xi yo zu"
)


def fake_words(rng: random.Random, count: int) -> list[str]:
    """Made-up Latin words, so the vocabulary is as large as a real corpus's."""
    words = set()
    while len(words) < count:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def zipf_pick(rng: random.Random, pool: list[str]) -> str:
    # rank ~ Zipf: smaller indexes much more frequent
    index = int(len(pool) * (rng.random() ** 2.5))
    return pool[min(index, len(pool) - 1)]


def make_article(rng: random.Random, n: int, extra: list[str]) -> tuple[str, str, str]:
    """(id, lang, markdown) of one synthetic article of about 1,500 characters."""
    lang = "zh" if n % 2 == 0 else "en"
    main = ZH_WORDS if lang == "zh" else EN_WORDS + extra
    title_words = [zipf_pick(rng, main) for _ in range(4)]
    title = ("".join if lang == "zh" else " ".join)(title_words)
    tags = [zipf_pick(rng, main) for _ in range(3)]
    paragraphs: list[str] = []
    size = 0
    while size < 1400:
        sentence: list[str] = []
        for _ in range(rng.randint(6, 14)):
            roll = rng.random()
            if roll < 0.12:
                sentence.append(zipf_pick(rng, RU_WORDS))
            elif roll < 0.2:
                sentence.append(zipf_pick(rng, EN_WORDS + extra if lang == "zh" else ZH_WORDS))
            elif roll < 0.23:
                sentence.append(f"RU{rng.randint(10**8, 10**9 - 1)}CN")
            else:
                sentence.append(zipf_pick(rng, main))
        joiner = "" if lang == "zh" else " "
        text = joiner.join(sentence) + ("。" if lang == "zh" else ".")
        paragraphs.append(text)
        size += len(text)
    body = "\n\n".join(" ".join(paragraphs[i : i + 3]) for i in range(0, len(paragraphs), 3))
    article_id = f"article-{n // 2:05d}"
    md = (
        f"---\nid: {article_id}\ntitle: {json.dumps(title, ensure_ascii=False)}\n"
        f"category: reference\ntags: {json.dumps(tags, ensure_ascii=False)}\n"
        f"summary: {json.dumps(paragraphs[0][:80], ensure_ascii=False)}\n"
        f"updated: 2026-11-01\nrelated: []\n---\n## {title_words[0]}\n\n{body}\n"
    )
    return article_id, lang, md


def read_texts(root: Path, limit: int | None = None) -> list[str]:
    """The article texts (front matter removed) of a written corpus, in file order."""
    files = sorted((root / "articles").rglob("*.md"))[:limit]
    return [p.read_text(encoding="utf-8").split("---\n", 2)[2] for p in files]


def write_corpus(root: Path, size: int, seed: int = 20261126) -> None:
    """Write ``size`` seeded articles as Markdown files under ``root``."""
    rng = random.Random(seed)
    extra = fake_words(rng, 6000)
    (root / "articles" / "zh").mkdir(parents=True)
    (root / "articles" / "en").mkdir(parents=True)
    (root / "categories.yaml").write_text(
        "categories:\n  - id: reference\n    name: {zh: 参考资料, en: Reference}\n",
        encoding="utf-8",
    )
    for n in range(size):
        article_id, lang, md = make_article(rng, n, extra)
        (root / "articles" / lang / f"{article_id}.md").write_text(md, encoding="utf-8")


#: The query classes of issue 11, each measured on its own (p50/p95) and all together.
CLASSES = (
    "zh-word",
    "zh-2words",
    "zh-glued-pair",
    "zh-quoted-phrase",
    "ru-word",
    "ru-quoted-pair",
    "en-2words",
    "en-quoted-pair",
    "prefix-1-2",
    "mixed-3words",
)


def neighbours(rng: random.Random, texts: list[str], script: str, count: int) -> list[str]:
    """``count`` neighbouring words of one script from a random article (surface forms, as a
    user copies them); [] when none is found after a few tries."""
    from faqdesk.core.search.analysis import analyze

    kinds = {"zh": ("han",), "ru": ("ru",), "en": ("latin",)}[script]
    for _ in range(50):
        text = rng.choice(texts)
        start = rng.randrange(0, max(1, len(text) - 400))
        chunk = text[start : start + 400]
        spans = [s for s in analyze(chunk, subwords=False) if len(s.word) > 1 or s.kind == "han"]
        for i in rng.sample(range(len(spans)), len(spans)):
            run = spans[i : i + count]
            if (
                len(run) == count
                and all(s.kind in kinds for s in run)
                and all(b.pos - a.pos == 1 for a, b in itertools.pairwise(run))
            ):
                return [chunk[s.start : s.end] for s in run]
    return []


def make_query(rng: random.Random, kind: str, texts: list[str]) -> str:
    """One query of the class ``kind`` (a finished query ends with a space)."""
    if kind == "zh-word":
        q = rng.choice(ZH_WORDS[:60])
    elif kind == "zh-2words":
        q = f"{rng.choice(ZH_WORDS)} {rng.choice(ZH_WORDS)}"
    elif kind == "zh-glued-pair":
        q = "".join(neighbours(rng, texts, "zh", 2)) or rng.choice(ZH_WORDS) + rng.choice(ZH_WORDS)
    elif kind == "zh-quoted-phrase":
        q = '"' + "".join(neighbours(rng, texts, "zh", rng.choice((2, 3)))) + '"'
    elif kind == "ru-word":
        q = rng.choice(RU_WORDS)
    elif kind == "ru-quoted-pair":
        q = '"' + " ".join(neighbours(rng, texts, "ru", 2)) + '"'
    elif kind == "en-2words":
        q = f"{rng.choice(EN_WORDS)} {rng.choice(EN_WORDS)}"
    elif kind == "en-quoted-pair":
        q = '"' + " ".join(neighbours(rng, texts, "en", 2)) + '"'
    elif kind == "prefix-1-2":  # as typed: one Chinese character, or two letters
        pool = rng.choice((ZH_WORDS, EN_WORDS, RU_WORDS))
        word = rng.choice(pool)
        return word[:1] if pool is ZH_WORDS else word[:2]
    else:  # mixed-3words
        q = f"{rng.choice(ZH_WORDS)} {rng.choice(EN_WORDS)} {rng.choice(RU_WORDS)}"
    return q + " "


def make_queries(rng: random.Random, count: int, texts: list[str]) -> list[tuple[str, str]]:
    """``count`` (class, query) pairs, the classes in turn."""
    return [
        (kind, make_query(rng, kind, texts))
        for kind in (CLASSES[n % len(CLASSES)] for n in range(count))
    ]
