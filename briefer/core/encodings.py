"""Recognising the legacy encoding of a text file that is not UTF-8 — or declining to.

A wrong guess is worse than a refusal: the analyst quotes mojibake ("Nķgociations") and
never learns why. So only the encodings analysts' files really use are candidates, and each
decoding is judged by what real text in that encoding looks like:

* Western (windows-1252, a superset of Latin-1 for text) and Turkish (windows-1254):
  accented letters sit inside words of ordinary letters, at most two in a row, with
  ordinary case (``déjà``, ``Größe``, ``ÉTÉ``); the Icelandic letters ð þ ý, which Turkish
  bytes turn into under windows-1252, and other rare signs count against it.
* Cyrillic (windows-1251, KOI8-R): words are wholly Cyrillic, mostly lower-case
  (the other code page turns lower case into upper case), without box-drawing signs.
* Chinese (GB18030/GBK, Big5): nearly every character is among the common ones (GB2312
  level 1, Big5's "frequently used" block) and no spaces separate the characters
  (Korean bytes read as GBK give common characters, but spaced like Korean words).
* Japanese (Shift-JIS): kana among the characters; Korean (EUC-KR): Hangul syllables.

A decoding is *plausible* when at least :data:`PLAUSIBLE` of what it judges looks right.
The file is decoded when exactly one text is plausible (several encodings giving the very
same text count once); otherwise it is refused with the plausible candidates named.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

#: (codec, name shown to the user), in order of preference for identical decodings.
CANDIDATES = (("cp1252", "windows-1252 (Western European, Latin-1)"),
              ("cp1254", "windows-1254 (Turkish)"),
              ("gb18030", "GB18030/GBK (simplified Chinese)"),
              ("big5", "Big5 (traditional Chinese)"),
              ("cp932", "Shift-JIS (Japanese)"),
              ("cp949", "EUC-KR (Korean)"),
              ("cp1251", "windows-1251 (Cyrillic)"),
              ("koi8_r", "KOI8-R (Russian)"))
#: Share of judged words / characters that must look like real text.
PLAUSIBLE = 0.95
#: A decoding needs this much evidence (words or characters judged) to be trusted alone.
MIN_EVIDENCE = 2

_WORD = re.compile(r"[^\W\d_]+")
_RARE_LATIN = set("ðþýÐÞÝ¤¦¨¯´¸¹²³¼½¾µªº¬±×÷¢¥")
#: windows-1252's typographic signs (bytes 0x80–0x9F, and « » NBSP): evidence for it.
_TYPOGRAPHY = set("€‚„…†‡‰‹‘’“”•–—™›«»\xa0")


class Undecidable(Exception):
    """No single plausible decoding; ``candidates`` are the plausible (codec, label) pairs."""

    def __init__(self, candidates: list[tuple[str, str]]):
        super().__init__(candidates)
        self.candidates = candidates


def label(codec: str) -> str:
    name = codecs.lookup(codec).name
    return next((lbl for c, lbl in CANDIDATES if codecs.lookup(c).name == name), codec)


def recognise(data: bytes) -> tuple[str, str]:
    """(text, codec) of non-UTF-8 ``data`` if exactly one plausible decoding; else Undecidable."""
    plausible: dict[str, str] = {}  # text -> first codec giving it
    evidence: dict[str, int] = {}
    for codec, _ in CANDIDATES:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        share, judged = _JUDGES[codec](text)
        if share >= PLAUSIBLE and text not in plausible:
            plausible[text] = codec
            evidence[text] = judged
    if len(plausible) == 1:
        text, codec = next(iter(plausible.items()))
        if evidence[text] >= MIN_EVIDENCE:
            return text, codec
    raise Undecidable([(c, label(c)) for c in plausible.values()])


def _non_ascii_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text) if not w.isascii()]


def _natural_case(word: str) -> bool:
    return word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower())


def _latin(text: str) -> tuple[float, int]:
    """Share of words with non-ASCII letters that look like Western European words
    (typographic signs count as good, rare signs as bad)."""
    words = _non_ascii_words(text)
    rare = sum(text.count(c) for c in _RARE_LATIN)
    good = sum(text.count(c) for c in _TYPOGRAPHY)
    judged = len(words) + rare + good
    for w in words:
        runs = re.findall(r"[^\x00-\x7f]+", w)
        good += (all(unicodedata.name(c, "").startswith("LATIN") for c in w)
                 and max(map(len, runs)) <= 2 and _natural_case(w)
                 and not any(c in _RARE_LATIN for c in w))
    return (good / judged if judged else 1.0), judged


def _cyrillic(text: str) -> tuple[float, int]:
    """Share of words with non-ASCII letters that are Cyrillic words, mostly lower-case."""
    words = _non_ascii_words(text)
    if not words:
        return 0.0, 0
    cyrillic = [w for w in words if all(unicodedata.name(c, "").startswith("CYRILLIC") for c in w)
                and _natural_case(w)]
    lower = sum(any(c.islower() for c in w) for w in cyrillic)
    signs = [c for c in _cjk_chars(text) if not c.isalpha()]  # box drawing, symbols…
    odd = sum(c not in _TYPOGRAPHY for c in signs)
    share = len(cyrillic) / (len(words) + odd) if lower * 2 >= len(cyrillic) else 0.0
    return share, len(words)


def _cjk_chars(text: str) -> list[str]:
    return [c for c in text if ord(c) >= 0x80 and not c.isspace()]


def _spaced(text: str) -> bool:
    """Whether spaces separate runs of CJK characters, as in Korean, not Chinese/Japanese."""
    gaps = len(re.findall(r"[\u3400-\u9fff] [\u3400-\u9fff]", text))
    runs = len(re.findall(r"[\u3400-\u9fff]+", text))
    return runs > 3 and gaps > 0.2 * runs


def _common_share(text: str, codec: str, ranges) -> tuple[float, int]:
    chars = _cjk_chars(text)
    if not chars or _spaced(text):
        return 0.0, len(chars)
    good = 0
    for c in chars:
        try:
            lead = c.encode(codec)[0]
        except UnicodeEncodeError:
            continue
        good += any(lo <= lead <= hi for lo, hi in ranges)
    return good / len(chars), len(chars)


def _gb(text: str) -> tuple[float, int]:
    # GB2312 symbol rows (0xA1–0xA9) and level-1 hanzi (0xB0–0xD7): the 3,755 common ones.
    return _common_share(text, "gb2312", ((0xA1, 0xA9), (0xB0, 0xD7)))


def _big5(text: str) -> tuple[float, int]:
    # Big5 symbols (0xA1–0xA3) and the 5,401 frequently used characters (0xA4–0xC6).
    return _common_share(text, "big5", ((0xA1, 0xC6),))


def _japanese(text: str) -> tuple[float, int]:
    chars = _cjk_chars(text)
    kana = sum(0x3040 <= ord(c) <= 0x30FF for c in chars)
    if not chars or kana < 0.1 * len(chars):
        return 0.0, len(chars)
    # JIS X 0208 symbols, kana (0x81–0x84) and level-1 kanji (0x88–0x98) in Shift-JIS.
    return _common_share(text, "cp932", ((0x81, 0x84), (0x88, 0x98)))


def _korean(text: str) -> tuple[float, int]:
    chars = _cjk_chars(text)
    hangul = sum(0xAC00 <= ord(c) <= 0xD7A3 for c in chars)
    symbols = sum(unicodedata.category(c)[0] in "PSZ" for c in chars)
    return ((hangul + symbols) / len(chars) if chars else 0.0), len(chars)


_JUDGES = {"cp1252": _latin, "cp1254": _latin, "gb18030": _gb, "big5": _big5,
           "cp932": _japanese, "cp949": _korean, "cp1251": _cyrillic, "koi8_r": _cyrillic}
