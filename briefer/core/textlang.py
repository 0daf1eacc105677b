"""Language of a document and of a quote, as BCP-47-style tags.

langdetect alone fails on short text (成年禮 -> "ko", "AI" -> "tl") and raises on
text without letters, so the Unicode script of the letters decides first:
Han -> "zh-Hans"/"zh-Hant" (via hanzidentifier), kana -> "ja", hangul -> "ko",
scripts used by one language only (Greek, Hebrew, Thai, ...) -> that language.
langdetect only chooses among languages sharing a script (Latin, Cyrillic,
Arabic, ...). Text without letters (digits, punctuation, URLs) is "und".
"""
from __future__ import annotations

import random
import re
import threading
import unicodedata
from collections import Counter
from functools import lru_cache

__all__ = ["CONFIDENT", "MIN_SECONDARY_WEIGHT", "SHORT_LETTERS", "WEIGHTS", "detect_language",
           "quote_languages", "script_of"]


#: Below this many letters langdetect is unreliable (it says "tl" for "AI" with p > 0.99).
SHORT_LETTERS = 20
#: Short text keeps langdetect's answer only with this probability and at least
#: two lower-case words: names and acronyms ("AI Thanos" -> "pt") say nothing.
CONFIDENT = 0.9
#: Letters weigh by how much they say: one Han character is about a third of a
#: word (~3 Latin letters); kana and hangul are syllables (~2 letters); others 1.
WEIGHTS = {"Han": 3, "Kana": 2, "Hangul": 2}
#: A second script is reported only from this weight on (so "AI" in Chinese is not).
MIN_SECONDARY_WEIGHT = 3

#: Scripts written by a single language: no need to ask langdetect.
_SCRIPT_LANGUAGE = {"Kana": "ja", "Hangul": "ko", "Greek": "el", "Hebrew": "he", "Thai": "th",
                    "Georgian": "ka", "Armenian": "hy", "Bopomofo": "zh-Hant", "Lao": "lo",
                    "Khmer": "km", "Tamil": "ta", "Telugu": "te", "Gujarati": "gu",
                    "Kannada": "kn", "Malayalam": "ml", "Sinhala": "si", "Ethiopic": "am"}
#: A whitespace-separated token that is a URL, an e-mail address or a handle.
_URLISH = re.compile(r"://|^www\.|@\w|\w\.[a-z]{2,}/", re.I)
#: langdetect runs 7 random trials; short text converges in fewer (a quote is tagged while the
#: analyst waits: 3 trials take ~2 ms instead of ~6 ms for a 100-character quote).
SHORT_TEXT_CHARS, SHORT_TEXT_TRIALS = 1000, 3
#: A Latin-script quote takes its document's language unless it has this many words and
#: langdetect is CONFIDENT of another: "industrial-scale distillation" alone comes out
#: Italian, "chip ban" Vietnamese, yet both are English in an English article.
OVERRIDE_WORDS = 5
#: Words of a language that no other language sharing its script writes as a word
#: ("a", "in", "an", "was", "will" are left out: French, German or Italian have them).
#: A Latin-script quote of a document in that language, of fewer than LONG_QUOTE_WORDS
#: words and a FUNCTION_SHARE of them among these, takes the document's language without
#: langdetect (a write's ~2-10 ms): it cannot be another language's sentence.
FUNCTION_WORDS = {"en": frozenset(
    "the of and to is that for on with by this it are be from at have has had which would "
    "their they not but or its been said who about more than were these those there what "
    "when where how our we you your he she his her them can could should may might must "
    "into over after before because while also only other such any some most".split())}
FUNCTION_SHARE, LONG_QUOTE_WORDS = 0.2, 200
#: langdetect reads only ~10,000 characters; a longer head gives it nothing more.
_DETECT_CHARS = 100_000
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=8192)
def _script(ch: str) -> str | None:
    """Script of one character if it is a letter ("Latin", "Han", "Kana", ...), else None."""
    if not unicodedata.category(ch).startswith("L"):
        return None
    name = unicodedata.name(ch, "").removeprefix("FULLWIDTH ").removeprefix("HALFWIDTH ")
    if name.startswith(("CJK", "IDEOGRAPHIC")):
        return "Han"
    if name.startswith(("HIRAGANA", "KATAKANA")):
        return "Kana"
    if not name or name.startswith("MODIFIER"):
        return None
    return name.split(" ", 1)[0].title()


def script_of(text: str) -> dict[str, int]:
    """Number of letters per script, e.g. {"Latin": 9, "Han": 2}."""
    counts: Counter[str] = Counter()
    for ch, n in Counter(text).items():
        if script := _script(ch):
            counts[script] += n
    return dict(counts)


def detect_language(text: str, default: str = "und") -> str:
    """Language of a whole document: that of its weightiest script (see
    :func:`quote_languages`), so a mostly-Han document is Chinese."""
    return quote_languages(text, default)[0]


