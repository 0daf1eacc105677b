"""Briefer's own fields in a REFI-QDA project: where each goes, written so that other tools
show it readably and Briefer's import reads it back exactly. Shared by :mod:`refi_export`
and :mod:`refi_import`; pure text, no project.

The standard (REFI-QDA 1.5, ``Project.xsd``) has no field for an analyst's star, a source
grade or a key judgment, so each goes in the carrier the standard does have that other
tools display best:

- **Starred quotes** are coded with a top-level code "Starred" (``STARRED_CODE``). A ``Set``
  cannot carry them (a Set's members are codes, sources and notes, never selections) and a
  Description word is invisible in most tools, whereas every QDA tool lists a code's
  segments ("retrieve all starred quotes" works in NVivo, MAXQDA and ATLAS.ti alike). The
  import turns that code back into the star (it is not a theme); older Briefer files said
  "starred" in the selection's Description, which is still read.
- **Key judgments** are project-level ``Note``s (a Note is a text source whose
  ``PlainTextContent`` is its text), gathered in a ``Set`` named "Key judgments"
  (``MemberNote``s, in the brief's order: ATLAS.ti shows it as a memo group), and each
  selection a judgment rests on refers to it with a ``NoteRef`` (the memo is linked to its
  evidence in every tool). The note's ``name`` is the judgment's statement and its text
  reads as a short form (:func:`judgment_text`)::

      Key judgment: Russia will keep the corridor open.
      Likelihood: likely (55–80 %)
      Confidence: moderate
      Basis: Two independent official sources.

  :func:`parse_judgment` reads that back exactly (the statement from the name, the rest
  line by line, the basis to the end, even over several lines).
- **A quote's sourcing** (speaker, "as quoted in", credibility, translation, event date,
  print note, excluded) is ``key: value`` lines in the selection's ``Description`` (which
  MAXQDA and QualCoder show as the segment's comment); a value with a line break or edge
  white space is written as a JSON string so that it reads back exactly. The quote's own
  note stays a ``Note`` of its own (``NoteRef``), as before.
- **The brief's own text** (title, subtitle, marking, summary, scope, cut-off, outlook,
  indicators, gaps) is one project-level ``Note`` each, named "Brief: Summary" and so on,
  referred to by the ``Project``'s own ``NoteRef`` (the standard's "notes that apply to the
  project as a whole"), its text exactly the setting's. An import fills only what the
  project has not written itself.
- **A document's grading** (source type, reliability A–F and why), when it was accessed and
  its PDF page starts are the standard's ``Variables`` (text variables, one
  ``VariableValue`` each on the ``TextSource``): NVivo, MAXQDA and QualCoder show them as
  document attributes/variables. Outlet, author, date, language and URL stay ``key: value``
  lines of the source's ``Description``, as in earlier exports.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .grading import CREDIBILITY, LIKELIHOOD, SOURCE_TYPES, likelihood_words
from .records import Document, Judgment, Quote

STARRED_CODE = "Starred"
STARRED_DESCRIPTION = "Quotes the analyst starred in Briefer."
JUDGMENTS_SET = "Key judgments"
JUDGMENTS_DESCRIPTION = ("The key judgments of the brief, in order; each note is linked to "
                         "the selections it rests on.")
JUDGMENT_HEAD = "Key judgment: "
NO_LIKELIHOOD = "not stated"

#: Quote field -> key of its line in the selection's Description.
QUOTE_LINES: tuple[tuple[str, str], ...] = (
    ("speaker", "speaker"), ("carrier", "as quoted in"), ("credibility", "credibility"),
    ("translation", "translation"), ("event_date", "event date"),
    ("print_note", "print note"), ("excluded", "excluded"))
#: Document field -> name of its REFI-QDA variable.
DOC_VARIABLES: tuple[tuple[str, str], ...] = (
    ("source_type", "Source type"), ("reliability", "Reliability"),
    ("reliability_reason", "Reliability reason"), ("accessed", "Accessed"),
    ("pages", "Page starts"))

#: Project setting -> its name in the brief note "Brief: <name>".
BRIEF_NOTES: tuple[tuple[str, str], ...] = (
    ("title", "Title"), ("subtitle", "Subtitle"), ("marking", "Marking"),
    ("summary", "Summary"), ("scope", "Scope"), ("cutoff", "Cut-off"), ("outlook", "Outlook"),
    ("indicators", "Indicators"), ("gaps", "Gaps"))
BRIEF_PREFIX = "Brief: "

_SOURCE_TYPE_OF = {**{w: k for k, w in SOURCE_TYPES.items()}, **{k: k for k in SOURCE_TYPES}}
_LIKELIHOOD_OF = {w: k for k, (w, _span) in LIKELIHOOD.items()}
_JUDGMENT_TAIL = re.compile(r"Likelihood: ([^\n]*)\nConfidence: ([^\n]*)(?:\nBasis:[ ]?(.*))?\s*\Z",
                            re.DOTALL)


def encode(value: str) -> str:
    """A value as one line: as it is, or a JSON string when it would not read back exactly."""
    if "\n" in value or "\r" in value or value != value.strip() or value.startswith('"'):
        return json.dumps(value, ensure_ascii=False)
    return value


def decode(value: str) -> str:
    if value.startswith('"'):
        try:
            decoded = json.loads(value)
        except ValueError:
            return value
        return decoded if isinstance(decoded, str) else value
    return value


def lines(text: str) -> dict[str, str]:
    """The ``key: value`` lines of a Description (keys in lower case)."""
    out = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            out[key.strip().casefold()] = decode(value.strip())
    return out


# -- quotes -----------------------------------------------------------------------------------
def quote_description(q: Quote) -> str:
    """A quote's sourcing as ``key: value`` lines (only what differs from the defaults)."""
    out = []
    for name, key in QUOTE_LINES:
        value = getattr(q, name)
        if name == "credibility":
            if value != 6:
                out.append(f"{key}: {value} ({CREDIBILITY.get(value, '')})")
        elif isinstance(value, bool):
            if value:
                out.append(f"{key}: yes")
        elif value:
            out.append(f"{key}: {encode(str(value))}")
    return "\n".join(out)


