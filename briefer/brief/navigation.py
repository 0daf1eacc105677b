"""Navigation added to the rendered PDF: the outline, `[n]` links and the page numbers of
the contents list and of the sources.

Neither Debian's wkhtmltopdf (unpatched Qt) nor QPdfWriter writes outlines or internal
links, so they are found in the rendered pages' text and added afterwards with pypdf, as
the page furniture is. The positions come from the words of the text layer
(``pdftotext -bbox``, poppler; pypdf's text extraction when poppler is missing, slower):
a section heading is the word "N." followed by its title's first word, a key judgment the
word "KJn", a citation the word "[n]" before the Sources heading, a source's entry the word
"[n]" after it.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link
from pypdf.generic import Fit

from .model import Brief
from .sourcing import chronology

_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                   r'(.*?)</word>')
SPLIT_PAGES = 40           # pages per pdftotext process, at the least
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
#: "[3]", and the "[3" of "[3 · B2]" or "[3, p. 4 · B2]" (a citation with its grade).
_CITE = re.compile(r"^\[(\d+)(?:\]|,)?[.,;:)]*$")
#: The placeholder typeset where a page number goes: "@h3#" (the contents' page of heading
#: 3), "@s12#" (the pages citing source 12). Found in the text layer, erased from the page and
#: replaced by the number, drawn in its place (``number_labels``).
_PLACEHOLDER = re.compile(r"^@([hs])(\d+)#$")


def placeholder(kind: str, key: int) -> str:
    return f"@{kind}{key}#"


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    top: float          # from the top of the page, in points
    x1: float
    bottom: float


@dataclass
class Heading:
    number: int          # as printed: "N."
    title: str
    kind: str            # "part" (bluf, judgments, actors, matrix, sources) or "section"


@dataclass
class Layout:
    """Where things landed: (page index, top in points) and citation rectangles."""
    heights: list[float]
    headings: list[tuple[int, float] | None] = field(default_factory=list)
    judgments: list[tuple[int, float] | None] = field(default_factory=list)
    citations: list[tuple[int, Word, int]] = field(default_factory=list)   # page, word, n
    sources: dict[int, tuple[int, float]] = field(default_factory=dict)
    placeholders: list[tuple[int, Word, str, int]] = field(default_factory=list)  # page, word,
    #                                                                       kind, key
    clipped: set[int] = field(default_factory=set)     # pages with words in hidden margins
    words: list[list[Word]] = field(default_factory=list)  # each page's words (``locate``)

    def cited_pages(self) -> dict[int, list[int]]:
        """Source number → the page numbers (1-based) that cite it."""
        pages: dict[int, set[int]] = {}
        for page, _, n in self.citations:
            pages.setdefault(n, set()).add(page + 1)
        return {n: sorted(p) for n, p in pages.items()}

    def heading_pages(self) -> list[int | None]:
        return [None if h is None else h[0] + 1 for h in self.headings]


def headings(brief: Brief) -> list[Heading]:
    """The numbered headings of the brief, in the template's order."""
    titles: list[tuple[str, str]] = [("Bottom line up front", "part")]
    if brief.scope or brief.cutoff:
        titles.append(("Scope and cut-off", "part"))
    if brief.judgments:
        titles.append(("Key judgments", "part"))
    if brief.outlook or brief.indicators:
        titles.append(("Outlook and indicators", "part"))
    if brief.sources:
        titles.append(("Source summary", "part"))
    if chronology(brief):
        titles.append(("Chronology", "part"))
    if brief.actors:
        titles.append(("Key actors", "part"))
    titles += [(s.title, "section") for s in brief.sections]
    if brief.matrix.actors and brief.matrix.themes:
        titles.append(("Actors by theme", "part"))
    if brief.gaps:
        titles.append(("Information gaps", "part"))
    if brief.sources:
        titles.append(("Sources", "part"))
    return [Heading(i, title, kind) for i, (title, kind) in enumerate(titles, 1)]


def page_ranges(pages: list[int]) -> str:
    """[2, 3, 4, 7] → "2–4, 7"."""
    out: list[list[int]] = []
    for p in pages:
        if out and out[-1][1] == p - 1:
            out[-1][1] = p
        else:
            out.append([p, p])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in out)


# -- words of the text layer --------------------------------------------------------------
def page_words(pdf: Path) -> tuple[list[list[Word]], list[float]]:
    """The words of each page (top-left origin) and each page's height."""
    exe = shutil.which("pdftotext")
    return _poppler_words(exe, pdf) if exe else _pypdf_words(pdf)


