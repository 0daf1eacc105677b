"""Column widths of the actors-by-theme matrix, so that a theme's header wraps between words.

QTextDocument (the built-in Qt engine) keeps a table column at the width the HTML gives it
and breaks a header word that does not fit anywhere, without a hyphen ("Distillati" / "on");
wkhtmltopdf widens the column to the word instead. So each theme's column is given at least
the width of the longest word of its name (set in the header's bold 8 pt), the actor column
up to ``ACTOR_SHARE`` (no less than its own longest word), the theme columns an even share
of what is left. When the themes are too many for that, the columns share the page in
proportion to their words, and a word still wider than its column gets soft hyphens where
it must break: it breaks with a hyphen, not mid-word unmarked.

Widths are measured with reportlab's Bitstream Vera Sans Bold (DejaVu Sans Bold, the
brief's first font, has its metrics for Latin letters); other characters count one em (CJK
text breaks between any two characters, so only one needs to fit).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup, escape

BODY_PT = (210 - 16 - 16) * 72 / 25.4        # the page's text width (A4, 16 mm margins)
HEAD_PT = 8.0                                # .grid th
ROW_PT = 8.5                                 # .matrix td.rowhead
PAD_PT = 9.0                                 # cellpadding 4 on either side, and the spacing
ACTOR_SHARE = 22.0                           # percent: the actor column, when there is room
MIN_PART = 4                                 # themes at least in each table of the matrix
MIN_PIECE = 3                                # letters at least on either side of a hyphen
_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
_FONT = "BrieferColumnsBold"


@dataclass(frozen=True)
class MatrixColumns:
    actor: float                  # percent of the text width
    themes: list[tuple[Markup, float]]    # each theme's header (HTML) and its width
    total: float                  # 0 when this part of the matrix has no TOTAL column


@dataclass(frozen=True)
class MatrixPart:
    """Some of the matrix's themes, printed as one table (``start``: the first's index)."""
    start: int
    columns: MatrixColumns

    @property
    def stop(self) -> int:
        return self.start + len(self.columns.themes)


@lru_cache(maxsize=1)
def _font() -> str | None:
    try:
        import reportlab
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        pdfmetrics.registerFont(TTFont(_FONT, str(Path(reportlab.__file__).parent / "fonts"
                                                  / "VeraBd.ttf")))
        return _FONT
    except Exception:       # no reportlab or its font: an estimate of the same widths
        return None


def text_width(text: str, size: float) -> float:
    """Width of ``text`` in points, bold, at ``size``."""
    font = _font()
    wide = len(_CJK.findall(text))
    rest = _CJK.sub("", text)
    if font is None:
        return (len(rest) * 0.7 + wide) * size
    from reportlab.pdfbase import pdfmetrics

    return pdfmetrics.stringWidth(rest, font, size) + wide * size


def words(text: str) -> list[str]:
    """The pieces of ``text`` a line may not break inside: words, split after hyphens and
    dashes, and each CJK character on its own."""
    out: list[str] = []
    for word in text.split():
        for part in re.split(r"(?<=[-\u2013\u2014])", word):
            out += [p for p in re.split(f"({_CJK.pattern})", part) if p]
    return out


def _need(text: str, size: float) -> float:
    """Percent of the text width the longest word of ``text`` needs, with the padding."""
    longest = max((text_width(w, size) for w in words(text)), default=0.0)
    return math.ceil((longest + PAD_PT) / BODY_PT * 1000) / 10    # up to a tenth of a percent


def matrix_parts(themes: list[str], actors: list[str]) -> list[MatrixPart]:
    """The matrix cut into tables of as many themes as fit the page's width whole (each
    header word on one line, at least ``MIN_PART`` themes a table), the actor column
    repeated in each and the TOTAL column in the last. One part when all fit: a page can
    never shrink a wide table to fit (wkhtmltopdf would print the whole brief smaller)."""
    actor_need = max([_need(a, ROW_PT) for a in actors] + [_need("ACTOR", HEAD_PT)])
    actor_need = min(actor_need, ACTOR_SHARE)
    need = [_need(t, HEAD_PT) for t in themes]
    total_need = _need("TOTAL", HEAD_PT)
    parts, start = [], 0
    while start < len(themes):
        stop = start
        while stop < len(themes) and (
                stop - start < MIN_PART
                or actor_need + sum(need[start:stop + 1])
                + (total_need if stop + 1 == len(themes) else 0) <= 100):
            stop += 1
        if stop < len(themes) and actor_need + sum(need[start:]) + total_need <= 100:
            stop = len(themes)                  # the rest fits with the TOTAL column
        parts.append(MatrixPart(start, matrix_columns(themes[start:stop], actors,
                                                      total=stop == len(themes))))
        start = stop
    return parts


def matrix_columns(themes: list[str], actors: list[str], total: bool = True) -> MatrixColumns:
    """The widths (percent) of the matrix's columns and its theme headers as HTML (with a
    TOTAL column last unless ``total`` is False)."""
    heads = list(themes) + (["TOTAL"] if total else [])
    need = [_need(t, HEAD_PT) for t in heads]
    actor_need = max([_need(a, ROW_PT) for a in actors] + [_need("ACTOR", HEAD_PT)])
    actor = max(actor_need, min(ACTOR_SHARE, 100 - sum(need)))
    free = 100 - actor - sum(need)
    if free >= 0:                           # what is left, shared evenly
        widths = [n + free / len(need) for n in need]
    else:                                   # too many themes: in proportion to their words
        widths = [n * (100 - actor_need) / sum(need) for n in need]
    widths = [math.floor(round(w * 10, 6)) / 10 for w in widths]   # down: never over 100 %
    actor = round(100 - sum(widths), 1)
    themes_html = [(hyphenated(t, w / 100 * BODY_PT - PAD_PT), w)
                   for t, w in zip(themes, widths)]
    return MatrixColumns(actor, themes_html, widths[-1] if total else 0.0)


def hyphenated(text: str, room: float, size: float = HEAD_PT) -> Markup:
    """``text`` as HTML, each word wider than ``room`` points given soft hyphens where its
    lines must break (at least ``MIN_PIECE`` letters on either side)."""
    out = []
    for part in re.split(r"(\s+|(?<=[-\u2013\u2014]))", text):   # or after a hyphen or dash
        if part.strip() and text_width(part, size) > room and len(part) >= 2 * MIN_PIECE \
                and not _CJK.search(part):
            out.append(Markup("&shy;").join(escape(p) for p in _pieces(part, room, size)))
        else:
            out.append(escape(part))
    return Markup("").join(out)


def _pieces(word: str, room: float, size: float) -> list[str]:
    """``word`` cut into pieces that fit ``room`` with their hyphen."""
    pieces, start = [], 0
    while start < len(word):
        end = start + MIN_PIECE
        while end < len(word) and text_width(word[start:end + 1] + "-", size) <= room:
            end += 1
        if len(word) - end < MIN_PIECE:
            end = len(word) if text_width(word[start:] + "-", size) <= room or \
                len(word) - start <= 2 * MIN_PIECE else len(word) - MIN_PIECE
        pieces.append(word[start:end])
        start = end
    return pieces