def quote_languages(text: str, default: str = "en") -> tuple[str, str | None]:
    """(primary, secondary) language of a quote.

    The primary is the language of the script with the greatest weight (see
    WEIGHTS); the secondary that of the next script if it weighs at least
    MIN_SECONDARY_WEIGHT and gives another language, else None. So
    'called “AI Thanos” (“AI灭霸”)' -> ("en", "zh-Hans") but "AI灭霸" ->
    ("zh-Hans", None): a two-letter acronym says nothing about a language.
    Short Latin text that langdetect cannot place confidently gets ``default``
    (short text in another shared script, e.g. Cyrillic, gets "und").
    """
    text = " ".join(w for w in text.split() if not _URLISH.search(w))
    groups = _weighted_scripts(script_of(text))
    if not groups:
        return "und", None
    primary = _language(text, groups[0][1], default)
    if len(groups) > 1 and groups[1][0] >= MIN_SECONDARY_WEIGHT:
        secondary = _language(text, groups[1][1], default)
        if secondary not in (primary, "und"):
            return primary, secondary
    return primary, None


def _weighted_scripts(counts: dict[str, int]) -> list[tuple[int, str]]:
    """(weight, script) heaviest first. Han joins the kana in Japanese text, and
    stray kana (fewer than 1 per 10 Han, e.g. a brand's の) join the Han."""
    weights = {s: n * WEIGHTS.get(s, 1) for s, n in counts.items()}
    kana, han = counts.get("Kana", 0), counts.get("Han", 0)
    if kana and han:
        into, away = ("Kana", "Han") if kana * 10 >= han else ("Han", "Kana")
        weights[into] += weights.pop(away)
    return sorted(((w, s) for s, w in weights.items()),
                  key=lambda ws: (ws[0], ws[1] != "Latin"), reverse=True)


def _language(text: str, script: str, default: str) -> str:
    """Language of the letters of ``script`` in ``text``."""
    if script == "Han":
        return _chinese(text)
    if script in _SCRIPT_LANGUAGE:
        return _SCRIPT_LANGUAGE[script]
    fallback = default if script == "Latin" else "und"
    head = text[:_DETECT_CHARS]
    portion = head.translate({ord(ch): " " for ch in set(head)
                              if _script(ch) not in (script, None)})
    words = _WORD.findall(portion)
    if script == "Latin" and default != "und" and len(words) < OVERRIDE_WORDS:
        return default          # whatever langdetect said, the rules below would keep default
    if script == "Latin" and _in_language(words, default):
        return default          # the document's own language, by its function words
    found = _langdetect(portion)
    if found is None:
        return fallback
    code, prob = found
    if sum(map(len, words)) < SHORT_LETTERS and (
            prob < CONFIDENT or sum(w.islower() for w in words) < 2):
        return fallback
    if script == "Latin" and default != "und" and code != default and (
            len(words) < OVERRIDE_WORDS or prob < CONFIDENT):
        return default
    return code


def _in_language(words: list[str], language: str) -> bool:
    """Whether these words (fewer than LONG_QUOTE_WORDS) are plainly ``language``: at least
    two and FUNCTION_SHARE of them are its function words (see FUNCTION_WORDS)."""
    known = FUNCTION_WORDS.get(language.split("-")[0].lower())
    if not known or len(words) >= LONG_QUOTE_WORDS:
        return False
    hits = sum(w.lower() in known for w in words)
    return hits >= 2 and hits >= FUNCTION_SHARE * len(words)


def _chinese(text: str) -> str:
    """"zh-Hant" if the Han characters of ``text`` are traditional-only, or mix
    both kinds with more traditional-only ones; else "zh-Hans" (characters
    common to both scripts count as simplified)."""
    import hanzidentifier                       # imported when first needed (start-up)

    kind = hanzidentifier.identify(text)
    if kind == hanzidentifier.MIXED:
        per_kind: Counter[int] = Counter()
        for ch, n in Counter(text).items():
            per_kind[hanzidentifier.identify(ch)] += n
        traditional = per_kind[hanzidentifier.TRADITIONAL] > per_kind[hanzidentifier.SIMPLIFIED]
    else:
        traditional = kind == hanzidentifier.TRADITIONAL
    return "zh-Hant" if traditional else "zh-Hans"


_PROFILES_LOCK = threading.Lock()


def _load_profiles() -> None:
    """Load langdetect's 55 language profiles once (~1 s), whichever thread asks first; a
    thread asking meanwhile waits for them, never sees them half loaded."""
    from langdetect import DetectorFactory, detector_factory    # on demand: start-up

    with _PROFILES_LOCK:
        DetectorFactory.seed = 0
        detector_factory.init_factory()


def warm_up() -> None:
    """Load the language profiles now (the app calls this in a background thread after its
    window shows, so the first quote tagged does not wait for them on the GUI thread)."""
    _load_profiles()


def _langdetect(text: str) -> tuple[str, float] | None:
    """langdetect's best (language, probability), None without features.

    langdetect 1.0.9 draws from its own ``random.Random``; the global random
    state is saved and restored anyway, so no langdetect version disturbs callers.
    """
    from langdetect import detector_factory
    from langdetect.lang_detect_exception import LangDetectException

    state = random.getstate()
    try:
        _load_profiles()
        detector = detector_factory._factory.create()
        if len(text) < SHORT_TEXT_CHARS:
            detector.n_trial = SHORT_TEXT_TRIALS
        detector.append(text)
        best = detector.get_probabilities()[0]
    except LangDetectException:
        return None
    finally:
        random.setstate(state)
    return best.lang, best.prob
