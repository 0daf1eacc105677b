"""Text objects erased from a page's content stream: the Qt engine's clipped page-break
duplicates (in the margins) and the placeholders of the page numbers (``pagenumbers``)."""

from __future__ import annotations

import re

Rect = tuple[float, float, float, float]         # x0, y0, x1, y1 in PDF coordinates

_BT = re.compile(rb"(?<!\S)BT(?!\S)")
_ET = re.compile(rb"(?<!\S)ET(?!\S)")


def _times(m, n):
    """The matrix product m × n of two PDF matrices (a b c d e f)."""
    return (m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
            m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
            m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5])


def _numbers(tokens) -> list[float]:
    out = []
    for token in tokens:
        try:
            out.append(float(token))
        except ValueError:
            out.clear()
    return out


def drop_text_above(data: bytes, limit: float | None, below: float | None = None,
                    rects: list[Rect] | None = None) -> bytes:
    """Remove text objects (BT … ET) whose first baseline lies above ``limit`` (points),
    or below ``below``, or whose first glyph starts inside one of ``rects``.

    QTextLayout::draw paints the last line *above* its clip as well (an off-by-one in
    Qt), so a paragraph broken across pages leaves its last line of page n, clipped out
    of sight, at the top of page n + 1: invisible, but twice in the text layer. Text
    there is never visible (the body starts below the top margin), so it goes. It paints
    the first line of page n + 1 under the clip at the foot of page n as well: ``below``
    (the bottom margin) drops that one.
    """
    ctm, stack, out, pos, last = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), [], [], 0, 0
    while (bt := _BT.search(data, pos)) is not None:
        operands: list[bytes] = []
        for token in data[pos:bt.start()].split():         # graphics state before the text
            if token == b"q":
                stack.append(ctm)
            elif token == b"Q":
                ctm = stack.pop() if stack else ctm
            elif token == b"cm":
                nums = _numbers(operands[-6:])
                ctm = _times(tuple(nums), ctm) if len(nums) == 6 else ctm
            else:
                operands.append(token)
                continue
            operands = []
        et = _ET.search(data, bt.end())
        if et is None:
            break
        tm: tuple[float, ...] = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        tokens: list[bytes] = []
        x = y = None
        for token in data[bt.end():min(et.start(), bt.end() + 600)].split():
            if token == b"Tm" and len(_numbers(tokens[-6:])) == 6:
                tm = tuple(_numbers(tokens[-6:]))
            elif token in (b"Td", b"TD") and len(_numbers(tokens[-2:])) == 2:
                tx, ty = _numbers(tokens[-2:])
                tm = _times((1.0, 0.0, 0.0, 1.0, tx, ty), tm)
            elif token in (b"Tj", b"TJ", b"'", b'"'):
                x = tm[4] * ctm[0] + tm[5] * ctm[2] + ctm[4]
                y = tm[4] * ctm[1] + tm[5] * ctm[3] + ctm[5]
                break
            tokens.append(token)
        if y is not None and ((limit is not None and y > limit)
                              or (below is not None and y < below)
                              or (x is not None and any(r[0] <= x <= r[2] and r[1] <= y <= r[3]
                                                        for r in rects or ()))):
            out.append(data[last:bt.start()])
            last = et.end()
        pos = et.end()
    out.append(data[last:])
    return b"".join(out) if len(out) > 1 else data
