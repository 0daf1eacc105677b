"""Language of documents and quotes: script first, langdetect only where it is reliable."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from langdetect import DetectorFactory

from briefer.core.textlang import detect_language, quote_languages, script_of

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))
HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")
HAN_RUNS = sorted({run for p in SEEDS for run in HAN_RUN.findall(p.read_text(encoding="utf-8"))})


def test_the_seeds_hold_chinese_phrases():
    assert len(SEEDS) == 5 and len(HAN_RUNS) >= 10
    assert {"灭霸", "贼喊捉贼", "謝沛學", "成年禮"} <= set(HAN_RUNS)


@pytest.mark.parametrize("run", HAN_RUNS)
def test_every_chinese_phrase_in_the_seeds_is_chinese(run):
    assert quote_languages(run)[0] in {"zh-Hans", "zh-Hant"}
    assert quote_languages(run, default="fr")[1] is None
    assert detect_language(run) in {"zh-Hans", "zh-Hant"}


@pytest.mark.parametrize("text, expected", [
    ("Anthropic was being called “AI Thanos” (“AI灭霸”)", ("en", "zh-Hans")),
    ("“AI Thanos” (“AI灭霸”)", ("en", "zh-Hans")),
    ("AI灭霸", ("zh-Hans", None)),          # two Latin capitals say nothing about a language
    ("成年禮", ("zh-Hant", None)),           # langdetect alone says "ko"
    ("贼喊捉贼", ("zh-Hans", None)),
    ("謝沛學", ("zh-Hant", None)),
    ("澎湃", ("zh-Hans", None)),             # characters common to both scripts
    ("當小", ("zh-Hant", None)),
    ("12345", ("und", None)),
    ("https://t.me/bitpush", ("und", None)),
    ("t.me/bitpush — 2026-03-03, 17:40", ("und", None)),
    ("", ("und", None)),
    ("  \r\n ...!? 😀", ("und", None)),
    ("東京の天気は晴れです", ("ja", None)),
    ("한국어 텍스트", ("ko", None)),
    ("Ελληνικά", ("el", None)),
    ("USA 中国", ("zh-Hans", "en")),
    ("Bonjour tout le monde, comment allez-vous aujourd'hui ?", ("fr", None)),
    ("Hallo Welt, wie geht es dir heute?", ("de", None)),
    ("It's not about xenophobia, it's about preventing our most advanced AI from reaching "
     "adversaries.", ("en", None)),
])
def test_quote_languages(text, expected):
    assert quote_languages(text) == expected


def test_short_latin_text_falls_back_to_the_default():
    # langdetect is "sure" of these: Pentagon -> tl, DeepSeek -> nl, AI Thanos -> pt
    for text in ("Pentagon", "DeepSeek", "AI Thanos AI", "Kimi"):
        assert quote_languages(text, default="fr") == ("fr", None)
        assert detect_language(text) == "und"
        assert detect_language(text, default="en") == "en"
    # two lower-case words, but langdetect is unsure ("sl" at p < 0.9)
    assert quote_languages("not so") == ("en", None)


def test_letters_are_counted_per_script():
    assert script_of("AI灭霸") == {"Latin": 2, "Han": 2}
    assert script_of("東京の天気 123") == {"Han": 4, "Kana": 1}
    assert script_of("Ｆｕｌｌ ﾊﾝ 한") == {"Latin": 4, "Kana": 2, "Hangul": 1}
    assert script_of("12345 -- 😀") == {}


def test_the_seed_documents_are_english():
    assert [detect_language(p.read_text(encoding="utf-8")) for p in SEEDS] == ["en"] * 5


def test_a_mostly_han_document_is_chinese_even_with_english_words():
    simplified = ("据报道，Anthropic 被中国网民称为“AI灭霸”。美国国防部长赫格塞斯要求取消对 Claude "
                  "军事用途的限制，而该公司指责三家中国实验室进行工业规模的蒸馏。") * 3
    traditional = (
        "據報導，Anthropic 被中國網民稱為「AI滅霸」。美國國防部長赫格塞斯要求取消對 Claude "
        "軍事用途的限制，而該公司指責三家中國實驗室進行工業規模的蒸餾。"
    ) * 3
    assert detect_language(simplified) == "zh-Hans"
    assert detect_language(traditional) == "zh-Hant"
    assert quote_languages(simplified) == ("zh-Hans", "en")


def test_stray_kana_do_not_make_chinese_text_japanese():
    assert detect_language("美国国防部长赫格塞斯要求取消对人工智能军事用途的限制の") == "zh-Hans"
    assert detect_language("日本国憲法第九条の改正") == "ja"


@pytest.mark.parametrize("global_reseed", [False, True])
def test_callers_random_state_is_left_alone(monkeypatch, global_reseed):
    assert DetectorFactory.seed == 0
    if global_reseed:  # make langdetect seed the global generator, as older versions did
        monkeypatch.setattr(random, "Random", lambda *args: random)
    random.seed(1234)
    state = random.getstate()
    for text in ("Hallo Welt, wie geht es dir heute?", "Pentagon", SEEDS[1].read_text("utf-8")):
        quote_languages(text)
        detect_language(text)
    assert random.getstate() == state


def test_results_are_deterministic():
    text = "compute restrictions on Chinese firms"
    assert len({quote_languages(text) for _ in range(5)}) == 1


@pytest.mark.parametrize("text", ["industrial-scale distillation", "chip ban", "data is key",
                                  "compute restrictions"])
def test_short_latin_quote_takes_its_documents_language(text):
    assert quote_languages(text, default="en") == ("en", None)


def test_a_real_sentence_in_another_language_overrides_the_document():
    sentence = "Le gouvernement français a déclaré que la loi serait appliquée."
    assert quote_languages(sentence, default="en") == ("fr", None)


def _seed_sentences() -> list[str]:
    return [s.strip() for p in SEEDS
            for s in re.split(r"(?<=[.!?。])\s+|\n+", p.read_text(encoding="utf-8")) if s.strip()]


def test_the_documents_function_words_spare_langdetect_without_changing_an_answer(monkeypatch):
    """Every sentence of the seeds (English articles) gets the same languages with the
    function-word rule as with langdetect asked, and langdetect is asked far less (#13)."""
    from briefer.core import textlang

    sentences = _seed_sentences()
    calls = []
    ask = textlang._langdetect
    monkeypatch.setattr(textlang, "_langdetect", lambda text: calls.append(text) or ask(text))
    with_rule = [quote_languages(s, default="en") for s in sentences]
    asked_with_rule = len(calls)
    monkeypatch.setattr(textlang, "FUNCTION_WORDS", {})
    calls.clear()
    without = [quote_languages(s, default="en") for s in sentences]
    assert with_rule == without
    assert {lang for lang, _second in with_rule} == {"en", "und"}
    assert asked_with_rule * 3 < len(calls)


@pytest.mark.parametrize("sentence, expected", [
    ("Le gouvernement français a déclaré que la loi serait appliquée.", "fr"),
    ("Hallo Welt, wie geht es dir heute? Die Regierung hat das Gesetz beschlossen.", "de"),
    ("El gobierno de España anunció nuevas sanciones contra las empresas tecnológicas.", "es"),
    ("Il governo italiano ha detto che la legge sarà applicata in tutto il paese.", "it"),
])
def test_another_languages_sentence_is_still_asked_of_langdetect(sentence, expected):
    assert quote_languages(sentence, default="en") == (expected, None)
