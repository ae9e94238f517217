"""Per-message tag matching time for 10, 1,000 and 10,000 rules (literal and regex, Chinese keywords).

Run: python bench/tagging_bench.py  (or `make bench`). Prints a Markdown table; the target is p99 < 1 ms
at 10,000 rules. "match" is what the webhook pays per message (normalise + match); "match only" leaves out
the normaliser, which every message pays once whatever the rule count.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.tagging import Matcher, Rule  # noqa: E402
from bot.understanding.normalize import normalize  # noqa: E402

WORDS = [
    "價格", "方案", "多少錢", "報價", "預約", "優惠", "折扣", "訂購", "運費",
    "退貨", "營業時間", "地址", "停車", "外送", "會員", "點數", "發票", "刷卡",
    "分期", "保固", "維修", "尺寸", "顏色", "庫存", "預購", "團購", "門市",
    "客服", "電話", "官方帳號", "好友", "群發", "訊息", "則數", "中用量",
    "高用量", "輕用量", "加購", "月費", "年繳", "試算", "升級", "降級", "帳單",
    "扣款", "信用卡", "匯款", "發貨", "到貨", "取貨", "超商", "宅配", "包裝",
    "禮盒", "客製", "訂金", "尾款", "退款", "換貨", "故障", "安裝", "教學",
    "課程", "報名", "名額", "早鳥", "限定", "新品", "熱賣", "缺貨", "補貨",
    "批發", "零售", "合作", "代理", "加盟", "菜單", "素食", "辣度", "外帶",
    "內用", "包場", "訂位", "候位", "寵物", "兒童", "停車場", "捷運", "營業",
    "公休", "假日", "平日", "早上", "下午", "晚上", "今天", "明天", "週末",
    "收據", "統編", "載具", "點餐", "套餐", "加點", "飲料", "甜點", "咖啡",
    "茶", "蛋糕", "便當",
]
REGEX_SHAPES = (
    "{a}.{{0,6}}{b}",
    "({a}|{b})\\d+",
    "^{a}",
    "{a}(嗎|呢)?$",
    "\\d+\\s*(元|塊).*{a}",
    "(幾|多少){a}",
    "{a}\\s*{b}",
    "[0-9]{{2,4}}{a}",
)
TEMPLATES = (
    "請問{a}{b}多少錢？", "我想{a}", "{a}還有嗎", "你們的{a}跟{b}差在哪", "{a} {n} 元可以嗎", "今天{a}有{b}嗎？",
    "想問一下{a}，另外{b}怎麼算，{c}呢", "好友{n}人每月發{m}次要多少", "{a}", "謝謝", "你好～想了解{a}的{b}",
    "LINE 官方帳號{a}方案一個月{n}則夠嗎", "我要{a}{n}份，{b}可以{c}嗎？麻煩了",
)


def make_rules(count: int, regex_share: float, rng: random.Random) -> list[Rule]:
    """Unique rules over merchant keywords: mostly literal (contains/prefix/exact), regex_share regex."""
    regexes = max(1, round(count * regex_share))
    kinds = ("contains", "contains", "contains", "prefix", "exact")
    rules: list[Rule] = []
    seen: set[tuple[str, str]] = set()
    while len(rules) < count:
        a, b = rng.sample(WORDS, 2)
        if len(rules) < regexes:
            match, pattern = "regex", rng.choice(REGEX_SHAPES).format(a=a, b=b)
        else:
            match, pattern = rng.choice(kinds), a + rng.choice(("", b, b + a, rng.choice(WORDS)))
        if (match, pattern) in seen:
            continue
        seen.add((match, pattern))
        rules.append(Rule(pattern, match, f"tag{len(rules) % 300}", priority=rng.randint(0, 9), id=len(rules) + 1))
    return rules


def make_messages(count: int, rng: random.Random) -> list[str]:
    """Follower messages in the shapes merchants see."""
    return [rng.choice(TEMPLATES).format(a=rng.choice(WORDS), b=rng.choice(WORDS), c=rng.choice(WORDS),
                                         n=rng.randint(1, 5000), m=rng.randint(1, 8)) for _ in range(count)]


def timings(matcher: Matcher, messages: list[str], normalise: bool) -> list[float]:
    """Microseconds per message."""
    out = []
    texts = messages if normalise else [normalize(m) for m in messages]
    run = matcher.match if normalise else matcher.match_normalized
    for text in texts:
        start = time.perf_counter_ns()
        run(text)
        out.append((time.perf_counter_ns() - start) / 1000)
    return out


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def row(count: int, regex_share: float, messages: list[str], rng: random.Random) -> str:
    """One table row for a rule count."""
    rules = make_rules(count, regex_share, rng)
    matcher = Matcher(rules)
    timings(matcher, messages[:500], True)  # warm re2's lazily built DFAs, as a running worker has
    full = timings(matcher, messages, True)
    bare = timings(matcher, messages, False)
    fired = statistics.mean(len(matcher.match(m).rules) for m in messages[:500])
    regexes = sum(r.match == "regex" for r in rules)
    return (f"| {count:>6,} | {regexes:>5,} | {matcher.compile_seconds * 1000:>9.1f} | {percentile(full, 50):>8.1f} | "
            f"{percentile(full, 99):>8.1f} | {percentile(bare, 50):>8.1f} | {percentile(bare, 99):>8.1f} | "
            f"{fired:>5.1f} |")


def main() -> int:
    """Print the benchmark table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--regex-share", type=float, default=0.10)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    normalize("預熱")  # load the Simplified→Traditional tables before anything is timed
    messages = make_messages(args.messages, rng)
    print(f"{args.messages:,} messages, {args.regex_share:.0%} regex rules; Python {platform.python_version()} "
          f"on {platform.machine()}")
    print()
    print("|  rules | regex | compile ms | match p50 µs | match p99 µs | match only p50 µs | match only p99 µs "
          "| fired |")
    print("|-------:|------:|-----------:|------------:|------------:|------------------:|------------------:"
          "|------:|")
    for count in (10, 1_000, 10_000):
        print(row(count, args.regex_share, messages, rng))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
