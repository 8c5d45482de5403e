"""Record what the ``faqdesk`` command prints for a fixed set of calls, to prove a change of
structure changed no behaviour.

    python benchmarks/behaviour_snapshot.py OUT_DIR            # record
    python benchmarks/behaviour_snapshot.py OUT_DIR --against OLD_DIR   # record, then diff

Each case runs ``python -m faqdesk …`` in a fresh process with its own data and cache folders
(``FAQDESK_DATA_DIR`` / ``FAQDESK_CACHE_DIR``), a fixed moment (``--at``) and zone (``--tz``), and
writes one file ``<case>.txt`` holding the exit code, stdout and stderr. Temporary paths are
replaced by ``<TMP>`` so two runs compare byte for byte. The cases cover the four commands the
re-layout issue names (``calltime --json``, ``search --json``, ``contacts list``, ``check``) and
the sentences the core produces for bad input: contact problems (ids, hours, channels, reply
times, zones), content problems (front matter, categories, links), vCard import trouble.

``--ui`` also renders the window offscreen (fixed clock, both languages, as
``docs/make_screenshots.py`` does) and stores the pixels' SHA-256: identical hashes mean the
user sees the same window. Exit 1 when ``--against`` finds a difference.
"""

from __future__ import annotations

import argparse
import difflib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
AT = "2026-11-26T11:20+03:00"  # a Thursday, Moscow business hours
MOMENTS = (
    AT,
    "2026-11-28T12:00+03:00",  # Saturday
    "2026-12-31T17:30+03:00",  # New Year's Eve (shortened day in the calendar)
    "2027-01-05T10:00+03:00",  # New Year holidays
    "2026-11-26T02:00+03:00",  # night in Moscow
)
QUERIES = (
    "包裹丢了怎么办",
    "延误",
    "清关包裹",
    "退货",
    "地址错误",
    "parcel delayed",
    "lost parcel",
    "retrun",  # typo
    "посылка задерживается",
    "возврат",
    '"online ticket"',
    "track*",
    "tag:延误",
    "category:contact-channels",
    "lang:en delay",
    "AND OR NOT",
    "((((",
    "x" * 300,
    "🙂",
    "ozon",
)

FORWARDER = [
    "--id", "my-forwarder", "--name-zh", "我的货代", "--name-en", "My forwarder",
    "--tz", "Asia/Shanghai", "--hours", "mon-fri=09:00-18:00", "--hours", "breaks=12:00-13:00",
    "--channel", "phone:+86 000 0000 0000", "--channel", "mail:email:me@example.invalid",
    "--reply", "mail:48", "--verified", "2026-11-20",
]  # fmt: skip

#: Contact options that each break one rule (the sentence printed is the point).
BAD_CONTACTS = {
    "bad-id": ["--id", "王经理", "--channel", "phone:1"],
    "bad-id-upper": ["--id", "Bad_ID", "--channel", "phone:1"],
    "bad-hours": ["--id", "h1", "--hours", "mon-fri=9-18", "--channel", "phone:1"],
    "bad-hours-key": ["--id", "h2", "--hours", "weekday=09:00-18:00"],
    "bad-hours-order": ["--id", "h3", "--hours", "mon=25:00-26:00"],
    "bad-zone": ["--id", "z1", "--tz", "Mars/Olympus", "--channel", "phone:1"],
    "bad-kind": ["--id", "k1", "--channel", "fax:123"],
    "dup-channel": ["--id", "d1", "--channel", "a:phone:1", "--channel", "a:phone:2"],
    "bad-reply": ["--id", "r1", "--channel", "t:ticket:x", "--reply", "t:-3"],
    "reply-unknown": ["--id", "r2", "--channel", "t:ticket:x", "--reply", "nope:3"],
    "bad-verified": ["--id", "v1", "--channel", "phone:1", "--verified", "yesterday"],
    "bad-margin": ["--id", "m1", "--channel", "phone:1", "--margin", "-5"],
    "no-name": ["--id", "n1"],
    "bad-channel-hours": ["--id", "c1", "--channel", "p:phone:1", "--channel-hours", "p:sun=x"],
    "dup-bundled": ["--id", "ozon-seller-support", "--channel", "phone:1"],
}

BROKEN_ARTICLES = {
    "zh/good.md": "---\nid: good\ntitle: 好\ncategory: c1\n---\n正文 [坏链接](missing.md)\n",
    "zh/no-front.md": "没有前言\n",
    "zh/bad-yaml.md": "---\nid: [unclosed\n---\nx\n",
    "zh/wrong-id.md": "---\nid: other\ntitle: t\ncategory: c1\n---\nx\n",
    "zh/bad-cat.md": "---\nid: bad-cat\ntitle: t\ncategory: nope\nrelated: [ghost]\n---\nx\n",
    "en/good.md": "---\nid: good\ntitle: Good\ncategory: c1\ntags: 5\n---\n[x](good.md#nowhere)\n",
    "en/binary.md": "\x00\x01\x02",
}

HOSTILE_VCF = (
    "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:<b>Bold</b> Name\r\nTEL:+7 000\r\nTZ:Nowhere/City\r\n"
    "X-FAQDESK-ID:ozon-seller-support\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ok\r\nEMAIL:ok@example.invalid\r\nEND:VCARD\r\n"
    "garbage line\r\n"
)


def run(args: list[str], env: dict[str, str], cwd: Path) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "faqdesk", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=600,
    )
    head = f"$ faqdesk {' '.join(args)}\nexit {proc.returncode}\n"
    return f"{head}--- stdout\n{proc.stdout}--- stderr\n{proc.stderr}"