def quote_sourcing(description: str) -> tuple[dict[str, Any], str]:
    """The sourcing arguments (``attribution.SOURCING_ARGS``) a Briefer selection's
    Description gives, and what is left of it (lines that are not Briefer's)."""
    given: dict[str, Any] = {}
    rest = []
    keys = {key: name for name, key in QUOTE_LINES}
    for line in description.splitlines():
        key, sep, value = line.partition(":")
        name = keys.get(key.strip().casefold()) if sep else None
        if name is None:
            if line.strip() != "starred":
                rest.append(line)
            continue
        value = decode(value.strip())
        if name == "credibility":
            digits = re.match(r"\d+", value)
            given[name] = int(digits.group()) if digits else None
        elif name in ("print_note", "excluded"):
            given[name] = value.casefold() in ("yes", "true", "1")
        else:
            given[name] = value
    return given, "\n".join(rest).strip()


def old_star(description: str) -> bool:
    """Earlier Briefer exports said "starred" in a starred quote's Description."""
    return "starred" in (line.strip() for line in description.splitlines())


# -- documents --------------------------------------------------------------------------------
def document_variables(doc: Document) -> list[tuple[str, str]]:
    """(variable name, text) for each grading field of ``doc`` worth writing."""
    out = []
    for name, variable in DOC_VARIABLES:
        value = getattr(doc, name)
        if name == "source_type":
            value = SOURCE_TYPES.get(value, value) if value != "unknown" else ""
        elif name == "pages":
            value = " ".join(str(p) for p in value)
        if value:
            out.append((variable, str(value)))
    return out


def document_fields(variables: dict[str, str]) -> dict[str, Any]:
    """Document fields from a source's variables (names matched in any case)."""
    given = {k.casefold(): v for k, v in variables.items()}
    out: dict[str, Any] = {}
    for name, variable in DOC_VARIABLES:
        value = given.get(variable.casefold(), "").strip()
        if not value:
            continue
        if name == "source_type":
            value = _SOURCE_TYPE_OF.get(value.casefold(), "other")
        elif name == "reliability":
            value = value[:1].upper()
        elif name == "pages":
            try:
                out[name] = [int(p) for p in value.split()]
            except ValueError:
                pass
            continue
        out[name] = value
    return out


# -- judgments --------------------------------------------------------------------------------
def judgment_text(j: Judgment) -> str:
    """A judgment as its note's text (see the module docstring)."""
    likelihood = likelihood_words(j.likelihood) or NO_LIKELIHOOD
    return (f"{JUDGMENT_HEAD}{j.text}\nLikelihood: {likelihood}\nConfidence: {j.confidence}\n"
            f"Basis: {j.basis}")


def is_judgment(text: str) -> bool:
    return text.startswith(JUDGMENT_HEAD)


def is_judgment_note(text: str) -> bool:
    """Whether ``text`` is a whole judgment note (``judgment_text``'s form: the head, then
    the likelihood and confidence lines), not just a note that starts with the head."""
    if not is_judgment(text):
        return False
    cuts = [m.start() for m in re.finditer("\nLikelihood: ", text)]
    return any(_JUDGMENT_TAIL.match(text[cut + 1:]) for cut in cuts)


def parse_judgment(name: str, text: str) -> dict[str, Any] | None:
    """text, likelihood (a key or None), confidence and basis of a judgment note, or None
    when the note is not in that form. The statement is the note's name when the text
    begins with it (exact even over several lines), else the text's first part."""
    if not is_judgment(text):
        return None
    body = text[len(JUDGMENT_HEAD):]
    if name and body.startswith(name + "\n") and _JUDGMENT_TAIL.match(body[len(name) + 1:]):
        statement, tail = name, body[len(name) + 1:]
    else:
        cut = body.find("\nLikelihood: ")
        statement, tail = (body, "") if cut < 0 else (body[:cut], body[cut + 1:])
    m = _JUDGMENT_TAIL.match(tail)
    likelihood = confidence = None
    basis = ""
    if m:
        words = m.group(1).split(" (", 1)[0].strip().casefold()
        likelihood = _LIKELIHOOD_OF.get(words)
        confidence = m.group(2).strip().casefold() or None
        basis = m.group(3) or ""        # exactly as written: white space is the analyst's
    return {"text": statement.strip(), "likelihood": likelihood,
            "confidence": confidence or "moderate", "basis": basis}


# -- the brief --------------------------------------------------------------------------------
def brief_notes(settings: dict[str, str], defaults: dict[str, str]) -> list[tuple[str, str, str]]:
    """(setting, note name, text) for each section of the brief the analyst has written."""
    return [(key, BRIEF_PREFIX + label, settings[key]) for key, label in BRIEF_NOTES
            if settings.get(key, "").strip() and settings[key] != defaults.get(key)]


def brief_setting(note_name: str) -> str | None:
    """The setting a note named "Brief: Summary" holds, or None."""
    if not note_name.startswith(BRIEF_PREFIX):
        return None
    label = note_name[len(BRIEF_PREFIX):].strip().casefold()
    return next((key for key, name in BRIEF_NOTES if name.casefold() == label), None)
