"""The shared text primitives: CJK, language tags, ISO dates, excerpts."""

from __future__ import annotations

import pytest

from briefer.core.text import (excerpt, excerpt_words, has_cjk, is_iso_date, is_language_tag)


@pytest.mark.parametrize("text, expected", [
    ("贼喊捉贼", True), ("成年禮", True), ("あいう", True), ("한국", True), ("，", True),
    ("𠀋", True), ("Anthropic", False), ("Ünïcödé — “quoted”", False), ("", False),
])
def test_has_cjk(text, expected):
    assert has_cjk(text) is expected


@pytest.mark.parametrize("code, expected", [
    ("en", True), ("zh-Hans", True), ("pt-BR", True), ("und", True), ("zh-Hant-TW", True),
    ("", False), ("e", False), ("english", False), ("en_US", False), ("en-", False),
    (" en", False), ("en\n", False), ("zh-Hansxxxxx", False),
])
def test_is_language_tag(code, expected):
    assert is_language_tag(code) is expected


@pytest.mark.parametrize("text, expected", [
    ("2026", True), ("2026-03", True), ("2026-03-03", True), ("2024-02-29", True),
    ("2026-13", False), ("2025-02-29", False), ("2026-3-3", False), ("03/03/2026", False),
    ("2026\n", False), ("", False), ("2026-00", False),
])
def test_is_iso_date(text, expected):
    assert is_iso_date(text) is expected


def test_excerpts():
    assert excerpt("  a\n b  ", 10) == "a b"
    assert excerpt("abcdefghij", 5) == "abcd…" and len(excerpt("x" * 50, 12)) == 12
    assert excerpt(None, 5) == ""
    assert excerpt_words("one two, three four", 12) == "one two …"
    assert excerpt_words("x" * 30, 10) == "x" * 10 + " …"
    assert excerpt_words("short", 10) == "short"
