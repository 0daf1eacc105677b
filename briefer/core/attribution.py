"""Who said a quote and who carried it: turning what the analyst typed into stored values,
checking the other sourcing fields of a quote, and suggesting speakers from the text.

**The rule for a speaker or carrier** (the same in the app, the CLI and the W3C import):
what is typed is stripped; if it is the id, name or an alias (any case) of an actor of the
codebook, the quote stores that actor's id and no text; anything else is stored as free
text ("unnamed Taiwanese analyst") and no actor is created; "" clears both.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from . import validate
from .codebook import Codebook
from .errors import NotFound
from .records import Actor

#: Keyword arguments of ``quotes.add`` / ``quotes.update`` for sourcing.
SOURCING_ARGS = ("speaker", "carrier", "credibility", "translation", "print_note", "excluded",
                 "event_date")
#: The longest speaker or carrier description (characters).
MAX_PERSON = validate.MAX_NAME * 5
#: How far before a quote (code points) speaker suggestions look.
SUGGEST_WINDOW = 300


def person(codebook: Codebook, value: str, what: str) -> tuple[str | None, str]:
    """(actor id, text) for a speaker or carrier as typed (see the module's rule)."""
    value = " ".join(validate.text(value or "", what, MAX_PERSON).split())
    if not value:
        return None, ""
    try:
        return codebook.resolve_actor(value), ""
    except NotFound:
        return None, value


def said_by(speaker: str, carrier: str) -> str:
    """Who said it as the brief prints it: "Zhu Rui (as quoted in ChinaTalk)", the speaker
    alone, "(as quoted in ChinaTalk)" when only the carrier is known, "" for neither."""
    speaker, carrier = (speaker or "").strip(), (carrier or "").strip()
    carried = f"(as quoted in {carrier})" if carrier else ""
    return f"{speaker} {carried}" if speaker and carried else speaker or carried


def sourcing_values(codebook: Codebook, given: Mapping[str, Any]) -> dict[str, Any]:
    """The quotes-table columns for the sourcing arguments given (None: left alone)."""
    values: dict[str, Any] = {}
    for key in ("speaker", "carrier"):
        if given.get(key) is not None:
            actor_id, text = person(codebook, given[key], key)
            values[f"{key}_actor_id"], values[f"{key}_text"] = actor_id, text
    if given.get("credibility") is not None:
        values["credibility"] = validate.credibility(given["credibility"])
    if given.get("translation") is not None:
        values["translation"] = validate.text(given["translation"], "translation",
                                              validate.MAX_TRANSLATION).strip()
    for flag in ("print_note", "excluded"):
        if given.get(flag) is not None:
            values[flag] = int(bool(given[flag]))
    if given.get("event_date") is not None:
        values["event_date"] = validate.iso_date(given["event_date"], "event date")
    return values


def suggest_speakers(actors: list[Actor], text: str, start: int,
                     window: int = SUGGEST_WINDOW) -> list[Actor]:
    """Actors whose name or an alias occurs in the ``window`` code points of ``text`` just
    before ``start`` (e.g. "Zhu wrote:"), nearest first; each actor once."""
    before = text[max(0, start - window):max(0, start)]
    nearest: dict[str, tuple[int, Actor]] = {}
    for actor in actors:
        for term in (actor.name, *actor.aliases):
            end = _last_end(term, before)
            if end is not None:
                distance = len(before) - end
                if actor.id not in nearest or distance < nearest[actor.id][0]:
                    nearest[actor.id] = (distance, actor)
    return [a for _, a in sorted(nearest.values(), key=lambda pair: (pair[0], pair[1].name))]


def _last_end(term: str, text: str) -> int | None:
    """End of the last occurrence of ``term`` in ``text``: whole words, any case (CJK terms
    as substrings, having no word breaks)."""
    if not term:
        return None
    if any(ord(ch) > 0x2E80 for ch in term):
        index = text.rfind(term)
        return None if index < 0 else index + len(term)
    ends = [m.end() for m in re.finditer(rf"(?<!\w){re.escape(term)}(?!\w)", text, re.IGNORECASE)]
    return ends[-1] if ends else None
