"""Text objects erased from a page's content stream: the Qt engine's clipped page-break
duplicates (in the margins) and the placeholders of the page numbers (``pagenumbers``)."""

from __future__ import annotations

import re

Rect = tuple[float, float, float, float]         # x0, y0, x1, y1 in PDF coordinates

#: The operators that matter between text objects: q, Q, cm and BT (followed by white
#: space; the white space before is checked by hand: a look-behind triples the time).
_STATE = re.compile(rb"(BT|q|Q|cm)(?!\S)")
_SPACE = frozenset(b" \t\r\n\f\x00")
_ET = re.compile(rb"(?<!\S)ET(?!\S)")
_NUM = rb"[-+]?(?:\d+\.?\d*|\.\d+)"
#: Inside a text object: Tm (six numbers), Td / TD (two) and the first show operator.
_TEXT_OPS = re.compile(rb"(?<!\S)(?:(?P<tm>(?:" + _NUM + rb"\s+){6})Tm|(?P<tx>" + _NUM
                       + rb")\s+(?P<ty>" + _NUM + rb")\s+T[dD]|(?P<show>Tj|TJ|'|\"))(?!\S)")


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


def _first_glyph(data: bytes, start: int, end: int, ctm) -> tuple[float | None, float | None]:
    """Where the text object's first glyph is painted (Tm, Td and TD up to the first show
    operator, in the graphics state ``ctm``)."""
    tm: tuple[float, ...] = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    for m in _TEXT_OPS.finditer(data, start, end):
        if m.group("tm"):
            tm = tuple(float(n) for n in m.group("tm").split())
        elif m.group("tx"):
            tm = _times((1.0, 0.0, 0.0, 1.0, float(m.group("tx")), float(m.group("ty"))), tm)
        else:
            return (tm[4] * ctm[0] + tm[5] * ctm[2] + ctm[4],
                    tm[4] * ctm[1] + tm[5] * ctm[3] + ctm[5])
    return None, None


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
    # The graphics state before each text object: only q, Q and cm matter (one regex, not a
    # token list of the whole stream: most of a page's stream is paths and colours).
    while (op := _STATE.search(data, pos)) is not None:
        kind = op.group(1)
        if op.start() and data[op.start() - 1] not in _SPACE:
            pos = op.end()
            continue
        if kind == b"q":
            stack.append(ctm)
            pos = op.end()
            continue
        if kind == b"Q":
            ctm = stack.pop() if stack else ctm
            pos = op.end()
            continue
        if kind == b"cm":
            nums = _numbers(data[max(pos, op.start() - 160):op.start()].split()[-6:])
            ctm = _times(tuple(nums), ctm) if len(nums) == 6 else ctm
            pos = op.end()
            continue
        bt = op
        et = _ET.search(data, bt.end())
        if et is None:
            break
        x, y = _first_glyph(data, bt.end(), min(et.start(), bt.end() + 600), ctm)
        if y is not None and ((limit is not None and y > limit)
                              or (below is not None and y < below)
                              or (x is not None and any(r[0] <= x <= r[2] and r[1] <= y <= r[3]
                                                        for r in rects or ()))):
            out.append(data[last:bt.start()])
            last = et.end()
        pos = et.end()
    out.append(data[last:])
    return b"".join(out) if len(out) > 1 else data
