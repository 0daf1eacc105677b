"""User data (a theme's name, a file path) in the text of a button, action or menu."""

from __future__ import annotations


def literal(text: str) -> str:
    """``text`` to show as it is on a button, action or menu: Qt reads "&" there as the
    mark of a keyboard shortcut (it underlines the next letter and hides the "&"), so it is
    doubled ("Identity & trust" → "Identity && trust", shown as typed)."""
    return text.replace("&", "&&")
