"""Colours of actors and themes: what is accepted (``#rrggbb``, or ``#rgb`` expanded) and
what is drawn for a colour stored before colours were checked (a palette colour)."""

from __future__ import annotations

import re
import zlib

from .errors import InvalidInput

#: Colours handed out in turn to new actors and themes (readable under black text).
PALETTE = ("#f4a261", "#8ecae6", "#b5e48c", "#ffafcc", "#cdb4db", "#ffd166", "#90be6d",
           "#f28482", "#84a59d", "#a0c4ff", "#e9c46a", "#bde0fe")
_HEX = re.compile(r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


def normal(value: object) -> str | None:
    """``value`` as ``#rrggbb`` in lower case (``#rgb`` expanded), or None if it is not one."""
    if not isinstance(value, str) or not _HEX.fullmatch(value.strip()):
        return None
    digits = value.strip()[1:].lower()
    return "#" + (digits if len(digits) == 6 else "".join(c * 2 for c in digits))


def checked(value: str, what: str = "Colour") -> str:
    """``value`` as ``#rrggbb``; anything else is refused with a one-line message."""
    colour = normal(value)
    if colour is None:
        raise InvalidInput(f"{what} must be #rrggbb (or #rgb), not {value!r}.")
    return colour


def drawable(value: object, key: str) -> str:
    """The colour to draw: ``value`` if it is one, else a palette colour chosen by ``key``
    (an actor's or theme's id), the same every time."""
    return normal(value) or PALETTE[zlib.crc32(key.encode("utf-8")) % len(PALETTE)]
