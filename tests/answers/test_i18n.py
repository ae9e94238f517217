"""Catalogs: every msgid translated to zh_Hant_TW, nothing silently falls back to English."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot.answers.i18n import LOCALES_DIR, count, day, money, resolve_locale, translations, use_locale

ROOT = Path(__file__).resolve().parents[2]


def catalog(locale: str):  # type: ignore[no-untyped-def]
    with (LOCALES_DIR / locale / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh)


def _untranslated(locale: str) -> list[str]:
    missing = []
    for message in catalog(locale):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings) or message.fuzzy:
            missing.append(str(message.id))
    return missing


@pytest.mark.parametrize("locale", ["zh_Hant_TW", "en"])
def test_every_msgid_is_translated(locale: str) -> None:
    assert _untranslated(locale) == []


def test_catalogs_cover_every_msgid_in_the_code(tmp_path: Path) -> None:
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", str(ROOT / "babel.cfg"), "-o",
                    str(pot), "--no-location", str(ROOT / "bot")], check=True, capture_output=True)
    with pot.open("rb") as fh:
        in_code = {m.id for m in read_po(fh) if m.id}
    in_catalog = {m.id for m in catalog("zh_Hant_TW") if m.id}
    assert in_code - in_catalog == set(), "run `make i18n-extract i18n-update` and translate"


def test_zh_catalog_really_translates() -> None:
    """A catalog under the wrong directory name loads as NullTranslations and speaks English."""
    assert translations("zh_Hant_TW").gettext("Monthly fee") == "月費"
    with use_locale("zh_Hant_TW"):
        assert count(3000) == "3,000 則"
        assert day(date(2026, 12, 1)) == "2026年12月1日"


def test_english_catalog() -> None:
    with use_locale("en"):
        assert count(1) == "1 message" and count(3000) == "3,000 messages"
        assert day(date(2026, 12, 1)) == "December 1, 2026"


@pytest.mark.parametrize(("amount", "shown"), [
    ("1400", "NT$1,400"), ("0", "NT$0"), ("0.15", "NT$0.15"), ("0.1575", "NT$0.1575"), ("8122.8", "NT$8,122.80"),
    ("1503000", "NT$1,503,000"),
])
def test_money_is_nt_dollars(amount: str, shown: str) -> None:
    assert money(Decimal(amount)) == shown


@pytest.mark.parametrize(("tag", "locale"), [("zh-TW", "zh_Hant_TW"), ("zh-Hant", "zh_Hant_TW"), ("en-US", "en"),
                                             ("ja", "zh_Hant_TW"), (None, "zh_Hant_TW")])
def test_line_language_tags_pick_a_catalog(tag: str | None, locale: str) -> None:
    assert resolve_locale(tag) == locale
