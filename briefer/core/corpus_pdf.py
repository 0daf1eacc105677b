"""A PDF's text layer, page by page, as one text with its page boundaries kept.

pypdf reads the text (chosen by measurement, see README "Importing"): lines within a page
are kept as lines, pages are separated by a blank line, and ``pages`` lists the code-point
offset at which each page starts, so a quote knows its page. A word hyphenated at a line's
end is joined ("interna-" + "tional" -> "international"); a line repeated at the top or the
bottom of most pages (a running header or footer, page numbers) is dropped. A PDF with no
text layer (a scan) is refused with a message that says so.
"""

from __future__ import annotations

import bisect
import io
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from briefer.core import metadata
from briefer.core.text import plural

_EDGE = 2                 # lines at the top and at the bottom of a page checked for furniture
_REPEATED_SHARE = 0.6     # a line on at least this share of pages (3 or more) is furniture
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?[-–—\s]*\d{1,4}(?:\s*(?:/|of|von|de|sur)\s*\d{1,4})?"
                          r"[-–—\s]*$", re.I)
_HYPHENATED = re.compile(r"(?<=[^\W\d_])-$")


class NoTextLayer(Exception):
    """The PDF has pages but no text on them."""


class Unreadable(Exception):
    """pypdf cannot read the file (damaged, encrypted with a password)."""


@dataclass
class PdfText:
    text: str
    pages: list[int]                      # code-point offset of each page's start
    title: str | None = None
    author: str | None = None
    date: str | None = None
    notes: list[str] = field(default_factory=list)


def read_pdf(data: bytes) -> PdfText:
    """The text of a PDF's pages (see the module's docstring); NoTextLayer, Unreadable."""
    import logging

    import pypdf
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # warnings about odd but readable files
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise Unreadable("it is protected by a password; save an unprotected copy")
        raw_pages = [page.extract_text() or "" for page in reader.pages]
        info: Any = reader.metadata or {}
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise Unreadable(f"it is not a readable PDF ({exc})") from None
    if not raw_pages:
        raise Unreadable("it has no pages")
    page_lines = [[" ".join(line.split()) for line in text.splitlines()] for text in raw_pages]
    page_lines = [[line for line in lines if line] for lines in page_lines]
    if not any(page_lines):
        raise NoTextLayer(f"it has no text layer ({plural(len(raw_pages), 'page')} of images only, "
                          "e.g. a scan); run OCR on it first (e.g. ocrmypdf) and import the result")
    furniture = _furniture(page_lines)
    texts = [_join_hyphenated([ln for i, ln in enumerate(lines)
                               if not _is_furniture(ln, i, len(lines), furniture)])
             for lines in page_lines]
    out, starts, at = [], [], 0
    for i, text in enumerate(texts):
        if i:
            out.append("\n\n")
            at += 2
        starts.append(at)
        out.append(text)
        at += len(text)
    full = "".join(out)
    first = next((t for t in texts if t.strip()), "")
    guessed = metadata.guess_metadata(first)
    title = _real_title(_info(info, "/Title")) or guessed["title"]
    author = metadata.clean_authors(_info(info, "/Author")) or guessed["author"]
    date = _pdf_date(_info(info, "/CreationDate")) or guessed["date"]
    return PdfText(full, starts, title, author, date)


def page_of(pages: list[int] | tuple[int, ...] | str | None, offset: int) -> int | None:
    """1-based page holding code point ``offset``; ``pages`` as stored (a JSON list) or a
    list. None when the document has no pages (not a PDF) or they cannot be read."""
    if isinstance(pages, str):
        try:
            pages = json.loads(pages)
        except ValueError:
            return None
    if not pages or not isinstance(pages, (list, tuple)):
        return None
    return max(1, bisect.bisect_right(pages, offset))


def _key(line: str) -> str:
    """Running headers number their pages ("Report 2026 · 3 of 30"): short lines match with
    their numbers masked; longer lines (body text) only when they repeat exactly."""
    folded = line.casefold()
    return re.sub(r"\d+", "#", folded) if len(line.split()) <= 10 else folded


def _furniture(page_lines: list[list[str]]) -> set[str]:
    """Normalised lines found at a page's edge on most pages."""
    if len(page_lines) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines in page_lines:
        edge = lines[:_EDGE] + lines[-_EDGE:]
        counts.update({_key(line) for line in edge})
    return {k for k, n in counts.items() if n >= max(3, _REPEATED_SHARE * len(page_lines))}


def _is_furniture(line: str, index: int, count: int, furniture: set[str]) -> bool:
    at_edge = index < _EDGE or index >= count - _EDGE
    return at_edge and (_key(line) in furniture or bool(_PAGE_NUMBER.match(line)))


def _join_hyphenated(lines: list[str]) -> str:
    out: list[str] = []
    for line in lines:
        if out and _HYPHENATED.search(out[-1]) and line[:1].islower():
            out[-1] = out[-1][:-1] + line
        else:
            out.append(line)
    return "\n".join(out)


def _info(info, key: str) -> str | None:
    try:
        value = info.get(key)
    except Exception:  # a damaged info dictionary is not worth refusing the file
        return None
    value = " ".join(str(value).split()) if value else ""
    return value or None


def _real_title(title: str | None) -> str | None:
    """A PDF's /Title unless it is a tool's placeholder ("untitled", "Microsoft Word - x.doc")."""
    title = re.sub(r"^Microsoft (?:Word|PowerPoint) - ", "", title or "")
    if re.fullmatch(r"(?i)untitled(?:\s*\d*)?|title|document\d*|unknown|none|"
                    r".+\.(?:docx?|odt|rtf|pdf|indd|tex|qxp)", title):
        return None
    return title or None


def _pdf_date(value: str | None) -> str | None:
    m = re.match(r"^(?:D:)?(\d{4})(\d{2})(\d{2})", value or "")
    return f"{m[1]}-{m[2]}-{m[3]}" if m and metadata.find_date(f"{m[1]}-{m[2]}-{m[3]}") else None