def _poppler_text(exe: str, pdf: Path) -> str:
    """``pdftotext -bbox`` of the whole PDF; a long one in up to four page ranges read at
    once (one process each, on as many cores), joined in order."""
    count = len(PdfReader(str(pdf)).pages)
    parts = max(1, min(4, os.cpu_count() or 1, count // SPLIT_PAGES))
    bounds = [count * i // parts for i in range(parts + 1)]
    runs = [subprocess.Popen([exe, "-bbox", "-enc", "UTF-8", "-f", str(a + 1), "-l", str(b),
                              str(pdf), "-"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for a, b in zip(bounds, bounds[1:])]
    try:
        outs = []
        for run in runs:
            out, err = run.communicate(timeout=600)
            if run.returncode:
                raise subprocess.CalledProcessError(run.returncode, run.args, out, err)
            outs.append(out.decode("utf-8", "replace"))
        return "".join(outs)
    finally:
        for run in runs:
            if run.poll() is None:
                run.kill()
                run.wait()


def _poppler_words(exe: str, pdf: Path) -> tuple[list[list[Word]], list[float]]:
    out = _poppler_text(exe, pdf)
    pages: list[list[Word]] = []
    heights: list[float] = []
    for chunk in out.split("<page ")[1:]:
        size = _PAGE.match("<page " + chunk)
        heights.append(float(size.group(2)) if size else 842.0)
        pages.append([Word(html.unescape(t) if "&" in t else t, float(x0), float(y0),
                           float(x1), float(y1)) for x0, y0, x1, y1, t in _WORD.findall(chunk)])
    return pages, heights


def _pypdf_words(pdf: Path) -> tuple[list[list[Word]], list[float]]:
    reader = PdfReader(str(pdf))
    pages, heights = [], []
    for page in reader.pages:
        height = float(page.mediabox.height)
        words: list[Word] = []

        def visit(text, cm, tm, _font, size, words=words, height=height):
            scale = abs(tm[3] * cm[3]) or 1.0
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            em = size * scale
            for m in re.finditer(r"\S+", text.replace("\xa0", " ")):
                x0 = x + m.start() * em * 0.55
                words.append(Word(m.group(), x0, height - y - em * 0.8,
                                  x0 + len(m.group()) * em * 0.55, height - y + em * 0.2))

        page.extract_text(visitor_text=visit)
        pages.append(words)
        heights.append(height)
    return pages, heights


# -- finding things ---------------------------------------------------------------------
def _first_word(title: str) -> str:
    words = title.split()
    return words[0][:8] if words else ""


def locate(pages: list[list[Word]], heights: list[float], brief: Brief) -> Layout:
    """Find the headings, key judgments, citations and source entries, in reading order."""
    layout = Layout(heights, words=pages)
    wanted = headings(brief)
    stream = [(p, i, w) for p, words in enumerate(pages) for i, w in enumerate(words)]
    found: list[tuple[int, float] | None] = []
    at = 0                          # position in the stream: headings come in order
    index_of: dict[str, int] = {}
    for h in wanted:
        first, hit = _first_word(h.title), None
        for k in range(at, len(stream)):
            p, i, w = stream[k]
            if w.text.strip("\xa0") != f"{h.number}.":
                continue
            following = " ".join(x.text for x in pages[p][i + 1:i + 4])
            if not first or first in following or following.startswith(first[:4]):
                hit = k
                break
        if hit is None:
            found.append(None)
            continue
        p, _, w = stream[hit]
        found.append((p, w.top))
        index_of.setdefault(h.title if h.kind == "part" else "", hit)
        at = hit + 1
    layout.headings = found
    sources_at = index_of.get("Sources", len(stream))
    kj_from = index_of.get("Key judgments", 0)
    numbers = iter(j.number for j in brief.judgments)
    expected = next(numbers, None)
    for k, (p, _, w) in enumerate(stream):
        mark = _PLACEHOLDER.match(w.text)
        if mark:
            layout.placeholders.append((p, w, mark.group(1), int(mark.group(2))))
            continue
        if expected is not None and k >= kj_from and w.text == f"KJ{expected}":
            layout.judgments.append((p, w.top))
            expected = next(numbers, None)
        cite = _CITE.match(w.text)
        if cite:
            n = int(cite.group(1))
            if k < sources_at:
                layout.citations.append((p, w, n))
            elif n not in layout.sources:
                layout.sources[n] = (p, w.top)
    return layout


# -- writing ------------------------------------------------------------------------------
def _fit(layout: Layout, page: int, top: float) -> Fit:
    return Fit.xyz(left=0, top=layout.heights[page] - max(0.0, top - 12), zoom=0)


def add_navigation(writer: PdfWriter, layout: Layout, brief: Brief) -> None:
    """The outline (sections, each theme or actor, each key judgment) and a link on every
    citation to its source's entry."""
    group = None
    for h, where in zip(headings(brief), layout.headings):
        if where is None:
            continue
        fit = _fit(layout, *where)
        if h.kind == "section":
            if group is None:
                label = "Quotes by " + brief.group_by
                group = writer.add_outline_item(title=label, page_number=where[0], fit=fit)
            writer.add_outline_item(title=h.title, page_number=where[0], parent=group, fit=fit)
            continue
        item = writer.add_outline_item(title=f"{h.number}. {h.title}", page_number=where[0],
                                       fit=fit)
        if h.title == "Key judgments":
            for j, at in zip(brief.judgments, layout.judgments):
                if at is None:
                    continue
                writer.add_outline_item(title=f"KJ{j.number}: {_short(j.text)}",
                                        page_number=at[0], parent=item, fit=_fit(layout, *at))
    for page, word, n in layout.citations:
        target = layout.sources.get(n)
        if target is None:
            continue
        height = layout.heights[page]
        rect = (word.x0 - 1, height - word.bottom - 1, word.x1 + 1, height - word.top + 1)
        writer.add_annotation(page, Link(rect=rect, target_page_index=target[0],
                                         fit=_fit(layout, *target), border=[0, 0, 0]))
    writer.page_mode = "/UseOutlines"


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"
