"""WeasyPrint and pydyf made faster for a big brief: the same pages, the same text.

Each is measured on bench_brief's 1,000-quote brief (README): the cycle collector off while
laying out and writing, streams compressed at zlib level 6, pydyf's page references built
once a page, and a user-agent style sheet without the rules that give every element five
pseudo-elements the brief never has (footnote and note calls and markers).
"""

from __future__ import annotations

import gc
import re
from contextlib import contextmanager
from functools import lru_cache
from types import SimpleNamespace


@contextmanager
def no_cycle_collection():
    """Python's cycle collector off while WeasyPrint lays out and writes the brief.

    It makes a few hundred thousand boxes and style dicts, and each full collection walks
    them all: about 3 s of a 1,000-quote brief's CPU (bench_brief), for no memory back
    (the peak is the same). Turned on again afterwards if it was on.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


#: zlib level of the PDF's streams. pydyf compresses at 9: 1.0 s of CPU more than 6 for a
#: 1,000-quote brief, whose PDF 6 makes 3 % larger (1.50 MB, not 1.46; bench_brief).
ZLIB_LEVEL = 6


@contextmanager
def stream_compression(level: int):
    """pydyf compresses the PDF's streams at ``level`` while the brief is written."""
    import zlib

    import pydyf

    original = pydyf.zlib
    pydyf.zlib = SimpleNamespace(
        compressobj=lambda *args, **kwargs: zlib.compressobj(level),
        compress=lambda data, *args, **kwargs: zlib.compress(data, level))
    try:
        yield
    finally:
        pydyf.zlib = original


def _page_references(pdf) -> tuple[bytes, ...]:
    """pydyf's ``PDF.page_references``, built again only when a page was added."""
    kids = pdf.pages["Kids"]
    cached = pdf.__dict__.get("_briefer_page_references")
    if cached is None or cached[0] is not kids or cached[1] != len(kids):
        refs = tuple(f"{number} 0 R".encode("ascii") for number in kids[::3])
        cached = pdf.__dict__["_briefer_page_references"] = (kids, len(kids), refs)
    return cached[2]


def quick_page_references() -> None:
    """Make pydyf's ``PDF.page_references`` remember its tuple between pages.

    WeasyPrint's PDF/UA tagging reads it once for each structure element (41,000 of them
    in a 1,000-quote brief) and pydyf rebuilds the tuple of every page's reference each
    time: 5.7 million references, 1-2 s of CPU. Same value, built once a page.
    """
    import pydyf

    current = getattr(pydyf.PDF, "page_references", None)
    if isinstance(current, property) and current.fget is not _page_references:
        pydyf.PDF.page_references = property(_page_references, doc=current.__doc__)


#: Rules of WeasyPrint's user-agent style sheet that give every element of the brief a
#: pseudo-element's style: a footnote or note call or marker (the brief has none) and a
#: list marker (only list items have one). Each element's five or six, made up front,
#: were two thirds of the styles computed (80,000 of 127,000): 0.5 s of CPU.
_EVERY_ELEMENT = re.compile(r"^::(?:footnote|note)-[\w-]+ \{[^}\n]*\}\n", re.M)
_ANY_MARKER = re.compile(r"^::marker \{", re.M)


def user_agent_text() -> str:
    """WeasyPrint's user-agent style sheet less the rules above (``li::marker``, not every
    element's ``::marker``)."""
    from weasyprint import html as ua

    return _ANY_MARKER.sub("li::marker, summary::marker {", _EVERY_ELEMENT.sub("", ua.UA))


@lru_cache(maxsize=1)
def user_agent_sheet():
    import logging

    from weasyprint import CSS
    from weasyprint import html as ua

    logger = logging.getLogger("weasyprint")
    level = logger.level          # WeasyPrint's own sheet warns of two @counter-style rules
    logger.setLevel(logging.ERROR)   # it cannot redefine: once, when WeasyPrint is imported
    try:
        return CSS(string=user_agent_text(), counter_style=ua.UA_COUNTER_STYLE)
    finally:
        logger.setLevel(level)


@lru_cache(maxsize=1)
def brief_html():
    """``weasyprint.HTML`` with ``user_agent_sheet`` as its user-agent style sheet."""
    import weasyprint
    from weasyprint import html as ua

    class BriefHTML(weasyprint.HTML):
        def _ua_stylesheets(self, forms=False):
            return [user_agent_sheet()] + ([ua.UA_FORM_STYLESHEET] if forms else [])

    return BriefHTML
