"""The sources' "Cited on pages" column of the WeasyPrint brief, in one layout.

The brief is laid out once with each source's cell holding, on lines of their own, as
many placeholders ("@c12.1#", "@c12.2#", …) as ``pagenumbers`` reserves lines for the
other engines (one for every three citations, six at most). The pages citing each source
are read from the laid-out pages before the sources (the words "[n]" and "[n" of
"[n · B2]", as the other engines read their text layer); each list ("2–4, 7, 9") is
wrapped after its commas to the cell's width and written over the placeholders' text, one
line each, before the pages are drawn: nothing moves, the links, outline and tags are
WeasyPrint's own. The sources come last, so their rows move no earlier page: a list that
needs more lines than were reserved is the one case laid out again, the whole brief with
the lists in the cells (slower, always right).

Writing the text of a laid-out line is WeasyPrint's internals (``TextBox.text``, its Pango
layout's ``text``, both read again when the page is drawn); laying out the sources a second
time and combining the pages of two documents (``Document.copy``) did the same with its
public API, at 2.5–3 s more for a 1,000-quote brief and the sources on a page of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

from .navigation import page_ranges
from .pagenumbers import MOST_LINES, PER_LINE, wrap_after_commas

#: The id of the sources part's opening element (``wsources`` in the template).
PART_ID = "sources-part"
PART_OPEN = f'<div class="wsources" id="{PART_ID}">'
_CELL = re.compile(r'<div class="wcite"><!--cite (\d+)-->(?:[^<]|<br>)*</div>')
_LINK = re.compile(r'href="#src-(\d+)"')
#: A citation's word (as ``navigation`` reads the text layer): "[3]", "[3" of "[3 · B2]".
_CITE = re.compile(r"^\[(\d+)(?:\]|,)?[.,;:)]*$")
_HOLDER = re.compile(r"^@c(\d+)\.(\d+)#$")
EDGE = 0.5                  # CSS px kept free at the end of a line (rounding)


def cells(numbers) -> dict[int, Markup]:
    """The template's ``cited`` map: an empty cell for each source, named by a comment
    (``reserve`` gives it its placeholders, ``fill`` its pages)."""
    return {n: Markup(f'<div class="wcite"><!--cite {int(n)}--></div>') for n in numbers}


def reserve(html: str) -> str:
    """Give each source's cell a placeholder line for every ``PER_LINE`` citations of it
    before the sources part, at most ``MOST_LINES``, one at least."""
    body = html[:html.index(PART_OPEN)] if PART_OPEN in html else html
    counts: dict[str, int] = {}
    for m in _LINK.finditer(body):
        counts[m[1]] = counts.get(m[1], 0) + 1

    def cell(m: re.Match) -> str:
        lines = max(1, min(MOST_LINES, -(-counts.get(m[1], 0) // PER_LINE)))
        holders = "<br>".join(f"@c{m[1]}.{i}#" for i in range(1, lines + 1))
        return f'<div class="wcite"><!--cite {m[1]}-->{holders}</div>'

    return _CELL.sub(cell, html)


def fill(html: str, cited: dict[int, list[int]]) -> str:
    """``html`` with each source's cell listing the pages citing it ("2–4, 7"), wrapped
    after commas only: the HTML copy, and the brief laid out again."""
    def cell(m: re.Match) -> str:
        parts = page_ranges(cited.get(int(m[1]), [])).split(", ")
        pages = ", ".join(f'<span class="nowrap">{p}</span>' if "–" in p else p
                          for p in parts)             # a range never wraps at its dash
        return f'<div class="wcite"><!--cite {m[1]}-->{pages}</div>'

    return _CELL.sub(cell, html)


@dataclass
class Body:
    """Where the sources part begins (0-based page index) and the pages citing each
    source (1-based page numbers, in order)."""
    first: int
    cited: dict[int, list[int]]


def read_body(pages) -> Body | None:
    """The sources part's first page and the pages before the sources citing each source;
    None when the pages have no sources part.

    A citation is a word of the printed text reading "[n]", or "[n" of "[n · B2]": the
    ``[n]`` links, and a "[4]" the analyst typed in the text; a marker split over two pages
    counts where it starts.
    """
    first = next((i for i, page in enumerate(pages) if PART_ID in page.anchors), None)
    if first is None:
        return None
    from weasyprint.formatting_structure.boxes import TextBox

    cited: dict[int, set[int]] = {}
    for number, page in enumerate(pages[:first + 1], 1):
        root = page._page_box.children[0]             # the body's boxes, not the margins'
        for box in root.descendants():                # in the order they are printed
            if box.element is not None and box.element_tag == "div" \
                    and box.element.get("id") == PART_ID:
                break                                 # the sources: no more citations
            if isinstance(box, TextBox) and "[" in box.text:
                for word in box.text.split():
                    if m := _CITE.match(word):
                        cited.setdefault(int(m[1]), set()).add(number)
    return Body(first, {n: sorted(p) for n, p in cited.items()})


def number(pages, body: Body) -> bool:
    """Write each source's list of pages over its placeholders on the laid-out ``pages``;
    False (nothing written) when a list needs more lines than its cell has."""
    from weasyprint.formatting_structure.boxes import BlockContainerBox, TextBox
    from weasyprint.text.line_break import Layout, line_size

    holders: dict[int, list[tuple[int, object, float]]] = {}

    def visit(box, width: float) -> None:
        if isinstance(box, TextBox):
            if m := _HOLDER.match(box.text):
                holders.setdefault(int(m[1]), []).append((int(m[2]), box, width))
            return
        if isinstance(box, BlockContainerBox):    # the cell's lines are this wide
            width = box.width
        for child in getattr(box, "children", ()):
            visit(child, width)

    def measure(text: str, style) -> float:
        """The width of ``text`` on one line in ``style``, as the page will draw it."""
        layout = Layout(style)
        layout.set_text(text)
        return line_size(layout.get_first_line()[0], style)[0]

    for page in pages[body.first:]:
        visit(page._page_box, 0.0)
    plan: list[tuple[object, str]] = []
    for source, lines in holders.items():
        lines.sort(key=lambda line: line[0])
        _, first_box, width = lines[0]
        style = first_box.style                       # type: ignore[attr-defined]
        text = wrap_after_commas(page_ranges(body.cited.get(source, [])), width - EDGE,
                     lambda words, style=style: measure(words, style))
        if len(text) > len(lines):
            return False
        plan += [(box, text[i] if i < len(text) else "") for i, (_, box, _) in
                 enumerate(lines)]
    for box, line in plan:
        box.text = line                               # type: ignore[attr-defined]
        box.pango_layout.text = line                  # type: ignore[attr-defined]
    return True