def record(out: Path, with_ui: bool) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="faqdesk-snap-") as tmp_name:
        tmp = Path(tmp_name)
        env = {k: v for k, v in os.environ.items() if not k.startswith("FAQDESK_")}
        env["FAQDESK_DATA_DIR"] = str(tmp / "data")
        env["FAQDESK_CACHE_DIR"] = str(tmp / "cache")
        env["TZ"] = "Asia/Shanghai"
        env["PYTHONPATH"] = str(REPO / "src")

        def case(name: str, *args: str) -> None:
            text = run(list(args), env, tmp).replace(tmp_name, "<TMP>")
            (out / f"{name}.txt").write_text(text, encoding="utf-8")

        case("check-bundled", "check")
        articles = tmp / "broken" / "articles"
        for rel, text in BROKEN_ARTICLES.items():
            (articles / rel).parent.mkdir(parents=True, exist_ok=True)
            (articles / rel).write_text(text, encoding="utf-8")
        (tmp / "broken" / "categories.yaml").write_text(
            "- id: c1\n  title: {zh: 一, en: One}\n- id: c1\n  title: x\n- {}\n", encoding="utf-8"
        )
        case("check-broken", "check", "--content", str(tmp / "broken"))
        case("check-missing", "check", "--content", str(tmp / "nowhere"))

        for n, query in enumerate(QUERIES):
            case(f"search-{n:02d}-json", "search", "--json", query)
        case("search-text", "search", "包裹丢了怎么办")
        case("search-lang-en", "search", "--json", "--lang", "en", "延误")
        case("search-limit", "search", "--limit", "0", "x")

        case("contacts-list-empty", "contacts", "list")
        for name, options in BAD_CONTACTS.items():
            case(f"contacts-add-{name}", "contacts", "add", *options)
        case("contacts-add-forwarder", "contacts", "add", *FORWARDER)
        hotline = "hotline:phone:+7 000 000-00-00"
        case("contacts-edit-bundled", "contacts", "edit", "ozon-seller-support",
             "--channel", hotline, "--hours", "mon-fri=09:00-18:00")  # fmt: skip
        case("contacts-edit-bad", "contacts", "edit", "my-forwarder", "--remove-channel", "nope")
        case("contacts-list", "contacts", "list")
        case("contacts-list-json", "contacts", "list", "--json")
        case("contacts-show", "contacts", "show", "my-forwarder")
        case("contacts-show-missing", "contacts", "show", "nobody")
        vcf = tmp / "hostile.vcf"
        vcf.write_text(HOSTILE_VCF, encoding="utf-8")
        case("contacts-import-hostile", "contacts", "import", str(vcf))
        case("contacts-import-missing", "contacts", "import", str(tmp / "none.vcf"))
        case("contacts-export", "contacts", "export", str(tmp / "out.vcf"))
        exported = tmp / "out.vcf"
        (out / "contacts-export-file.txt").write_text(
            exported.read_text(encoding="utf-8") if exported.exists() else "(none)\n",
            encoding="utf-8",
        )

        for n, moment in enumerate(MOMENTS):
            for lang in ("zh", "en"):
                case(f"calltime-{n}-{lang}-json", "calltime", "--json", "--at", moment,
                     "--tz", "Asia/Shanghai", "--lang", lang)  # fmt: skip
                case(f"calltime-{n}-{lang}", "calltime", "--at", moment, "--tz",
                     "Asia/Shanghai", "--lang", lang)  # fmt: skip
        case("calltime-caller-hours", "calltime", "--at", AT, "--tz", "Europe/Berlin",
             "--caller-hours", "10:00-12:00")  # fmt: skip
        case("calltime-bad-tz", "calltime", "--at", AT, "--tz", "Nowhere/City")
        case("calltime-bad-at", "calltime", "--at", "yesterday")
        case("calltime-bad-hours", "calltime", "--at", AT, "--caller-hours", "9-21")
        case("calltime-one", "calltime", "--at", AT, "--contact", "my-forwarder", "--json")
        case("calltime-unknown", "calltime", "--at", AT, "--contact", "nobody")
        case("contacts-remove", "contacts", "remove", "my-forwarder")
        case("contacts-remove-bundled", "contacts", "remove", "ozon-seller-support")
        case("contacts-list-after", "contacts", "list")

        if with_ui:
            shots = subprocess.run(
                [sys.executable, str(Path(__file__).with_name("behaviour_ui_shots.py")), str(out)],
                capture_output=True,
                text=True,
                env=env,
                cwd=tmp,
                timeout=600,
            )
            if shots.returncode != 0:
                raise SystemExit(f"UI shots failed:\n{shots.stderr}")


def compare(new: Path, old: Path) -> int:
    names = sorted({p.name for p in new.glob("*.txt")} | {p.name for p in old.glob("*.txt")})
    differ = 0
    for name in names:
        a = (old / name).read_text(encoding="utf-8") if (old / name).exists() else ""
        b = (new / name).read_text(encoding="utf-8") if (new / name).exists() else ""
        if a != b:
            differ += 1
            sys.stdout.writelines(
                difflib.unified_diff(
                    a.splitlines(True), b.splitlines(True), f"old/{name}", f"new/{name}"
                )
            )
    print(f"{len(names)} cases compared, {differ} differ")
    return 1 if differ else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write the outputs to")
    parser.add_argument("--against", type=Path, help="an earlier output folder to diff with")
    parser.add_argument("--ui", action="store_true", help="also hash offscreen window shots")
    args = parser.parse_args()
    record(args.out, args.ui)
    if args.against is not None:
        return compare(args.out, args.against)
    print(f"recorded {len(list(args.out.glob('*.txt')))} cases in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
