"""The sources' "Cited on pages" column of the WeasyPrint brief, from one typesetting of
the body.

The sources come last and start on a page of their own (``weasy.paged_css``), so their
length moves no earlier page. The whole brief is laid out once with each source's cell
holding blank lines reserved for its list of pages (as many as ``pagenumbers`` reserves
for the other engines); the pages citing each source are read from the links of the
laid-out body pages (each ``[n]`` is a link to its source's entry); then only the sources
part is laid out again with the lists in the cells, its first page numbered where the
sources began, and its pages take the place of the first layout's (WeasyPrint's
``Document.copy`` of the pages of both: the links, outline and tags are made from the
pages when the PDF is written). A list longer than its reserved lines can make the sources
part a page longer: then the brief is laid out again whole with the lists in it (slower,
always right).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

from .navigation import page_ranges
from .pagenumbers import MOST_LINES, PER_LINE

#: The id of the sources part's opening element (``wsources`` in the template).
PART_ID = "sources-part"
PART_OPEN = f'<div class="wsources" id="{PART_ID}">'
_CELL = re.compile(r'<div class="wcite( r\d+)?"><!--cite (\d+)--></div>')
_LINK = re.compile(r'href="#src-(\d+)"')
#: A citation's word (as ``navigation`` reads the text layer): "[3]", "[3" of "[3 · B2]".
_CITE = re.compile(r"^\[(\d+)(?:\]|,)?[.,;:)]*$")
LINE_EM = 1.2               # the cells' line height, in em (``CSS``)

CSS = (f".wcite {{ line-height: {LINE_EM}; }}\n"
       + "\n".join(f".wcite.r{n} {{ min-height: {n * LINE_EM:g}em; }}"
                   for n in range(2, MOST_LINES + 1)))


def cells(numbers) -> dict[int, Markup]:
    """The template's ``cited`` map for the first layout: an empty cell for each source,
    named by a comment (``reserve`` gives it its lines, ``fill`` its pages)."""
    return {n: Markup(f'<div class="wcite"><!--cite {int(n)}--></div>') for n in numbers}


def reserve(html: str) -> str:
    """Give each source's cell the lines its list will need: one for every ``PER_LINE``
    citations of it before the sources part, at most ``MOST_LINES``."""
    body = html[:html.index(PART_OPEN)] if PART_OPEN in html else html
    counts: dict[str, int] = {}
    for m in _LINK.finditer(body):
        counts[m[1]] = counts.get(m[1], 0) + 1

    def cell(m: re.Match) -> str:
        lines = min(MOST_LINES, -(-counts.get(m[2], 0) // PER_LINE))
        mark = f" r{lines}" if lines > 1 else ""
        return f'<div class="wcite{mark}"><!--cite {m[2]}--></div>'

    return _CELL.sub(cell, html)


def fill(html: str, cited: dict[int, list[int]]) -> str:
    """``html`` with each source's cell listing the pages citing it ("2–4, 7"), wrapped
    after commas only."""
    def cell(m: re.Match) -> str:
        parts = page_ranges(cited.get(int(m[2]), [])).split(", ")
        pages = ", ".join(f'<span class="nowrap">{p}</span>' if "–" in p else p
                          for p in parts)             # a range never wraps at its dash
        return f'<div class="wcite{m[1] or ""}"><!--cite {m[2]}-->{pages}</div>'

    return _CELL.sub(cell, html)


@dataclass
class Body:
    """Where the sources part begins (0-based page index) and the pages citing each
    source (1-based page numbers, in order)."""
    first: int
    cited: dict[int, list[int]]


def read_body(pages) -> Body | None:
    """The sources part's first page and the pages before it citing each source; None
    when the pages have no sources part.

    A citation is a word of the printed text reading "[n]", or "[n" of "[n · B2]" (as the
    other engines find them in the text layer, ``navigation``): the ``[n]`` links, and a
    "[4]" the analyst typed in the text; a marker split over two pages counts where it
    starts.
    """
    first = next((i for i, page in enumerate(pages) if PART_ID in page.anchors), None)
    if first is None:
        return None
    from weasyprint.formatting_structure.boxes import TextBox

    cited: dict[int, set[int]] = {}
    for number, page in enumerate(pages[:first], 1):
        for box in page._page_box.descendants():      # the laid-out boxes of the page
            if isinstance(box, TextBox) and "[" in box.text:
                for word in box.text.split():
                    if m := _CITE.match(word):
                        cited.setdefault(int(m[1]), set()).add(number)
    return Body(first, {n: sorted(p) for n, p in cited.items()})


def sources_part(html: str, first_page: int, total: int) -> str:
    """A document of the sources part of ``html`` alone (its head, style sheet included),
    numbered from ``first_page``, its running footer saying "of ``total``"."""
    head, body = html.split("<body>", 1)
    part = body[body.index(PART_OPEN):body.rindex("</body>")]
    numbering = (f"@page :first {{ counter-set: page {int(first_page)}; }}\n"
                 "@page { @bottom-right { content: \"Page \" counter(page) "
                 f'" of {int(total)}"; }} }}\n')
    head = head.replace("</style>", numbering + "</style>", 1)
    return f"{head}<body>\n{part}</body>\n</html>\n"
